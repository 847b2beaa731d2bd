import type * as CredentialProviders from '@aws-sdk/credential-providers';
import { ConfigError, ConfigProblems, isSecret, revealSecret, Secret } from '@osauth/core';
import type { AwsAssumeRoleCredentialsConfig, AwsCredentialIdentity, AwsCredentialsConfig, AwsStaticCredentialsConfig, HeldAwsCredentials } from './aws-auth-config';

/** Fetches credentials, their secret parts held as Secrets. */
export type HeldCredentialSource = () => Promise<HeldAwsCredentials>;

/** A credential source and how far its answers can be trusted without an `expiration`. */
export interface ResolvedCredentialSource {
  readonly fetch: HeldCredentialSource;
  /** What kind of source this is, for messages (`static`, `profile`, `assume-role`, …). */
  readonly kind: string;
  /** Whether the source can hand out new credentials after a rejection (not true for static keys). */
  readonly canRefresh: boolean;
  /**
   * How long credentials without `expiration` stay cached before a re-read: profile files
   * and the default chain may be rewritten under us, static keys never change.
   */
  readonly maxAgeWithoutExpirationMs: number;
}

const REREAD_ROTATABLE_MS = 5 * 60_000;

/**
 * The AWS SDK's credential providers, loaded only for sources that need them: static keys
 * sign without them, and they are most of what an AWS client costs to start. A literal
 * `require`, so bundlers still see and include them.
 */
function sdk(): typeof CredentialProviders {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return require('@aws-sdk/credential-providers') as typeof CredentialProviders;
}

/** Turns the `credentials` config into a source, validating its shape (never echoing values). */
export function resolveCredentialSource(config: AwsCredentialsConfig | undefined, path: string, region: string, timeoutMs = 5_000): ResolvedCredentialSource {
  if (config === undefined) {
    return {
      // Container and instance metadata get a share of the overall timeout, with retries.
      fetch: held(sdk().fromNodeProviderChain({ timeout: Math.max(250, Math.floor(timeoutMs / 3)), maxRetries: 2 }), path),
      kind: 'default-chain',
      canRefresh: true,
      maxAgeWithoutExpirationMs: REREAD_ROTATABLE_MS,
    };
  }
  if (typeof config === 'function') {
    return { fetch: held(config, path), kind: 'function', canRefresh: true, maxAgeWithoutExpirationMs: REREAD_ROTATABLE_MS };
  }
  if (typeof config !== 'object' || config === null) {
    throw new ConfigError({ path, provider: 'aws', message: `must be an object or a function, got ${typeof config}.` });
  }
  if ('roleArn' in config && 'webIdentityTokenFile' in config) {
    requireString(config, 'roleArn', path);
    requireString(config, 'webIdentityTokenFile', path);
    const fetch = sdk().fromTokenFile({
      webIdentityTokenFile: config.webIdentityTokenFile,
      roleArn: config.roleArn,
      ...(config.roleSessionName ? { roleSessionName: config.roleSessionName } : {}),
      clientConfig: stsClientConfig(region, config.stsEndpoint, `${path}.stsEndpoint`, timeoutMs),
    });
    return { fetch: held(fetch, path), kind: 'web-identity', canRefresh: true, maxAgeWithoutExpirationMs: REREAD_ROTATABLE_MS };
  }
  if ('roleArn' in config) return assumeRole(config, path, region, timeoutMs);
  if ('profile' in config) {
    requireString(config, 'profile', path);
    // ignoreCache: a profile file rewritten on disk (e.g. by `aws sso login`) is picked up on re-read.
    const fetch = sdk().fromIni({ profile: config.profile, ignoreCache: true });
    return { fetch: held(fetch, path), kind: 'profile', canRefresh: true, maxAgeWithoutExpirationMs: REREAD_ROTATABLE_MS };
  }
  if ('accessKeyId' in config || 'secretAccessKey' in config) {
    const keys = staticKeys(config, path);
    return {
      fetch: () => Promise.resolve(keys),
      kind: 'static',
      canRefresh: false,
      maxAgeWithoutExpirationMs: Number.POSITIVE_INFINITY,
    };
  }
  throw new ConfigError({
    path,
    provider: 'aws',
    message: 'unrecognised shape: give { accessKeyId, secretAccessKey, sessionToken? }, { profile }, { roleArn, … }, { webIdentityTokenFile, roleArn } or a function returning credentials.',
  });
}

