/** An AccessKey the Alibaba emulator knows (temporary ones carry a security token). */
export interface AlibabaEmulatorAccessKey {
  /** The AccessKey id. */
  readonly accessKeyId: string;
  /** Its secret. */
  readonly accessKeySecret: string;
  /** The security token requests must carry, for temporary (STS) keys. */
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
  readonly users?: readonly {
    /** The user name. */
    readonly username: string;
    /** Its password. */
    readonly password: string;
  }[];
  /** AccessKeys accepted for OpenSearch v3 signatures. */
  readonly accessKeys?: readonly AlibabaEmulatorAccessKey[];
  /** Allowed distance between the signed Date and the emulator's clock. Default 15 minutes. */
  readonly maxSkewMs?: number;
  /** The emulator's clock (ms since epoch). Default `Date.now`. */
  readonly clock?: () => number;
  /** Port on 127.0.0.1. Default 0 (any free port). */
  readonly port?: number;
}

/** A request the Alibaba emulator received. */
export interface AlibabaRecordedRequest {
  /** The HTTP method as received. */
  readonly method: string;
  /** The path exactly as received, without the query. */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  /** Header names in lower case, values as received. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body bytes as received. */
  readonly body: Buffer;
  /** `bearer`, `basic`, `opensearch` (v3 signature) or `none`. */
  readonly scheme: string;
  /** Whether the credentials (key, password or signature) verified. */
  readonly verified: boolean;
  /** `ok`, or the failure the emulator answered with. */
  readonly outcome: 'ok' | AlibabaEmulatorFailure | 'unauthenticated';
  /** The HTTP status sent back. */
  readonly status: number;
}

/** A running Alibaba emulator. */
export interface AlibabaEmulator {
  /** `http://127.0.0.1:<port>`: the `node` to give a client. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: AlibabaRecordedRequest[];
  /** Teach the emulator another AccessKey (e.g. one an STS emulator just issued). */
  addAccessKey(key: AlibabaEmulatorAccessKey): void;
  /** From now on, this AccessKey's token is answered as expired. */
  expireAccessKey(accessKeyId: string): void;
  /** Answer the next `times` requests (default 1) with `failure`, whatever they carry. */
  failNext(failure: AlibabaEmulatorFailure, options?: { readonly times?: number }): void;
  /** Forget recorded requests, queued failures and stored documents. */
  reset(): void;
  /** Stop listening and drop open connections. Idempotent. */
  close(): Promise<void>;
}
