import type { ErrorCode } from './errors/codes';

/**
 * What osauth reports about its own work, for logs and metrics. Events never carry
 * secrets: only provider names, codes, key ids' kinds, times and offsets, and (while
 * signing is traced) what was signed, with every secret value redacted.
 */
export type OsAuthEvent =
  | { readonly type: 'credentials-fetched'; readonly provider: string; readonly source: string; readonly expiration?: string }
  | {
      /** A background refresh failed; the held credentials, still valid, keep being served. */
      readonly type: 'credentials-refresh-failed';
      readonly provider: string;
      readonly code: ErrorCode;
      /** The service's error name (`AccessDenied`, `Throttling`…), when known; never the message. */
      readonly hint?: string;
      /** When the credentials being served expire (ISO 8601), when known. */
      readonly expiration?: string;
      /** How long until the next background attempt. */
      readonly retryInMs: number;
    }
  | { readonly type: 'retry-after-refresh'; readonly provider: string; readonly code: ErrorCode }
  | { readonly type: 'clock-skew-corrected'; readonly provider: string; readonly offsetMs: number }
  | { readonly type: 'clock-skew-ignored'; readonly provider: string; readonly offsetMs: number; readonly reason: string }
  | RequestSignedEvent;

/**
 * What a provider signed, emitted for each signed request only while signing is traced
 * (`debug: { signing: true }`, or `OSAUTH_DEBUG=signing`). Every secret value in it (a
 * session or security token line, a key) is replaced by `[REDACTED]` before it is emitted.
 */
export interface RequestSignedEvent {
  readonly type: 'request-signed';
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
