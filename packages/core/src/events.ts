import type { ErrorCode } from './errors/codes';

/**
 * What osauth reports about its own work, for logs and metrics. Events never carry
 * secrets: only provider names, codes, key ids' kinds, times and offsets.
 */
export type OsAuthEvent =
  | { readonly type: 'credentials-fetched'; readonly provider: string; readonly source: string; readonly expiration?: string }
  | { readonly type: 'retry-after-refresh'; readonly provider: string; readonly code: ErrorCode }
  | { readonly type: 'clock-skew-corrected'; readonly provider: string; readonly offsetMs: number }
  | { readonly type: 'clock-skew-ignored'; readonly provider: string; readonly offsetMs: number; readonly reason: string };

/** Receives {@link OsAuthEvent}s; must not throw (errors thrown here are swallowed). */
export type OsAuthEventListener = (event: OsAuthEvent) => void;
