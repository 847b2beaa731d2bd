import { scopeFromHost } from './infer-signing-scope';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The `auth` keys the environment gives the `aws` provider (for `loadConfig`'s environment
 * layer): `OSAUTH_AWS_SERVICE` → `service`, `AWS_REGION` / `AWS_DEFAULT_REGION` → `region`,
 * and `AWS_ROLE_ARN` (with `AWS_ROLE_SESSION_NAME`) → a role to assume when no web identity
 * token file is set. Keys and profiles are left to the AWS default credential chain.
 */
export function awsAuthFromEnv(env: Env): Record<string, unknown> {
  const auth: Record<string, unknown> = {};
  if (env.OSAUTH_AWS_SERVICE) auth.service = env.OSAUTH_AWS_SERVICE;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (region) auth.region = region;
  // With a web identity token file, AWS_ROLE_ARN belongs to the default chain; alone, it
  // names a role to assume with the default chain's credentials.
  if (env.AWS_ROLE_ARN && !env.AWS_WEB_IDENTITY_TOKEN_FILE) {
    auth.credentials = {
      roleArn: env.AWS_ROLE_ARN,
      ...(env.AWS_ROLE_SESSION_NAME ? { roleSessionName: env.AWS_ROLE_SESSION_NAME } : {}),
    };
  }
  return auth;
}

/** Whether `url` is an Amazon OpenSearch Service or Serverless endpoint (`*.es|aoss.amazonaws.com`). */
export function isAwsNode(url: URL): boolean {
  return scopeFromHost(url.hostname).service !== undefined;
}