function assumeRole(config: AwsAssumeRoleCredentialsConfig, path: string, region: string, timeoutMs: number): ResolvedCredentialSource {
  requireString(config, 'roleArn', path);
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(config.roleArn)) {
    throw new ConfigError({ path: `${path}.roleArn`, provider: 'aws', message: 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/search.' });
  }
  const duration = config.durationSeconds;
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 900 || duration > 43_200)) {
    throw new ConfigError({ path: `${path}.durationSeconds`, provider: 'aws', message: 'must be an integer from 900 to 43200.' });
  }
  // The source credentials that call STS are secrets too: the last ones stay held (and so
  // redacted, should STS or a proxy echo them) while the provider lives, and reach the AWS
  // SDK as plain strings only when it asks for them.
  const source = resolveCredentialSource(config.source, `${path}.source`, region, timeoutMs).fetch;
  const lastSource: { credentials?: HeldAwsCredentials } = {};
  const masterCredentials = (): Promise<AwsCredentialIdentity> =>
    source().then((credentials) => {
      lastSource.credentials = credentials;
      return plain(credentials);
    });
  const fetch = sdk().fromTemporaryCredentials({
    params: {
      RoleArn: config.roleArn,
      RoleSessionName: config.roleSessionName ?? `osauth-${Date.now()}`,
      DurationSeconds: duration ?? 3600,
      ...(config.externalId ? { ExternalId: config.externalId } : {}),
    },
    masterCredentials,
    clientConfig: stsClientConfig(region, config.stsEndpoint, `${path}.stsEndpoint`, timeoutMs),
  });
  return { fetch: held(fetch, path), kind: 'assume-role', canRefresh: true, maxAgeWithoutExpirationMs: REREAD_ROTATABLE_MS };
}

interface StsClientConfig {
  region: string;
  endpoint?: string;
  maxAttempts: number;
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean };
}

// STS calls get bounded retries (the SDK's jittered backoff) and socket timeouts that fit
// inside the overall credential timeout, so a hung STS never hangs a request.
function stsClientConfig(region: string, endpoint: string | undefined, path: string, timeoutMs: number): StsClientConfig {
  const perAttempt = Math.max(250, Math.floor(timeoutMs / 3));
  const base = { region, maxAttempts: 3, requestHandler: { connectionTimeout: perAttempt, requestTimeout: perAttempt, throwOnRequestTimeout: true } };
  if (endpoint === undefined) return base;
  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError({ path, provider: 'aws', message: 'must be an http(s) URL, e.g. https://sts.us-east-1.amazonaws.com.' });
  }
  return { ...base, endpoint };
}

function staticKeys(config: AwsStaticCredentialsConfig, path: string): HeldAwsCredentials {
  // Each key is checked, so that one error names every missing or empty one.
  const problems = new ConfigProblems('aws');
  problems.check(() => requireString(config, 'accessKeyId', path));
  problems.check(() => requireString(config, 'secretAccessKey', path));
  if (config.sessionToken !== undefined) problems.check(() => requireString(config, 'sessionToken', path));
  problems.throwIfAny();
  return {
    accessKeyId: config.accessKeyId,
    secretAccessKey: Secret.from(config.secretAccessKey),
    ...(config.sessionToken ? { sessionToken: Secret.from(config.sessionToken) } : {}),
  };
}

function requireString<K extends string>(config: object, key: K, path: string): void {
  const raw = (config as Record<string, unknown>)[key];
  const value = isSecret(raw) ? raw.reveal() : raw;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError({
      path: `${path}.${key}`,
      provider: 'aws',
      message: value === undefined ? 'required.' : `must be a non-empty string, got ${value === '' ? 'an empty string' : typeof value}.`,
    });
  }
}

/**
 * Wraps an AWS SDK-shaped source: a malformed answer fails loudly instead of signing with
 * `undefined`, and the secret parts are held as Secrets from the moment they arrive.
 */
function held(fetch: () => Promise<AwsCredentialIdentity | HeldAwsCredentials>, path: string): HeldCredentialSource {
  return async () => {
    const credentials = await fetch();
    const secretAccessKey: unknown = credentials?.secretAccessKey;
    const sessionToken: unknown = credentials?.sessionToken;
    const secretText = isSecret(secretAccessKey) ? secretAccessKey.reveal() : secretAccessKey;
    if (!credentials || typeof credentials.accessKeyId !== 'string' || !credentials.accessKeyId || typeof secretText !== 'string' || !secretText) {
      throw new Error(`the credential source at ${path} returned no accessKeyId/secretAccessKey`);
    }
    if (sessionToken !== undefined && typeof sessionToken !== 'string' && !isSecret(sessionToken)) {
      throw new Error(`the credential source at ${path} returned a sessionToken that is not a string`);
    }
    // The SDK marks which chain step answered (`$source`): kept, names only, for diagnostics.
    const $source: unknown = (credentials as { $source?: unknown }).$source;
    const sourceFeatures = typeof $source === 'object' && $source !== null ? Object.keys($source) : undefined;
    return {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: Secret.from(secretAccessKey as string | Secret),
      ...(sessionToken ? { sessionToken: Secret.from(sessionToken) } : {}),
      ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
      ...(sourceFeatures && sourceFeatures.length > 0 ? { sourceFeatures } : {}),
    };
  };
}

/** The AWS SDK shape of held credentials, for an SDK client that signs with them (STS). */
function plain(credentials: HeldAwsCredentials): AwsCredentialIdentity {
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: revealSecret(credentials.secretAccessKey),
    ...(credentials.sessionToken ? { sessionToken: revealSecret(credentials.sessionToken) } : {}),
    ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
  };
}
