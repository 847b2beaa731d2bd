import type { ErrorCode } from './errors/codes';

/**
 * What osauth reports about its own work, for logs and metrics. Events never carry
 * secrets: only provider names, codes, key ids' kinds, times and offsets, and (while
 * signing is traced) what was signed, with every secret value redacted.
 */
export type OsAuthEvent =
  | {
      /** Credentials were fetched, at first use or by a refresh. */
      readonly type: 'credentials-fetched';
      /** The provider that fetched them, e.g. `"aws"`. */
      readonly provider: string;
      /** The kind of credential source they came from, e.g. `"assume-role"`. */
      readonly source: string;
      /** When they expire (ISO 8601); absent for credentials that do not say. */
      readonly expiration?: string;
    }
  | {
      /** A background refresh failed; the held credentials, still valid, keep being served. */
      readonly type: 'credentials-refresh-failed';
      /** The provider whose refresh failed. */
      readonly provider: string;
      /** The code of the error the refresh failed with. */
      readonly code: ErrorCode;
      /** The service's error name (`AccessDenied`, `Throttling`…), when known; never the message. */
      readonly hint?: string;
      /** When the credentials being served expire (ISO 8601), when known. */
      readonly expiration?: string;
      /** How long until the next background attempt. */
      readonly retryInMs: number;
    }
  | {
      /** A request failed, the provider refreshed its credentials and the request was resent once. */
      readonly type: 'retry-after-refresh';
      /** The provider that refreshed. */
      readonly provider: string;
      /** The code of the failure that made it refresh. */
      readonly code: ErrorCode;
    }
  | {
      /** A clock-skew answer taught the provider the server's time; later requests sign with it. */
      readonly type: 'clock-skew-corrected';
      /** The provider whose clock was corrected. */
      readonly provider: string;
      /** Milliseconds now added to the local clock (negative when it was ahead). */
      readonly offsetMs: number;
    }
  | {
      /** A server's time was not trusted to correct the clock (more than 24 hours off). */
      readonly type: 'clock-skew-ignored';
      /** The provider that ignored it. */
      readonly provider: string;
      /** The offset to the server's `Date` header, in milliseconds. */
      readonly offsetMs: number;
      /** Why it was ignored, in words. */
      readonly reason: string;
    }
  | RequestSignedEvent;

/**
 * What a provider signed, emitted for each signed request only while signing is traced
 * (`debug: { signing: true }`, or `OSAUTH_DEBUG=signing`). Every secret value in it (a
 * session or security token line, a key) is replaced by `[REDACTED]` before it is emitted.
 */
export interface RequestSignedEvent {
  /** Always `request-signed`. */
  readonly type: 'request-signed';
  /** The provider that signed the request. */
  readonly provider: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path as sent, percent-encoded, without the query. */
  readonly path: string;
  /** The names of the headers the signature covers, lower case, in signing order. */
  readonly signedHeaders: readonly string[];
  /** The canonical request, for schemes that build one before the string to sign. */
  readonly canonicalRequest?: string;
  /** The exact text that was signed. */
  readonly stringToSign: string;
}

/** Receives {@link OsAuthEvent}s; must not throw (errors thrown here are swallowed). */
export type OsAuthEventListener = (event: OsAuthEvent) => void;
