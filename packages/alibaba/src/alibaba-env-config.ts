type Env = Readonly<Record<string, string | undefined>>;

/**
 * The `auth` keys the environment gives the `alibaba` provider (for `loadConfig`'s
 * environment layer). The mode is `OSAUTH_ALIBABA_MODE`, else inferred: a role ARN or a
 * security token → `sts`, `OSAUTH_USERNAME` → `basic`, else `bearer`. Secrets are referenced
 * (`{ fromEnv }`), so they resolve to Secrets; the provider reads `DASHSCOPE_API_KEY` and the
 * AccessKey variables for AssumeRole itself, from the same environment.
 */
export function alibabaAuthFromEnv(env: Env): Record<string, unknown> {
  const mode = env.OSAUTH_ALIBABA_MODE || inferMode(env);
  // A mode osauth does not know is passed on, for the provider to reject (naming the
  // variable), rather than read as `bearer`.
  if (mode !== 'bearer' && mode !== 'basic' && mode !== 'sts') return { mode };
  if (mode === 'basic') {
    return {
      mode,
      ...(env.OSAUTH_USERNAME ? { username: env.OSAUTH_USERNAME } : {}),
      ...(env.OSAUTH_PASSWORD ? { password: { fromEnv: 'OSAUTH_PASSWORD' } } : {}),
    };
  }
  if (mode === 'sts' && env.ALIBABA_CLOUD_ROLE_ARN) {
    return {
      mode,
      roleArn: env.ALIBABA_CLOUD_ROLE_ARN,
      ...(env.ALIBABA_CLOUD_ROLE_SESSION_NAME ? { roleSessionName: env.ALIBABA_CLOUD_ROLE_SESSION_NAME } : {}),
      ...(env.OSAUTH_ALIBABA_STS_ENDPOINT ? { stsEndpoint: env.OSAUTH_ALIBABA_STS_ENDPOINT } : {}),
    };
  }
  if (mode === 'sts') {
    return {
      mode,
      accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID,
      accessKeySecret: { fromEnv: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' },
      securityToken: { fromEnv: 'ALIBABA_CLOUD_SECURITY_TOKEN' },
    };
  }
  return { mode: 'bearer', ...(env.OSAUTH_API_KEY_ENV ? { apiKeyEnv: env.OSAUTH_API_KEY_ENV } : {}) };
}

function inferMode(env: Env): string {
  if (env.ALIBABA_CLOUD_ROLE_ARN || env.ALIBABA_CLOUD_SECURITY_TOKEN) return 'sts';
  if (env.OSAUTH_USERNAME) return 'basic';
  return 'bearer';
}
