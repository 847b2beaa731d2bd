import { Container, type GetAllOptions, type ServiceIdentifier } from 'inversify';
import { AlibabaProvider } from '@osauth/alibaba';
import { AwsSigV4Provider } from '@osauth/aws';
import type { AuthProviderConstructor } from '@osauth/core';
import { BasicAuthProvider } from './providers/basic-auth-provider';
import { NoAuthProvider } from './providers/no-auth-provider';

/** The container key under which provider classes are bound, each named by its provider name. */
export const AUTH_PROVIDER: ServiceIdentifier<AuthProviderConstructor> = Symbol.for('@osauth/factory/AuthProvider');

/** The providers osauth binds by default, by name. */
export const BUILT_IN_PROVIDERS: Readonly<Record<string, AuthProviderConstructor>> = {
  aws: AwsSigV4Provider as AuthProviderConstructor,
  alibaba: AlibabaProvider as AuthProviderConstructor,
  basic: BasicAuthProvider as AuthProviderConstructor,
  none: NoAuthProvider as AuthProviderConstructor,
};

/**
 * Binds every built-in provider under its name, except names the container already has a
 * binding for: a provider the application bound first wins.
 */
export function bindBuiltInProviders(container: Container): void {
  for (const [name, provider] of Object.entries(BUILT_IN_PROVIDERS)) {
    if (container.isBound(AUTH_PROVIDER, { name })) continue;
    container.bind(AUTH_PROVIDER).toConstantValue(provider).whenNamed(name);
  }
}

/** A container with every built-in provider bound under its name. */
export function createProviderContainer(): Container {
  const container = new Container();
  bindBuiltInProviders(container);
  return container;
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
export function resolveProviderClass(
  container: BindingSource,
  name: string,
): AuthProviderConstructor | undefined {
  const all = container.getAll(AUTH_PROVIDER, { name, optional: true });
  return all[all.length - 1];
}

/** Finds the provider class for a name: how the factory sees a container. */
export type ProviderLookup = (name: string) => AuthProviderConstructor | undefined;

/**
 * A {@link ProviderLookup} over an inversify container or resolution context; names the
 * container does not bind fall back to the built-in providers.
 */
export function lookupIn(container: BindingSource): ProviderLookup {
  return (name) => resolveProviderClass(container, name) ?? (Object.hasOwn(BUILT_IN_PROVIDERS, name) ? BUILT_IN_PROVIDERS[name] : undefined);
}
