/**
 * `@osauth/testing`: local endpoints that authenticate like the clouds do, for demos and
 * for your own tests. Independent of osauth's signing code by design.
 * @packageDocumentation
 */
export { startEmulator } from './start-emulator';
export type { Emulator, EmulatorOptions, EmulatorCredential, EmulatorFailure, RecordedRequest } from './emulator-types';
export { startAwsStsEmulator, type AwsStsEmulator, type AwsStsEmulatorOptions, type AwsStsCall } from './aws-sts-emulator';
export * from './alibaba';
export { seededRandom } from './seeded-random';
