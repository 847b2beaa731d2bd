import type { EmulatorFrontDoor } from './front-door';

/** Credentials the emulator knows, as an AWS account would. */
export interface EmulatorCredential {
  /** The access key id requests are signed with. */
  readonly accessKeyId: string;
  /** Its secret access key. */
  readonly secretAccessKey: string;
  /** Temporary credentials carry a session token that must come with every request. */
  readonly sessionToken?: string;
  /** After this instant the emulator answers as AWS does for an expired token. */
  readonly expiresAt?: Date;
  /** The IAM principal named in "not authorized" answers. Default `arn:aws:iam::123456789012:user/emulator`. */
  readonly principalArn?: string;
}

/** An AWS failure the emulator can be told to answer with, whatever the request. */
export type EmulatorFailure =
  | 'expired-token'
  | 'invalid-token'
  | 'unknown-key'
  | 'signature-mismatch'
  | 'clock-skew'
  | 'clock-skew-future'
  | 'wrong-service'
  | 'wrong-region'
  | 'missing-credential'
  | 'anonymous'
  | 'iam-not-authorized'
  | 'iam-explicit-deny'
  | 'fgac-denied'
  | 'fgac-unauthenticated'
  | 'network-policy-deny'
  | 'gw-helper-deny'
  | 'data-access-denied'
  | 'unsigned-content-sha256'
  | 'throttled'
  | 'too-many-requests';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Behave as OpenSearch Serverless (`aoss`, default) or an Amazon OpenSearch Service domain (`es`). */
  readonly service?: 'es' | 'aoss';
  /** The region requests must be signed for. Default `us-east-1`. */
  readonly region?: string;
  /** Known credentials. Default: one pair, `AKIDEXAMPLE` / `FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`. */
  readonly credentials?: readonly EmulatorCredential[];
  /** How far X-Amz-Date may be from the emulator's clock. Default 5 minutes, as AWS. */
  readonly maxSkewMs?: number;
  /** The emulator's clock (ms since epoch). Default `Date.now`. */
  readonly clock?: () => number;
  /** Port on 127.0.0.1. Default 0 (any free port). */
  readonly port?: number;
  /**
   * A proxy in front of the cluster that changes each request after it was signed and before
   * it is verified (see {@link EmulatorFrontDoor}); recorded requests are what it passed on.
   * Default: none.
   */
  readonly frontDoor?: EmulatorFrontDoor;
}

/** A request as the emulator received it, with what it decided. */
export interface RecordedRequest {
  /** The HTTP method as received. */
  readonly method: string;
  /** The path exactly as received, percent-encoding included, without the query. */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  /** Header names in lower case, values as received. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body bytes as received (still compressed when `content-encoding: gzip`). */
  readonly body: Buffer;
  /** The access key id the request was signed with, when it had a readable signature. */
  readonly accessKeyId?: string;
  /** Whether the SigV4 signature verified. */
  readonly verified: boolean;
  /** `ok`, or the failure the emulator answered with. */
  readonly outcome: 'ok' | EmulatorFailure;
  /** The HTTP status sent back. */
  readonly status: number;
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>`: the `node` to give a client. */
  readonly url: string;
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** The service it behaves as. */
  readonly service: 'es' | 'aoss';
  /** The region requests must be signed for. */
  readonly region: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Teach the emulator another credential (e.g. one an STS emulator just issued). */
  addCredentials(credential: EmulatorCredential): void;
  /** From now on, requests correctly signed with this key are answered as expired. */
  expireCredentials(accessKeyId: string): void;
  /**
   * From now on, this key is unknown (answered as an unknown key, `…is invalid.` on es). On
   * aoss that is the `403 X01:gw-helper-deny` a revoked session gets, while keys issued later
   * (by the STS emulator, through `addCredentials`) are accepted: a revoked-then-reissued session.
   */
  revokeCredentials(accessKeyId: string): void;
  /**
   * Policy-deny mode: from now on (until `denyAccess(false)` or `reset()`), every correctly
   * signed request is denied as a data access policy that names no one would deny it — the
   * `403 X01:gw-helper-deny` on aoss, an explicit deny on es — whatever key signed it, new
   * keys included. Recorded with `verified: true` and `outcome: 'data-access-denied'`.
   */
  denyAccess(deny?: boolean): void;
  /**
   * Answer the next `times` requests (default 1) with `failure`, whatever they carry: the
   * queued answer is sent before the signature is looked at (as a network or access policy in
   * front of the cluster would), so even a perfectly signed request gets it. Such requests are
   * recorded with `verified: false` and `outcome: failure`; the store is not touched.
   */
  failNext(failure: EmulatorFailure, options?: { readonly times?: number }): void;
  /** Forget recorded requests, queued failures, the policy-deny mode and stored documents. */
  reset(): void;
  /** Stop listening and drop open connections. Idempotent. */
  close(): Promise<void>;
}
