export { startAlibabaEmulator } from './start-alibaba-emulator';
export { startAlibabaStsEmulator, type AlibabaStsEmulator, type AlibabaStsEmulatorOptions, type AlibabaStsCall } from './start-alibaba-sts-emulator';
export type { AlibabaEmulator, AlibabaEmulatorOptions, AlibabaEmulatorAccessKey, AlibabaEmulatorFailure, AlibabaRecordedRequest } from './alibaba-types';
