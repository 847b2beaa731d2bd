import { Container, type ServiceIdentifier } from 'inversify';
import { AwsSigV4Provider } from '@osauth/aws';
import type { AuthProviderConstructor } from '@osauth/core';
import { BasicAuthProvider } from './providers/basic-auth-provider';
import { NoAuthProvider } from './providers/no-auth-provider';

/** The container key under which provider classes are bound, each named by its provider name. */
export const AUTH_PROVIDER: ServiceIdentifier<AuthProviderConstructor> = Symbol.for('@osauth/factory/AuthProvider');

/** The providers osauth binds by default, by name. */
export const BUILT_IN_PROVIDERS: Readonly<Record<string, AuthProviderConstructor>> = {
  aws: AwsSigV4Provider as AuthProviderConstructor,
  basic: BasicAuthProvider as AuthProviderConstructor,
  none: NoAuthProvider as AuthProviderConstructor,
};

/** A container with every built-in provider bound under its name. */
export function createProviderContainer(): Container {
  const container = new Container();
  for (const [name, provider] of Object.entries(BUILT_IN_PROVIDERS)) {
    container.bind(AUTH_PROVIDER).toConstantValue(provider).whenNamed(name);
  }
  return container;
}
