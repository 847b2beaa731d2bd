/**
 * `@osauth/testing`: local endpoints that authenticate like the clouds do, for demos and
 * for your own tests. Independent of osauth's signing code by design.
 * @packageDocumentation
 */
export { startEmulator } from './start-emulator';
export type { EmulatorFrontDoor, FrontDoorRequest } from './front-door';
export type { Emulator, EmulatorOptions, EmulatorCredential, EmulatorFailure, RecordedRequest } from './emulator-types';
export { startAwsStsEmulator, type AwsStsEmulator, type AwsStsEmulatorOptions, type AwsStsCall } from './aws-sts-emulator';
export * from './alibaba';
export { seededRandom } from './seeded-random';
export type { LoopbackServer } from './loopback-server';
export { startLoopback, startRecordingServer, type ScriptedLoopbackServer, type RecordingServer, type RecordedHttpRequest, type ScriptedAnswer } from './scripted-servers';
export { startForwardProxy, type ForwardProxy, type ForwardProxyOptions, type ProxiedRequest } from './forward-proxy';
export { startTlsFront, type TlsFront } from './tls-front';
