import type { ErrorCode } from '../errors/codes';
import type { RemediationEntry } from './entry';
import { genericRemediations } from './generic';

/**
 * The process-wide remediation catalogue: core's generic entry for every code, then the
 * entries each provider package registers. Errors take their entry directly (the
 * `variant` option); the registry is what docs/errors.md is generated from.
 *
 * It lives on `globalThis` under a registered symbol, like the secret store, so the CJS and
 * ESM builds (or two versions) of this package share one catalogue.
 */

/** A provider's remediation entries, as it registers them. */
export interface ProviderRemediations {
  /** The provider name its errors carry, e.g. `"vault"`; the `provider` of every entry. */
  readonly provider: string;
  /** How docs/errors.md names the provider before each entry's title, e.g. `"HashiCorp Vault"`. */
  readonly title: string;
  /** The entries, in the order docs/errors.md lists them under each code. */
  readonly entries: readonly RemediationEntry[];
}

interface RegisteredProvider {
  readonly provider: string;
  readonly title: string;
  readonly entries: RemediationEntry[];
}

interface RemediationStore {
  /** Generic entries first, then each provider's in registration order. */
  readonly catalogue: RemediationEntry[];
  readonly byId: Map<string, RemediationEntry>;
  /** The generic entry of each code. */
  readonly generic: Map<ErrorCode, RemediationEntry>;
  readonly providers: Map<string, RegisteredProvider>;
}

const STORE_KEY = Symbol.for('@osauth/core/remediation-registry.v1');

function createStore(): RemediationStore {
  const store: RemediationStore = {
    catalogue: [...genericRemediations],
    byId: new Map(genericRemediations.map((entry) => [entry.id, entry])),
    generic: new Map(genericRemediations.map((entry) => [entry.code, entry])),
    providers: new Map(),
  };
  // Sealed, and fixed on globalThis: test runners that sweep globals between files (jest
  // 30 wraps configurable ones in accessors) must leave the registry alone.
  return Object.seal(store);
}

/** The one registry of this process. */
function remediationStore(): RemediationStore {
  const holder = globalThis as { [STORE_KEY]?: RemediationStore };
  const existing = holder[STORE_KEY];
  if (existing !== undefined) return existing;
  const store = createStore();
  Object.defineProperty(globalThis, STORE_KEY, { value: store, configurable: false, enumerable: false, writable: false });
  return store;
}

/**
 * Adds a provider's remediation entries to the catalogue, so docs/errors.md lists them.
 * Provider packages call it when their module loads. Idempotent: an entry whose id this
 * provider already registered (from this or another copy of its package) is skipped.
 * @throws TypeError when an entry names another provider, has a code without a generic
 * entry, or has an id already taken by core or another provider (ids are docs anchors).
 */
export function registerRemediations(set: ProviderRemediations): void {
  const store = remediationStore();
  const { provider, title, entries } = set;
  if (typeof provider !== 'string' || provider.length === 0) throw new TypeError('osauth: remediations need a provider name');
  if (typeof title !== 'string' || title.length === 0) throw new TypeError(`osauth: the remediations of "${provider}" need a title`);
  const added: RemediationEntry[] = [];
  const ids = new Set<string>();
  // Everything is checked before anything is added, so a bad set changes nothing.
  for (const entry of entries) {
    if (entry.provider !== provider) throw new TypeError(`osauth: remediation "${entry.id}" belongs to "${entry.provider ?? 'core'}", not "${provider}"`);
    if (!store.generic.has(entry.code)) throw new TypeError(`osauth: remediation "${entry.id}" has an unknown code ${entry.code}`);
    const existing = store.byId.get(entry.id);
    if (existing !== undefined && existing.provider !== provider) {
      throw new TypeError(`osauth: remediation id "${entry.id}" is taken by "${existing.provider ?? 'core'}"`);
    }
    if (existing === undefined && !ids.has(entry.id)) added.push(entry);
    ids.add(entry.id);
  }
  let registered = store.providers.get(provider);
  if (registered === undefined) {
    registered = { provider, title, entries: [] };
    store.providers.set(provider, registered);
  }
  for (const entry of added) {
    store.byId.set(entry.id, entry);
    store.catalogue.push(entry);
    registered.entries.push(entry);
  }
}

/**
 * Every remediation of this process, generic entries first, then the registered providers'
 * in registration order. A live view: entries registered later appear in it.
 * @internal
 */
export const remediationCatalogue: readonly RemediationEntry[] = remediationStore().catalogue;

/**
 * Each provider that registered remediations, in registration order, with its title and entries.
 * @internal
 */
export function registeredRemediationProviders(): readonly ProviderRemediations[] {
  return [...remediationStore().providers.values()].map(({ provider, title, entries }) => ({ provider, title, entries: [...entries] }));
}

/**
 * The registered entry with this id (generic or a provider's), if any.
 * @internal For the deprecated `remediationId` option.
 */
export function registeredRemediation(id: string): RemediationEntry | undefined {
  return remediationStore().byId.get(id);
}

/**
 * The generic entry of `code`.
 * @internal
 * @throws Error when no generic entry exists for `code`.
 */
export function genericRemediation(code: ErrorCode): RemediationEntry {
  const entry = remediationStore().generic.get(code);
  if (entry === undefined) throw new Error(`osauth: no remediation for code ${code}`);
  return entry;
}
