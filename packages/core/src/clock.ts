/** A source of the current time, injectable so tests control it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };
/** Beyond this, a server `Date` is not trusted to correct our clock (a broken proxy, not skew). */
export const MAX_CLOCK_OFFSET_MS = 24 * 60 * 60_000;

/**
 * The offset to add to the local clock so that signatures carry the server's time,
 * from the `Date` header of a response that rejected the signing time.
 * `undefined` when the header is missing or unparsable.
 */
export function offsetFromDateHeader(dateHeader: string | string[] | undefined, localNow: number): number | undefined {
  const text = Array.isArray(dateHeader) ? dateHeader[0] : dateHeader;
  if (!text) return undefined;
  const serverNow = Date.parse(text);
  if (Number.isNaN(serverNow)) return undefined;
  return serverNow - localNow;
}
