/**
 * The process-wide store behind {@link Secret}: raw values, and the forms in which a live
 * secret may be echoed back. Internal to `@osauth/core`.
 *
 * It lives on `globalThis` under a registered symbol, so the CJS and ESM builds (or two
 * versions) of this package share one store: a Secret made by one copy is revealed and
 * redacted by the other, and there is never a second registry that misses a secret.
 *
 * Values are tracked for as long as a Secret holding them is reachable (a provider, a
 * credential cache, a loaded config): there is no cap and so no eviction, and a rotated
 * credential stops being tracked once nothing holds it.
 */

// Secrets shorter than this are not searched for in text: replacing a 1-3 character
// string everywhere would mangle text without protecting anything meaningful.
const MIN_TRACKED_LENGTH = 4;

interface SecretStore {
  /** Secret object → raw value. */
  readonly values: WeakMap<object, string>;
  /** Secret object → the secrets it is made of, kept reachable while it is. */
  readonly parts: WeakMap<object, readonly object[]>;
  /** Raw value → how many reachable Secret objects hold it. */
  readonly live: Map<string, number>;
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
    finalizer: new FinalizationRegistry((value: string) => {
      const count = store.live.get(value) ?? 0;
      if (count <= 1) store.live.delete(value);
      else store.live.set(value, count - 1);
      store.forms = undefined;
    }),
    forms: undefined,
  };
  // Sealed, and fixed on globalThis: test runners that sweep globals between files (jest
  // 30 wraps configurable ones in accessors) must leave the store alone.
  return Object.seal(store);
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
  store.finalizer.register(owner, value);
  store.forms = undefined;
}

/** Every form in which a live secret may be echoed, longest first. */
export function liveSecretForms(): readonly string[] {
  const store = secretStore();
  if (store.forms === undefined) {
    const forms = new Set<string>();
    for (const value of store.live.keys()) for (const form of echoForms(value)) forms.add(form);
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
