import { inspect } from 'node:util';
import { holdSecretValue, secretStore } from './secret-store';

/** What a {@link Secret} prints as, everywhere. */
export const REDACTED = '[REDACTED]';

// A registered symbol, so that Secrets from another copy of this package are recognised.
const BRAND = Symbol.for('@osauth/core/secret');

/**
 * A credential value (a secret key, a session or security token, an API key, a password, a
 * prepared `Authorization` value) that cannot be printed: `String()`, template literals,
 * `JSON.stringify`, `util.inspect` at any depth (also with `showHidden`) and `console.log`
 * all show `[REDACTED]`. The raw value comes out only through {@link Secret.reveal}, which
 * osauth calls at the moment of signing.
 *
 * While a Secret is reachable, every osauth error, event and log line replaces its value
 * (raw, JSON-escaped or percent-encoded) with `[REDACTED]`. Providers, credential caches
 * and `loadConfig()` results hold secrets as Secrets; wherever osauth accepts a secret,
 * a plain string works too.
 *
 * @example
 * ```ts
 * import { Secret } from '@osauth/core';
 * const password = new Secret(process.env.OPENSEARCH_PASSWORD ?? '');
 * console.log({ password }); // { password: [REDACTED] }
 * ```
 */
export class Secret {
  /**
   * Holds `value` as a Secret.
   * @param value - the raw secret; it is kept outside the object, so nothing can enumerate it.
   * @param parts - secrets this one is made of (the password and the base64 pair inside a
   *   `Basic …` value): they stay tracked for as long as this one is, since a server may
   *   echo any of them.
   */
  constructor(value: string, parts: readonly Secret[] = []) {
    if (typeof value !== 'string') throw new TypeError('Secret: expected a string value.');
    holdSecretValue(this, value, parts);
    Object.defineProperty(this, BRAND, { value: true });
    Object.freeze(this);
  }

  /** A Secret for `value`, or `value` itself when it already is one. */
  static from(value: string | Secret): Secret {
    return isSecret(value) ? value : new Secret(value);
  }

  /** `instanceof` that also holds for Secrets made by another copy of osauth. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isSecret(value);
  }

  /** The raw value. Call it only where the value is used (signing, a header), never to print. */
  reveal(): string {
    const value = secretStore().values.get(this);
    if (value === undefined) throw new TypeError('Secret: not a Secret created by osauth.');
    return value;
  }

  /** Always `[REDACTED]`. */
  toString(): string {
    return REDACTED;
  }

  /** Always `"[REDACTED]"`, so `JSON.stringify` never shows the value. */
  toJSON(): string {
    return REDACTED;
  }

  /** Template literals and `+` print `[REDACTED]`. */
  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  /** What `util.inspect` and `console.log` print. */
  [inspect.custom](): string {
    return REDACTED;
  }
}

/** Whether `value` is a {@link Secret} (from any copy of osauth). */
export function isSecret(value: unknown): value is Secret {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

/** The raw value of a secret given as a {@link Secret} or a plain string. */
export function revealSecret(value: string | Secret): string {
  return typeof value === 'string' ? value : value.reveal();
}
