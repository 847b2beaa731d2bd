/**
 * `@osauth/factory`: one config object in, an authenticated `@opensearch-project/opensearch`
 * client out, with every auth failure thrown as a typed error that says what to fix.
 *
 * ```ts
 * import { createClient } from '@osauth/factory';
 * import '@osauth/aws'; // the aws provider and its config type
 *
 * const client = createClient({ node: 'https://abc.us-east-1.aoss.amazonaws.com', auth: { provider: 'aws' } });
 * ```
 * @packageDocumentation
 */
export { createClient, type CreateClientOptions } from './create-client';
export { loadConfig, type LoadConfigOptions, type LoadedConfig } from './load-config/load-config';
export type { SecretRef } from './load-config/secret-refs';
export { createClientRegistry, type ClientRegistry, type ClientRegistryOptions } from './client-registry';
export { osauthModule, OSAUTH_CONFIG, OSAUTH_CLIENTS, OPENSEARCH_CLIENT } from './osauth-module';
export { AUTH_PROVIDER, BUILT_IN_PROVIDERS, bindBuiltInProviders } from './provider-registry';
export type { AuthConfig, AuthConfigRegistry, CommonAuthConfig, OsAuthConfig, PassThroughClientOptions, ReservedClientOption } from './config';
export type { BasicAuthConfig } from './providers/basic-auth-provider';
export type { NoAuthConfig } from './providers/no-auth-provider';
export {
  OsAuthError,
  AuthenticationError,
  NetworkPolicyDeniedError,
  AuthorizationError,
  InvalidCredentialsError,
  InvalidSecurityTokenError,
  ExpiredCredentialsError,
  SignatureMismatchError,
  ClockSkewError,
  CredentialsUnavailableError,
  ConfigError,
  UntrustedHostError,
  type ConfigProblem,
  Secret,
  ErrorCodes,
  type ErrorCode,
  type AuthProvider,
  type AuthProviderConstructor,
  type AuthRequest,
  type Authorization,
  type FailedResponse,
  type ProviderContext,
  type FailedAttempt,
  type OsAuthEvent,
  type OsAuthEventListener,
  type RequestSignedEvent,
  type DebugOptions,
  type SignatureDiff,
  type SignatureDiffPart,
} from '@osauth/core';
