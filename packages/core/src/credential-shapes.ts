/**
 * The process-wide registry of credential shapes: the names that mark a credential in
 * headers and in text osauth did not write, by the shape their value takes. Core registers
 * only generic HTTP ones; each provider package registers its cloud's names when it loads.
 *
 * It lives on `globalThis` under a registered symbol, like the secret store, so the CJS and
 * ESM builds (or two versions) of this package share one registry: a name registered through
 * one copy is redacted by the other.
 */

/**
 * Names that mark credentials, grouped by the shape of their value. Every kind is optional;
 * names of the kinds marked "any case" match in any letter case.
 */
export interface CredentialShapes {
  /**
   * Header names whose values are secrets (any case), e.g. `authorization`: `redactHeaders`
   * and `redactValue` replace such values whole, and they are members of `SECRET_HEADERS`.
   * They are not searched for in text: also list a name as a {@link CredentialShapes.tokenKeys}
   * entry when its `name:value` lines may be echoed.
   */
  readonly secretHeaders?: readonly string[];
  /**
   * Keys followed by `:` or `=` and a token, in header lines and query parameters (any case,
   * spaces and a quote allowed before the separator), e.g. `signature` in `Signature=abc`.
   * The value ends at whitespace, a quote, `&`, `,`, `;` or `\`.
   */
  readonly tokenKeys?: readonly string[];
  /**
   * Keys of `<key>=<id>/<scope>` (exact case, `=` right after the key), e.g. `Credential`:
   * the id is hidden and the scope after the first `/` kept, so a failure stays debuggable.
   */
  readonly scopedIdKeys?: readonly string[];
  /**
   * Parameters of signed URLs (any case, any separator, so JSON dumps of them match too),
   * e.g. `AccessKeyId=…`. The value ends at whitespace, a quote or `&`.
   */
  readonly signedUrlParams?: readonly string[];
  /**
   * Header names dumped as `name: value` (any case), e.g. `authorization`: the value is hidden
   * up to the end of the line or the closing quote, whatever it holds.
   */
  readonly headerDumpKeys?: readonly string[];
  /** Schemes of `<Scheme> <token68>` credentials (exact case, whole word), e.g. `Bearer`. */
  readonly tokenSchemes?: readonly string[];
  /**
   * Schemes of `<Scheme> <base64>` credentials, at least 6 characters (exact case, whole
   * word), e.g. `Basic`; a `<Scheme> realm` challenge is left alone.
   */
  readonly basicSchemes?: readonly string[];
  /**
   * Authorization schemes of `<SCHEME> <id>:<signature>` (exact case, whole word): the id and
   * the base64 signature are hidden together.
   */
  readonly idSignatureSchemes?: readonly string[];
  /**
   * Keys of secret values in JSON or object dumps (any case), e.g. `"password": "…"`. The
   * value ends at whitespace, a quote, `,` or `}`.
   */
  readonly secretKeys?: readonly string[];
}

/** One kind of {@link CredentialShapes}. */
export type CredentialShapeKind = keyof CredentialShapes;

/**
 * Every kind, in the order the scanner applies them.
 * @internal
 */
export const CREDENTIAL_SHAPE_KINDS: readonly CredentialShapeKind[] = [
  'secretHeaders',
  'tokenKeys',
  'scopedIdKeys',
  'signedUrlParams',
  'headerDumpKeys',
  'tokenSchemes',
  'basicSchemes',
  'idSignatureSchemes',
  'secretKeys',
];

// Kinds matched in any case are stored lower case, so `X-Foo` and `x-foo` are one name.
const CASE_INSENSITIVE: ReadonlySet<CredentialShapeKind> = new Set<CredentialShapeKind>(['secretHeaders', 'tokenKeys', 'signedUrlParams', 'headerDumpKeys', 'secretKeys']);

/** What core knows without any provider: generic HTTP only. */
const GENERIC_SHAPES: CredentialShapes = {
  secretHeaders: ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'],
  tokenKeys: ['signature'],
  headerDumpKeys: ['proxy-authorization', 'authorization'],
  tokenSchemes: ['Bearer'],
  basicSchemes: ['Basic'],
  secretKeys: ['apiKey', 'api_key', 'password'],
};

