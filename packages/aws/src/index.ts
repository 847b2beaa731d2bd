/**
 * `@osauth/aws`: AWS Signature Version 4 for Amazon OpenSearch Service (`es`) and
 * OpenSearch Serverless (`aoss`). Usually used through `@osauth/factory`.
 * @packageDocumentation
 */
export { AwsSigV4Provider, type AwsProviderDiagnostics } from './aws-sigv4-provider';
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
