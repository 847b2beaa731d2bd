import { redactCredentialPatterns } from './credential-patterns';
import { secretHeaderNames } from './credential-shapes';
import { echoForms, liveSecretForms } from './secret-store';
import { isSecret, REDACTED, Secret } from './secret';

export { REDACTED };

/**
 * Header names whose values are secrets, lower case: the generic HTTP ones and every
 * `secretHeaders` name registered with `registerCredentialShapes` (live: a registered name
 * is in it at once). One set per process, shared by every copy of this package.
 * @internal
 */
export const SECRET_HEADERS: ReadonlySet<string> = secretHeaderNames();

// JSON-like values nested deeper than this are redacted as text rather than walked.
const MAX_DEPTH = 20;

/**
 * A {@link Secret} for `value`, tracked for redaction for as long as the returned Secret
 * is reachable: keep it where the value is kept (a provider field, a credential set).
 * Prefer `new Secret(value)`; this form is kept for providers written against 0.1.
 */
export function registerSecret(value: string): Secret {
  return new Secret(value);
}

/**
 * `text` with every live secret — and each of `extra` — replaced by `[REDACTED]` in any
 * of the forms it may be echoed in (raw, JSON-escaped, percent-encoded in either case).
 * Nothing else is touched: use it on text osauth wrote, where a credential-shaped pattern
 * would only mangle an instruction. Text with NUL characters (UTF-16 decoded as UTF-8)
 * is searched, and returned, without them.
 * @internal
 */
export function redactSecrets(text: string, extra: readonly string[] = []): string {
  let out = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  const forms = extra.length === 0 ? liveSecretForms() : withExtra(extra);
  for (const form of forms) {
    if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}

/**
 * `text` with every live secret (and each of `extra`) replaced, and every credential-shaped
 * fragment of the registered credential shapes (`Authorization: …`, `Bearer …`, secret JSON
 * keys, and what providers registered) replaced too. For text osauth did not write; linear
 * in its length.
 * @internal
 */
export function redactText(text: string, extra: readonly string[] = []): string {
  return redactCredentialPatterns(redactSecrets(text, extra), REDACTED);
}

/**
 * A copy of `headers` with the values of secret headers replaced and the others redacted.
 * @internal
 */
export function redactHeaders<T extends Readonly<Record<string, unknown>>>(headers: T, extra: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[redactText(name, extra)] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redactValue(value, extra);
  }
  return out;
}

/**
 * A deep copy of a JSON-like value (plain objects, arrays, strings) with every string and
 * key redacted, {@link Secret}s and the values of secret-header keys replaced. Other
 * objects (streams, buffers, class instances) are returned as they are. Used on response
 * bodies and event payloads before they reach user code.
 * @internal
 */
export function redactValue(value: unknown, extra: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, extra);
  if (value === null || typeof value !== 'object') return value;
  if (isSecret(value)) return REDACTED;
  if (depth > MAX_DEPTH) return redactDeep(value, extra);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, extra, depth + 1));
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[redactText(key, extra)] = SECRET_HEADERS.has(key.toLowerCase()) ? REDACTED : redactValue(item, extra, depth + 1);
  }
  return out;
}

/** A subtree too deep to walk, as redacted JSON text: never returned unread. */
function redactDeep(value: object, extra: readonly string[]): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? '';
  } catch {
    return REDACTED;
  }
  return redactText(text, extra);
}

function withExtra(extra: readonly string[]): readonly string[] {
  const forms = new Set(liveSecretForms());
  for (const value of extra) for (const form of echoForms(value)) forms.add(form);
  return [...forms].sort((a, b) => b.length - a.length);
}
