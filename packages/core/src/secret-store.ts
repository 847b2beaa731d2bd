/**
 * The process-wide store behind {@link Secret}: raw values, and the forms in which a live
 * secret may be echoed back. Internal to `@osauth/core`.
 *
 * It lives on `globalThis` under a registered symbol, so the CJS and ESM builds (or two
 * versions) of this package share one store: a Secret made by one copy is revealed and
 * redacted by the other, and there is never a second registry that misses a secret.
 *
 * Values are tracked for as long as a Secret holding them is reachable (a provider, a
 * credential cache, a loaded config): there is no cap and so no eviction. Once nothing holds a
 * value it is retired, not forgotten: a rotated or closed-over credential may still be valid,
 * and a server (or a cache in front of it) may still echo it, so it stays redacted for
 * {@link RETIRED_MAX_AGE_MS} — the longest session AWS or Alibaba issues — keeping at most
 * {@link RETIRED_MAX_COUNT} such values, newest first.
 */

// Secrets shorter than this are not searched for in text: replacing a 1-3 character
// string everywhere would mangle text without protecting anything meaningful.
const MIN_TRACKED_LENGTH = 4;

/** How long a value nothing holds any more stays redacted: 12 h, the longest STS session. */
export const RETIRED_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/** How many retired values are kept; rotation every 15 minutes for 12 h is 48. */
export const RETIRED_MAX_COUNT = 256;

interface SecretStore {
  /** Secret object → raw value. */
  readonly values: WeakMap<object, string>;
  /** Secret object → the secrets it is made of, kept reachable while it is. */
  readonly parts: WeakMap<object, readonly object[]>;
  /** Raw value → how many reachable Secret objects hold it. */
  readonly live: Map<string, number>;
  /** Raw value nothing holds any more → when it was retired (ms); oldest first. */
  readonly retired: Map<string, number>;
  /** Called when a Secret object is collected, with its raw value. */
  readonly finalizer: FinalizationRegistry<string>;
  /** Every echo form of every live value, longest first; rebuilt lazily after a change. */
  forms: readonly string[] | undefined;
}

const STORE_KEY = Symbol.for('@osauth/core/secret-store.v1');

function createStore(): SecretStore {
  const store: SecretStore = {
    values: new WeakMap(),
    parts: new WeakMap(),
    live: new Map(),
    retired: new Map(),
    finalizer: new FinalizationRegistry((value: string) => {
      const count = store.live.get(value) ?? 0;
      if (count > 1) {
        store.live.set(value, count - 1);
        return;
      }
      store.live.delete(value);
      retire(store, value);
    }),
    forms: undefined,
  };
  // Sealed, and fixed on globalThis: test runners that sweep globals between files (jest
  // 30 wraps configurable ones in accessors) must leave the store alone.
  return Object.seal(store);
}

function retire(store: SecretStore, value: string): void {
  store.retired.delete(value);
  store.retired.set(value, Date.now());
  for (const oldest of store.retired.keys()) {
    if (store.retired.size <= RETIRED_MAX_COUNT) break;
    store.retired.delete(oldest);
  }
  store.forms = undefined;
}

/** Forgets retired values older than {@link RETIRED_MAX_AGE_MS}; map order is retirement order. */
function dropExpired(store: SecretStore): void {
  const cutoff = Date.now() - RETIRED_MAX_AGE_MS;
  for (const [value, retiredAt] of store.retired) {
    if (retiredAt > cutoff) break;
    store.retired.delete(value);
    store.forms = undefined;
  }
}

/** The one store of this process. */
export function secretStore(): SecretStore {
  const holder = globalThis as { [STORE_KEY]?: SecretStore };
  const existing = holder[STORE_KEY];
  if (existing !== undefined) return existing;
  const store = createStore();
  Object.defineProperty(globalThis, STORE_KEY, { value: store, configurable: false, enumerable: false, writable: false });
  return store;
}

/** Records `value` as held by `owner` (and `parts` as reachable from it) until `owner` is garbage-collected. */
export function holdSecretValue(owner: object, value: string, parts: readonly object[] = []): void {
  const store = secretStore();
  store.values.set(owner, value);
  if (parts.length > 0) store.parts.set(owner, parts);
  if (value.length < MIN_TRACKED_LENGTH) return;
  store.live.set(value, (store.live.get(value) ?? 0) + 1);
  store.retired.delete(value);
  store.finalizer.register(owner, value);
  store.forms = undefined;
}

/** Every form in which a live or recently retired secret may be echoed, longest first. */
export function liveSecretForms(): readonly string[] {
  const store = secretStore();
  if (store.retired.size > 0) dropExpired(store);
  if (store.forms === undefined) {
    const forms = new Set<string>();
    for (const value of store.live.keys()) for (const form of echoForms(value)) forms.add(form);
    for (const value of store.retired.keys()) for (const form of echoForms(value)) forms.add(form);
    store.forms = [...forms].sort((a, b) => b.length - a.length);
  }
  return store.forms;
}

/**
 * The ways `value` can come back in text someone else wrote: as it is, JSON-escaped
 * (also with `\/`), and percent-encoded with upper- or lower-case hex (session tokens often
 * contain `/`, `+` and `=`), including the RFC 3986 form that also encodes `!'()*`.
 */
export function echoForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const json = JSON.stringify(value).slice(1, -1);
  forms.add(json);
  forms.add(json.replaceAll('/', '\\/'));
  let encoded: string | undefined;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be percent-encoded, so it is never echoed that way.
  }
  if (encoded !== undefined) {
    const strict = encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    for (const form of [encoded, strict]) {
      forms.add(form);
      forms.add(form.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
    }
  }
  return [...forms].filter((form) => form.length >= MIN_TRACKED_LENGTH);
}
