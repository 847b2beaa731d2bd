import { systemClock, type Clock } from './clock';
import { CredentialsUnavailableError } from './errors/classes';
import { ErrorCodes } from './errors/codes';
import { OsAuthError } from './errors/os-auth-error';
import type { OsAuthEvent, OsAuthEventListener } from './events';

/** Anything a credential source returns; `expiration` absent means "until told otherwise". */
export interface ExpiringCredentials {
  /** When the credentials stop being valid; absent when the source does not say. */
  readonly expiration?: Date;
}

/** An async function that fetches fresh credentials (a token service, a profile file, an env var…). */
export type CredentialSource<T extends ExpiringCredentials> = () => Promise<T>;

/** Options of a {@link CredentialCache}. */
export interface CredentialCacheOptions {
  /** Provider name put on the errors the cache throws. */
  readonly provider: string;
  /** Refresh this long before `expiration`, serving the current credentials meanwhile. Default 5 minutes. */
  readonly refreshWindowMs?: number;
  /**
   * Each credential set starts its background refresh at a random moment up to this long
   * before the refresh window, so a fleet holding the same expiration (processes deployed
   * together) does not call the token service in the same second. Capped at half the time
   * the credentials have before the window, so short-lived credentials are not refreshed
   * much earlier than today. Default 4 minutes (refresh 9 to 5 minutes before expiry); 0 turns it off.
   */
  readonly refreshSpreadMs?: number;
  /** Uniform numbers in [0, 1) that place the refresh in the spread. Default `Math.random`; inject for tests. */
  readonly random?: () => number;
  /**
   * Receives `credentials-refresh-failed` when a background refresh fails while the held
   * credentials are still served (code and times only, never the error's message).
   */
  readonly onEvent?: OsAuthEventListener;
  /**
   * How long credentials without `expiration` are trusted before a background re-read
   * (for sources that rotate without saying so, like a rewritten profile file). Default: forever.
   */
  readonly maxAgeWithoutExpirationMs?: number;
  /** First wait after a failed background refresh; doubles up to `maxBackoffMs`. Default 1 s. */
  readonly initialBackoffMs?: number;
  /** Upper bound of the wait between failed background refreshes. Default 60 s. */
  readonly maxBackoffMs?: number;
  /** Where "now" comes from; default the system clock. */
  readonly clock?: Clock;
}

interface Held<T> {
  readonly credentials: T;
  /** When they stop being usable (ms since epoch); `Infinity` when unknown. */
  readonly expiresAt: number;
  /** When a background refresh should start. */
  readonly refreshAt: number;
  /** `performance.now()` when they were fetched: monotonic, comparable with request start times. */
  readonly fetchedAt: number;
}

const DEFAULT_REFRESH_WINDOW_MS = 5 * 60_000;
// 1000 processes deployed together make ~4 token-service calls a second instead of 1000 in one.
const DEFAULT_REFRESH_SPREAD_MS = 4 * 60_000;
// Service error names (AccessDenied, ThrottlingException…) are safe to report; anything else is not.
const SAFE_HINT = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/**
 * Caches the credentials of one source for every request of a client:
 * single-flight fetches, refresh ahead of expiry in the background (at a random moment
 * of a spread, so a fleet does not stampede the token service), stale-while-valid on
 * refresh failure with bounded backoff and a `credentials-refresh-failed` event, and
 * explicit invalidation.
 * It starts no timers, so it never keeps a process alive.
 */
export class CredentialCache<T extends ExpiringCredentials> {
  private readonly source: CredentialSource<T>;
  private readonly provider: string;
  private readonly clock: Clock;
  private readonly refreshWindowMs: number;
  private readonly refreshSpreadMs: number;
  private readonly random: () => number;
  private readonly onEvent: OsAuthEventListener | undefined;
  private readonly maxAgeWithoutExpirationMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;

  private held: Held<T> | undefined;
  private inflight: Promise<T> | undefined;
  private failures = 0;
  private nextRefreshAttemptAt = 0;

  /** A cache over `source`; nothing is fetched until the first {@link CredentialCache.get}. */
  constructor(source: CredentialSource<T>, options: CredentialCacheOptions) {
    this.source = source;
    this.provider = options.provider;
    this.clock = options.clock ?? systemClock;
    this.refreshWindowMs = options.refreshWindowMs ?? DEFAULT_REFRESH_WINDOW_MS;
    const spread = options.refreshSpreadMs ?? DEFAULT_REFRESH_SPREAD_MS;
    this.refreshSpreadMs = spread > 0 ? spread : 0; // NaN too: it would make the refresh moment NaN, never reached
    this.random = options.random ?? Math.random;
    this.onEvent = options.onEvent;
    this.maxAgeWithoutExpirationMs = options.maxAgeWithoutExpirationMs ?? Number.POSITIVE_INFINITY;
    this.initialBackoffMs = options.initialBackoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
  }

