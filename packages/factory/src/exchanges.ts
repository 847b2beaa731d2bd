import { SECRET_HEADERS } from '@osauth/core';

/**
 * What the connection knows about each request of one client that the transport needs when
 * the answer (or its failure) comes back, keyed by the transport's params object, which
 * lives exactly as long as the request:
 * - the secret header values sent (Authorization, security tokens), so an answer echoing
 *   them is scrubbed even when the credentials were rotated while it was in flight;
 * - whether `requestTimeout` cut the response off, so that failure is a `TimeoutError`.
 */
export class Exchanges {
  readonly #sent = new WeakMap<object, string[]>();
  readonly #timedOut = new WeakSet<object>();

  /**
   * Records an attempt for `params` (the first, or a retry: what cut off an earlier attempt
   * no longer applies) and the secret-named headers of `headers` it sends.
   */
  recordSend(params: object, headers: Readonly<Record<string, string>>): void {
    this.#timedOut.delete(params);
    let values: string[] | undefined;
    for (const name in headers) {
      if (!SECRET_HEADERS.has(name)) continue;
      const value = headers[name];
      if (value === undefined || value === '') continue;
      values ??= this.#sent.get(params) ?? [];
      values.push(value);
    }
    if (values !== undefined) this.#sent.set(params, values);
  }

  /** Records an attempt for `params` that sends no header worth remembering. */
  recordAttempt(params: object): void {
    this.#timedOut.delete(params);
  }

  /** The secret header values sent for `params` (every attempt), for redaction. */
  secretsSent(params: unknown): readonly string[] {
    return isObject(params) ? (this.#sent.get(params) ?? []) : [];
  }

  /** Records that the deadline cut off the response to `params`. */
  recordTimeout(params: object): void {
    this.#timedOut.add(params);
  }

  /** Whether the deadline cut off the response to `params`. */
  timedOut(params: unknown): boolean {
    return isObject(params) && this.#timedOut.has(params);
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
