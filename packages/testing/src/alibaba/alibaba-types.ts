/** An AccessKey the Alibaba emulator knows (temporary ones carry a security token). */
export interface AlibabaEmulatorAccessKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  /** After this instant the token is answered as `InvalidSecurityToken.Expired`. */
  readonly expiresAt?: Date;
}

/** A failure the Alibaba emulator can be told to answer with. */
export type AlibabaEmulatorFailure =
  | 'sts-token-expired'
  | 'sts-token-malformed'
  | 'sts-token-mismatch'
  | 'missing-security-token'
  | 'access-key-not-found'
  | 'access-key-inactive'
  | 'signature-mismatch'
  | 'incomplete-signature'
  | 'timestamp-expired'
  | 'ram-forbidden'
  | 'no-permission'
  | 'v3-signature'
  | 'v3-user-not-exist'
  | 'bearer-invalid'
  | 'bearer-forbidden'
  | 'es-unauthenticated'
  | 'es-forbidden';

/** Options of {@link startAlibabaEmulator}. */
export interface AlibabaEmulatorOptions {
  /** Bearer API keys accepted. Default `['FAKE-sk-dashscope-0001']`. */
  readonly apiKeys?: readonly string[];
  /** Basic users accepted. Default `elastic` / `FAKEelasticPassword1`. */
  readonly users?: readonly { readonly username: string; readonly password: string }[];
  /** AccessKeys accepted for OpenSearch v3 signatures. */
  readonly accessKeys?: readonly AlibabaEmulatorAccessKey[];
  /** Allowed distance between the signed Date and the emulator's clock. Default 15 minutes. */
  readonly maxSkewMs?: number;
  readonly clock?: () => number;
  /** Port on 127.0.0.1. Default 0 (any free port). */
  readonly port?: number;
}

/** A request the Alibaba emulator received. */
export interface AlibabaRecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  /** `bearer`, `basic`, `opensearch` (v3 signature) or `none`. */
  readonly scheme: string;
  readonly verified: boolean;
  readonly outcome: 'ok' | AlibabaEmulatorFailure | 'unauthenticated';
  readonly status: number;
}

/** A running Alibaba emulator. */
export interface AlibabaEmulator {
  readonly url: string;
  readonly requests: AlibabaRecordedRequest[];
  addAccessKey(key: AlibabaEmulatorAccessKey): void;
  /** From now on, this AccessKey's token is answered as expired. */
  expireAccessKey(accessKeyId: string): void;
  failNext(failure: AlibabaEmulatorFailure, options?: { readonly times?: number }): void;
  reset(): void;
  close(): Promise<void>;
}
