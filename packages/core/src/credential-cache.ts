import { systemClock, type Clock } from './clock';
import { CredentialsUnavailableError } from './errors/classes';

/** Anything a credential source returns; `expiration` absent means "until told otherwise". */
export interface ExpiringCredentials {
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
   * How long credentials without `expiration` are trusted before a background re-read
   * (for sources that rotate without saying so, like a rewritten profile file). Default: forever.
   */
  readonly maxAgeWithoutExpirationMs?: number;
  /** First wait after a failed background refresh; doubles up to `maxBackoffMs`. Default 1 s. */
  readonly initialBackoffMs?: number;
  /** Upper bound of the wait between failed background refreshes. Default 60 s. */
  readonly maxBackoffMs?: number;
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

/**
 * Caches the credentials of one source for every request of a client:
 * single-flight fetches, refresh ahead of expiry in the background, stale-while-valid
 * on refresh failure with bounded backoff, and explicit invalidation.
 * It starts no timers, so it never keeps a process alive.
 */
export class CredentialCache<T extends ExpiringCredentials> {
  private readonly source: CredentialSource<T>;
  private readonly provider: string;
  private readonly clock: Clock;
  private readonly refreshWindowMs: number;
  private readonly maxAgeWithoutExpirationMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;

  private held: Held<T> | undefined;
  private inflight: Promise<T> | undefined;
  private failures = 0;
  private nextRefreshAttemptAt = 0;

  constructor(source: CredentialSource<T>, options: CredentialCacheOptions) {
    this.source = source;
    this.provider = options.provider;
    this.clock = options.clock ?? systemClock;
    this.refreshWindowMs = options.refreshWindowMs ?? DEFAULT_REFRESH_WINDOW_MS;
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
      this.fetch().catch(() => {
        // Background refresh failed: keep serving what is still valid; fetch() set the backoff.
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
    const refreshAt = expiration ? expiresAt - this.refreshWindowMs : now + this.maxAgeWithoutExpirationMs;
    this.held = { credentials, expiresAt, refreshAt, fetchedAt: performance.now() };
    this.failures = 0;
    this.nextRefreshAttemptAt = 0;
  }
}
