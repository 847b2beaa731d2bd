/**
 * The `default` cluster as the environment describes it, or `undefined` when the
 * environment says nothing (neither `OSAUTH_NODE` nor `OSAUTH_PROVIDER` is set).
 * Secrets are referenced (`{ fromEnv }`), never copied, so they are resolved and
 * registered for redaction like any other secret.
 *
 * Cloud conventions that the providers read themselves (AWS_REGION, AWS_PROFILE,
 * AWS_WEB_IDENTITY_TOKEN_FILE, ALIBABA_CLOUD_ACCESS_KEY_ID…) are left to them.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
  const node = env.OSAUTH_NODE?.trim();
  const provider = env.OSAUTH_PROVIDER?.trim() || inferProvider(node);
  if (!node && !provider) return undefined;
  const config: Record<string, unknown> = {};
  if (node) config.node = node.includes(',') ? node.split(',').map((n) => n.trim()).filter(Boolean) : node;
  if (provider) config.auth = authFromEnv(provider, env);
  return config;
}

function inferProvider(node: string | undefined): string | undefined {
  if (!node) return undefined;
  return /\.(es|aoss)\.amazonaws\.com(\.cn)?(:\d+)?(\/|,|$)/i.test(node) ? 'aws' : undefined;
}

function authFromEnv(provider: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  switch (provider) {
    case 'aws':
      return awsFromEnv(env);
    case 'alibaba':
      return alibabaFromEnv(env);
    case 'basic':
      return {
        provider,
        ...(env.OSAUTH_USERNAME ? { username: env.OSAUTH_USERNAME } : {}),
        ...(env.OSAUTH_PASSWORD ? { password: { fromEnv: 'OSAUTH_PASSWORD' } } : {}),
      };
    default:
      return { provider };
  }
}

function awsFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const auth: Record<string, unknown> = { provider: 'aws' };
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

function alibabaFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const mode = env.OSAUTH_ALIBABA_MODE || inferAlibabaMode(env);
  if (mode === 'basic') {
    return {
      provider: 'alibaba',
      mode,
      ...(env.OSAUTH_USERNAME ? { username: env.OSAUTH_USERNAME } : {}),
      ...(env.OSAUTH_PASSWORD ? { password: { fromEnv: 'OSAUTH_PASSWORD' } } : {}),
    };
  }
  if (mode === 'sts' && env.ALIBABA_CLOUD_ROLE_ARN) {
    // The provider reads ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET itself for AssumeRole.
    return {
      provider: 'alibaba',
      mode,
      roleArn: env.ALIBABA_CLOUD_ROLE_ARN,
      ...(env.ALIBABA_CLOUD_ROLE_SESSION_NAME ? { roleSessionName: env.ALIBABA_CLOUD_ROLE_SESSION_NAME } : {}),
      ...(env.OSAUTH_ALIBABA_STS_ENDPOINT ? { stsEndpoint: env.OSAUTH_ALIBABA_STS_ENDPOINT } : {}),
    };
  }
  if (mode === 'sts') {
    return {
      provider: 'alibaba',
      mode,
      accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID,
      accessKeySecret: { fromEnv: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' },
      securityToken: { fromEnv: 'ALIBABA_CLOUD_SECURITY_TOKEN' },
    };
  }
  return { provider: 'alibaba', mode: 'bearer', ...(env.OSAUTH_API_KEY_ENV ? { apiKeyEnv: env.OSAUTH_API_KEY_ENV } : {}) };
}

function inferAlibabaMode(env: NodeJS.ProcessEnv): string {
  if (env.ALIBABA_CLOUD_ROLE_ARN || env.ALIBABA_CLOUD_SECURITY_TOKEN) return 'sts';
  if (env.OSAUTH_USERNAME) return 'basic';
  return 'bearer';
}