  /**
   * Credentials that are valid now. Waits only when none are held or they have expired;
   * inside the refresh window it answers at once and refreshes in the background.
   * @throws {@link CredentialsUnavailableError} when none are valid and the source fails.
   */
  get(): Promise<T> {
    const current = this.current();
    if (current !== undefined) return Promise.resolve(current);
    return this.inflight ?? this.fetch();
  }

  /**
   * The synchronous form of {@link CredentialCache.get} for the hot path: credentials that
   * are valid now, or `undefined` when `get()` would have to wait for the source. Inside the
   * refresh window it starts the same single background refresh as `get()`.
   */
  current(): T | undefined {
    const held = this.held;
    if (held === undefined) return undefined;
    const now = this.clock.now();
    if (now >= held.expiresAt) return undefined;
    if (now >= held.refreshAt && !this.inflight && now >= this.nextRefreshAttemptAt) {
      this.fetch().catch((error: unknown) => {
        // Keep serving what is still valid (fetch() set the backoff), but say so.
        this.reportRefreshFailure(error, held);
      });
    }
    return held.credentials;
  }

  /** The held credentials, valid or not, without fetching. */
  peek(): T | undefined {
    return this.held?.credentials;
  }

  /**
   * Drops the held credentials so the next {@link CredentialCache.get} fetches again.
   * Pass the credentials a request was rejected with: when they were already replaced
   * (another request refreshed first), nothing is dropped, so a burst of rejections
   * causes one refresh, not one each.
   */
  invalidate(rejected?: T): void {
    if (rejected !== undefined && this.held?.credentials !== rejected) return;
    this.held = undefined;
  }

  /**
   * Fresh credentials after the service rejected a request sent at `sentAt`
   * (`performance.now()`): the held credentials are dropped only when they are the ones
   * that request used, so a burst of rejections causes one fetch, and requests signed
   * before a refresh simply get the new credentials.
   */
  refreshAfterRejection(sentAt: number): Promise<T> {
    if (!this.held || this.held.fetchedAt <= sentAt) this.held = undefined;
    return this.get();
  }

  private fetch(): Promise<T> {
    const attempt = this.callSource().then(
      (credentials) => {
        this.store(credentials);
        return credentials;
      },
      (error: unknown) => {
        this.failures += 1;
        const backoff = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (this.failures - 1));
        this.nextRefreshAttemptAt = this.clock.now() + backoff;
        throw error;
      },
    );
    const settled = attempt.finally(() => {
      if (this.inflight === settled) this.inflight = undefined;
    });
    this.inflight = settled;
    return settled;
  }

  private reportRefreshFailure(error: unknown, held: Held<T>): void {
    const listener = this.onEvent;
    if (listener === undefined) return;
    // Only the code, a service error name and times: an error's message may quote a secret.
    const hint = error instanceof OsAuthError ? error.hint : undefined;
    const event: OsAuthEvent = {
      type: 'credentials-refresh-failed',
      provider: this.provider,
      code: error instanceof OsAuthError ? error.code : ErrorCodes.CREDENTIALS_UNAVAILABLE,
      ...(hint !== undefined && SAFE_HINT.test(hint) ? { hint } : {}),
      ...(Number.isFinite(held.expiresAt) ? { expiration: new Date(held.expiresAt).toISOString() } : {}),
      retryInMs: Math.max(0, this.nextRefreshAttemptAt - this.clock.now()),
    };
    try {
      listener(event);
    } catch {
      // A listener's bug must not fail requests.
    }
  }

  private async callSource(): Promise<T> {
    let credentials: T;
    try {
      credentials = await this.source();
    } catch (error) {
      if (error instanceof CredentialsUnavailableError) throw error;
      throw new CredentialsUnavailableError({
        provider: this.provider,
        message: `The ${this.provider} credential source failed: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
    const expiresAt = credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
    if (Number.isNaN(expiresAt) || expiresAt <= this.clock.now()) {
      throw new CredentialsUnavailableError({
        provider: this.provider,
        message: `The ${this.provider} credential source returned credentials that had already expired (${String(credentials.expiration)}).`,
      });
    }
    return credentials;
  }

  private store(credentials: T): void {
    const now = this.clock.now();
    const expiration = credentials.expiration;
    const expiresAt = expiration ? expiration.getTime() : Number.POSITIVE_INFINITY;
    const refreshAt = expiration ? this.refreshMoment(now, expiresAt) : now + this.maxAgeWithoutExpirationMs;
    this.held = { credentials, expiresAt, refreshAt, fetchedAt: performance.now() };
    this.failures = 0;
    this.nextRefreshAttemptAt = 0;
  }

  /** The refresh window's start, moved earlier by a random part of the spread. */
  private refreshMoment(now: number, expiresAt: number): number {
    const windowStart = expiresAt - this.refreshWindowMs;
    const spread = Math.min(this.refreshSpreadMs, Math.max(0, (windowStart - now) / 2));
    const draw = this.random();
    // An injected generator outside [0, 1) must not push the refresh past expiry or make it NaN.
    return windowStart - Math.floor((draw >= 0 && draw < 1 ? draw : 0) * spread);
  }
}
