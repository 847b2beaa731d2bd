/**
 * `@osauth/aws`: AWS Signature Version 4 for Amazon OpenSearch Service (`es`) and
 * OpenSearch Serverless (`aoss`). Usually used through `@osauth/factory`.
 * @packageDocumentation
 */
import { registerProvider } from '@osauth/core';
import type { AwsAuthConfig } from './aws-auth-config';
import { awsAuthFromEnv, isAwsNode } from './aws-env-config';
import { AwsSigV4Provider } from './aws-sigv4-provider';

// Importing the package makes `provider: 'aws'` available to createClient and loadConfig
// (and to bundlers, which cannot see the factory's on-demand load).
registerProvider('aws', { provider: AwsSigV4Provider, authFromEnv: awsAuthFromEnv, recognisesNode: isAwsNode });

declare module '@osauth/core' {
  /** `auth: { provider: 'aws', … }` in an osauth config. */
  interface ProviderConfigRegistry {
    aws: AwsAuthConfig;
  }
}

export { AwsSigV4Provider };
export type { AwsProviderDiagnostics, AwsCredentialsSummary } from './aws-sigv4-provider';
export type { AwsCallerIdentity, CallerIdentityOptions } from './caller-identity';
export type {
  AwsAuthConfig,
  AwsCredentialsConfig,
  AwsStaticCredentialsConfig,
  AwsProfileCredentialsConfig,
  AwsAssumeRoleCredentialsConfig,
  AwsWebIdentityCredentialsConfig,
  AwsCredentialIdentity,
  AwsCredentialProvider,
  AwsSigningService,
} from './aws-auth-config';
export type { SigningScope } from './infer-signing-scope';
