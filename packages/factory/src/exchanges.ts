import { SECRET_HEADERS } from '@osauth/core';

/**
 * The secret header values (Authorization, security tokens) sent for each request of one
 * client, keyed by the transport's params object, which lives exactly as long as the
 * request. An answer that echoes them is scrubbed even when the credentials were rotated
 * (and the old ones forgotten) while the request was in flight.
 */
export class ExchangeSecrets {
  readonly #sent = new WeakMap<object, string[]>();

  /** Records the secret-named headers of `headers` as sent for `params`. */
  record(params: object, headers: Readonly<Record<string, string>>): void {
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

  /** What was sent for `params` (every attempt), for redaction. */
  of(params: unknown): readonly string[] {
    return typeof params === 'object' && params !== null ? (this.#sent.get(params) ?? []) : [];
  }
}
