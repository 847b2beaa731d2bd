import type { AuthProviderConstructor } from './provider-constructor';

/**
 * What a provider package registers besides its class: how the factory may build its config
 * from the environment and recognise its endpoints, so that this knowledge stays with the
 * provider's own package.
 */
export interface ProviderRegistration {
  /** The class the factory constructs as `new Provider(authConfig, context)`. */
  readonly provider: AuthProviderConstructor;
  /**
   * The `auth` section the environment describes for this provider (its own variables, e.g.
   * `AWS_REGION` or `DASHSCOPE_API_KEY`), with secrets as `{ fromEnv: 'NAME' }` references;
   * `undefined` when the environment says nothing of it.
   */
  readonly authFromEnv?: (env: Readonly<Record<string, string | undefined>>) => Record<string, unknown> | undefined;
  /** Whether a node URL is one of this provider's endpoints (to infer the provider from `OSAUTH_NODE`). */
  readonly recognisesNode?: (url: URL) => boolean;
}

interface ProviderStore {
  readonly byName: Map<string, ProviderRegistration>;
}

const STORE_KEY = Symbol.for('@osauth/core/provider-registry.v1');

// One per process, shared by every copy of this package (CJS and ESM builds), fixed on
// globalThis and sealed like the secret store (test runners sweep configurable globals).
function store(): ProviderStore {
  const holder = globalThis as { [STORE_KEY]?: ProviderStore };
  const existing = holder[STORE_KEY];
  if (existing !== undefined) return existing;
  const created: ProviderStore = Object.seal({ byName: new Map() });
  Object.defineProperty(globalThis, STORE_KEY, { value: created, configurable: false, enumerable: false, writable: false });
  return created;
}

/**
 * Makes a provider available by `name` to `createClient` and `loadConfig` without a
 * container. Provider packages call it when they load (`import '@osauth/aws'`), so a bundled
 * app that imports the package finds its provider. Registering a name again replaces it.
 */
export function registerProvider(name: string, registration: ProviderRegistration): void {
  store().byName.set(name, registration);
}

/**
 * The registration under `name`, if a provider package registered one.
 * @internal
 */
export function registeredProvider(name: string): ProviderRegistration | undefined {
  return store().byName.get(name);
}

/**
 * The names registered so far, in registration order.
 * @internal
 */
export function registeredProviderNames(): readonly string[] {
  return [...store().byName.keys()];
}
