import type { Clock } from './clock';
import type { OsAuthEventListener } from './events';
import type { FailedResponse } from './provider';

/**
 * Beyond this, a server `Date` is not trusted to correct our clock (a broken proxy, not skew).
 * @internal
 */
export const MAX_CLOCK_OFFSET_MS = 24 * 60 * 60_000;

/**
 * A clock that signs with the server's time once it has seen it: on a clock-skew answer,
 * the offset to the response's `Date` header is learned (bounded to 24 hours) and added
 * to every later reading. Providers sign with it and call {@link SkewCorrectedClock.correctFrom} in `recover`.
 */
export class SkewCorrectedClock implements Clock {
  private offsetMs = 0;

  /**
   * A clock that reads `base` until a correction.
   * @param base - the local clock it corrects.
   * @param provider - the provider name put on its events.
   * @param emit - receives `clock-skew-corrected` and `clock-skew-ignored`.
   */
  constructor(
    private readonly base: Clock,
    private readonly provider: string,
    private readonly emit: OsAuthEventListener = () => {},
  ) {}

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  /** Milliseconds added to the local clock; 0 until a correction. */
  get offset(): number {
    return this.offsetMs;
  }

  /**
   * Learns the offset from `response` (which rejected the signing time). Returns whether the
   * clock was corrected, i.e. whether resending makes sense.
   */
  correctFrom(response: FailedResponse): boolean {
    const header = response.headers.date;
    const text = Array.isArray(header) ? header[0] : header;
    const serverNow = text ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(serverNow)) return false;
    const offset = serverNow - this.base.now();
    if (Math.abs(offset) > MAX_CLOCK_OFFSET_MS) {
      this.emit({ type: 'clock-skew-ignored', provider: this.provider, offsetMs: offset, reason: 'offset larger than 24 hours' });
      return false;
    }
    this.offsetMs = offset;
    this.emit({ type: 'clock-skew-corrected', provider: this.provider, offsetMs: offset });
    return true;
  }
}