interface CredentialShapeStore {
  /** Registered names of each kind, in registration order. */
  readonly names: { readonly [K in CredentialShapeKind]-?: Set<string> };
  /** Moves on each registration that adds a name, so compiled scanners know to rebuild. */
  version: number;
}

const STORE_KEY = Symbol.for('@osauth/core/credential-shapes.v1');

function createStore(): CredentialShapeStore {
  const names = Object.fromEntries(CREDENTIAL_SHAPE_KINDS.map((kind) => [kind, new Set<string>()])) as CredentialShapeStore['names'];
  const store: CredentialShapeStore = { names: Object.freeze(names), version: 0 };
  addShapes(store, GENERIC_SHAPES);
  // Sealed, and fixed on globalThis: test runners that sweep globals between files (jest
  // 30 wraps configurable ones in accessors) must leave the registry alone.
  return Object.seal(store);
}

/** The one registry of this process. */
function credentialShapeStore(): CredentialShapeStore {
  const holder = globalThis as { [STORE_KEY]?: CredentialShapeStore };
  const existing = holder[STORE_KEY];
  if (existing !== undefined) return existing;
  const store = createStore();
  Object.defineProperty(globalThis, STORE_KEY, { value: store, configurable: false, enumerable: false, writable: false });
  return store;
}

function addShapes(store: CredentialShapeStore, shapes: CredentialShapes): void {
  // Every name is checked before any is added, so a bad registration changes nothing.
  const additions: Array<[Set<string>, string]> = [];
  for (const kind of CREDENTIAL_SHAPE_KINDS) {
    const names = shapes[kind];
    if (names === undefined) continue;
    if (!Array.isArray(names)) throw new TypeError(`osauth: credential shapes.${kind} must be an array of names`);
    for (const name of names as readonly unknown[]) {
      // An empty name would match everywhere: a registration bug, never a shape.
      if (typeof name !== 'string' || name.length === 0) throw new TypeError(`osauth: credential shapes.${kind} must hold non-empty strings`);
      additions.push([store.names[kind], CASE_INSENSITIVE.has(kind) ? name.toLowerCase() : name]);
    }
  }
  let added = false;
  for (const [set, name] of additions) {
    if (set.has(name)) continue;
    set.add(name);
    added = true;
  }
  if (added) store.version += 1;
}

/**
 * Adds `shapes` to the credential shapes of this process: from the next call on,
 * `redactText`, `redactHeaders`, `redactValue` and every error redact them. Provider packages
 * call it before their provider can produce any text (when their module loads). Idempotent:
 * names already registered (in any case, for the kinds matched in any case) are skipped.
 * @throws TypeError when a kind is not an array of non-empty strings.
 */
export function registerCredentialShapes(shapes: CredentialShapes): void {
  addShapes(credentialShapeStore(), shapes);
}

/**
 * Every registered name of each kind (see {@link registeredCredentialShapes}).
 * @internal
 */
export type RegisteredCredentialShapes = { readonly [K in CredentialShapeKind]-?: readonly string[] };

/**
 * Every registered name of each kind, in registration order (case-insensitive kinds lower case).
 * @internal
 */
export function registeredCredentialShapes(): RegisteredCredentialShapes {
  const { names } = credentialShapeStore();
  const out: Partial<Record<CredentialShapeKind, readonly string[]>> = {};
  for (const kind of CREDENTIAL_SHAPE_KINDS) out[kind] = [...names[kind]];
  return out as RegisteredCredentialShapes;
}

/**
 * The live set of secret header names (lower case): registered names appear in it at once.
 * @internal Exported for `SECRET_HEADERS`.
 */
export function secretHeaderNames(): ReadonlySet<string> {
  return credentialShapeStore().names.secretHeaders;
}

/**
 * The live set of registered names of `kind`.
 * @internal Exported for the scanner.
 */
export function credentialShapeNames(kind: CredentialShapeKind): ReadonlySet<string> {
  return credentialShapeStore().names[kind];
}

/**
 * The registry's version: it moves each time a registration adds a name.
 * @internal Exported for the scanner, which recompiles its rules when it moves.
 */
export function credentialShapesVersion(): number {
  return credentialShapeStore().version;
}
