import type { Container, GetAllOptions, ServiceIdentifier } from 'inversify';
import { type AuthProviderConstructor, ConfigError, type ProviderRegistration, registeredProvider, registeredProviderNames } from '@osauth/core';
import { BasicAuthProvider } from './providers/basic-auth-provider';
import { NoAuthProvider } from './providers/no-auth-provider';
import { unknownProviderMessage } from './unknown-provider';

/** The container key under which provider classes are bound, each named by its provider name. */
export const AUTH_PROVIDER: ServiceIdentifier<AuthProviderConstructor> = Symbol.for('@osauth/factory/AuthProvider');

// The providers that need no package of their own.
const GENERIC_PROVIDERS: Readonly<Record<string, AuthProviderConstructor>> = {
  basic: BasicAuthProvider,
  none: NoAuthProvider,
};

// A provider name that may be the last part of an `@osauth/…` package name.
const PACKAGE_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** The package that provides `name` by convention: `aws` → `@osauth/aws`. */
export function providerPackageOf(name: string): string | undefined {
  return PACKAGE_NAME.test(name) && !Object.hasOwn(GENERIC_PROVIDERS, name) ? `@osauth/${name}` : undefined;
}

/**
 * The registration of provider `name`: `basic` and `none` from here; any other from the
 * package that registered it, loading `@osauth/<name>` on first use when it is installed.
 * A bundler cannot see that on-demand load: an app that is bundled imports the package
 * (`import '@osauth/aws'`), which registers it.
 * @throws {@link ConfigError} when the name needs a package that is not installed.
 */
export function builtInRegistration(name: string, path = 'auth.provider'): ProviderRegistration | undefined {
  if (Object.hasOwn(GENERIC_PROVIDERS, name)) return { provider: GENERIC_PROVIDERS[name] as AuthProviderConstructor };
  const registered = registeredProvider(name);
  if (registered !== undefined) return registered;
  const packageName = providerPackageOf(name);
  if (packageName === undefined) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand: only the providers a config names are loaded
    require(packageName);
  } catch (error) {
    // Only the package itself missing means "not installed" (a dependency of it missing is
    // an install problem to report as it is); jest's module map words it its own way.
    const message = String((error as Error).message);
    if (!message.includes(`Cannot find module '${packageName}'`) && !message.includes(`Could not locate module ${packageName} `)) throw error;
    throw new ConfigError({ path, message: unknownProviderMessage(name, availableProviderNames(), packageName) });
  }
  return registeredProvider(name);
}

/** The provider names a config can use without loading anything: `basic`, `none` and those registered so far. */
export function availableProviderNames(): string[] {
  return [...Object.keys(GENERIC_PROVIDERS), ...registeredProviderNames()];
}

/**
 * The providers osauth can bind by name: `basic`, `none`, and every `@osauth/<name>` provider
 * package, loaded when first read (`BUILT_IN_PROVIDERS.aws` loads `@osauth/aws`). Listing the
 * object shows `basic`, `none` and the provider packages loaded so far.
 */
export const BUILT_IN_PROVIDERS: Readonly<Record<string, AuthProviderConstructor>> = new Proxy(
  {},
  {
    get: (_target, name) => (typeof name === 'string' ? builtInRegistration(name)?.provider : undefined),
    has: (_target, name) => typeof name === 'string' && builtInRegistration(name) !== undefined,
    ownKeys: () => availableProviderNames(),
    getOwnPropertyDescriptor: (_target, name) => {
      const provider = typeof name === 'string' ? builtInRegistration(name)?.provider : undefined;
      return provider === undefined ? undefined : { value: provider, enumerable: true, configurable: true, writable: false };
    },
  },
);

/**
 * Binds `basic`, `none` and every provider package registered so far under its name, except
 * names the container already has a binding for: a provider the application bound first
 * wins. Provider packages loaded later are still found: a container's lookup falls back to
 * them for names it does not bind.
 */
export function bindBuiltInProviders(container: Pick<Container, 'bind' | 'isBound'>): void {
  for (const name of availableProviderNames()) {
    if (container.isBound(AUTH_PROVIDER, { name })) continue;
    const provider = builtInRegistration(name)?.provider;
    if (provider) container.bind(AUTH_PROVIDER).toConstantValue(provider).whenNamed(name);
  }
}

/** Anything that resolves all bindings of a service: a container or a resolution context. */
export interface BindingSource {
  getAll<T>(serviceIdentifier: ServiceIdentifier<T>, options?: GetAllOptions): T[];
}

/**
 * The provider class bound under `name`, or `undefined`. When several bindings match (an
 * application bound its own class under a built-in name), the last one bound wins: binding
 * again replaces.
 */
export function resolveProviderClass(container: BindingSource, name: string): AuthProviderConstructor | undefined {
  const all = container.getAll(AUTH_PROVIDER, { name, optional: true });
  return all[all.length - 1];
}

/** Finds the provider registration for a name: how the factory sees a container, or none. */
export type ProviderLookup = (name: string) => ProviderRegistration | undefined;

/** The built-in providers, without a container (and without loading inversify). */
export const builtInLookup: ProviderLookup = (name) => builtInRegistration(name);

/**
 * A {@link ProviderLookup} over an inversify container or resolution context; names the
 * container does not bind fall back to the built-in providers.
 */
export function lookupIn(container: BindingSource): ProviderLookup {
  return (name) => {
    const bound = resolveProviderClass(container, name);
    if (bound === undefined) return builtInRegistration(name);
    // A class bound under a provider package's name keeps that package's env knowledge.
    const registered = registeredProvider(name);
    return registered?.provider === bound ? registered : { provider: bound };
  };
}
