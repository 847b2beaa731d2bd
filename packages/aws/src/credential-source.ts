import {
  fromIni,
  fromNodeProviderChain,
  fromTemporaryCredentials,
  fromTokenFile,
} from '@aws-sdk/credential-providers';
import { ConfigError } from '@osauth/core';
import type {
  AwsAssumeRoleCredentialsConfig,
  AwsCredentialIdentity,
  AwsCredentialProvider,
  AwsCredentialsConfig,
  AwsStaticCredentialsConfig,
} from './aws-auth-config';

/** A credential source and how far its answers can be trusted without an `expiration`. */
export interface ResolvedCredentialSource {
  readonly fetch: AwsCredentialProvider;
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

/** Turns the `credentials` config into a source, validating its shape (never echoing values). */
export function resolveCredentialSource(
  config: AwsCredentialsConfig | undefined,
  path: string,
  region: string,
  timeoutMs = 5_000,
): ResolvedCredentialSource {
  if (config === undefined) {
    return {
      // Container and instance metadata get a share of the overall timeout, with retries.
      fetch: fromNodeProviderChain({ timeout: Math.max(250, Math.floor(timeoutMs / 3)), maxRetries: 2 }),
      kind: 'default-chain',
      canRefresh: true,
      maxAgeWithoutExpirationMs: REREAD_ROTATABLE_MS,
    };
  }
  if (typeof config === 'function') {
    return { fetch: checked(config, path), kind: 'function', canRefresh: true, maxAgeWithoutExpirationMs: REREAD_ROTATABLE_MS };
  }
  if (typeof config !== 'object' || config === null) {
    throw new ConfigError({ path, provider: 'aws', message: `must be an object or a function, got ${typeof config}.` });
  }
  if ('roleArn' in config && 'webIdentityTokenFile' in config) {
    requireString(config, 'roleArn', path);
    requireString(config, 'webIdentityTokenFile', path);
    const fetch = fromTokenFile({
      webIdentityTokenFile: config.webIdentityTokenFile,
      roleArn: config.roleArn,
      ...(config.roleSessionName ? { roleSessionName: config.roleSessionName } : {}),
      clientConfig: stsClientConfig(region, config.stsEndpoint, `${path}.stsEndpoint`, timeoutMs),
    });
    return { fetch: checked(fetch, path), kind: 'web-identity', canRefresh: true, maxAgeWithoutExpirationMs: REREAD_ROTATABLE_MS };
  }
  if ('roleArn' in config) return assumeRole(config, path, region, timeoutMs);
  if ('profile' in config) {
    requireString(config, 'profile', path);
    // ignoreCache: a profile file rewritten on disk (e.g. by `aws sso login`) is picked up on re-read.
    const fetch = fromIni({ profile: config.profile, ignoreCache: true });
    return { fetch: checked(fetch, path), kind: 'profile', canRefresh: true, maxAgeWithoutExpirationMs: REREAD_ROTATABLE_MS };
  }
  if ('accessKeyId' in config || 'secretAccessKey' in config) {
    const keys = staticKeys(config as AwsStaticCredentialsConfig, path);
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
    message:
      'unrecognised shape: give { accessKeyId, secretAccessKey, sessionToken? }, { profile }, { roleArn, … }, { webIdentityTokenFile, roleArn } or a function returning credentials.',
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
  const source = config.source === undefined ? undefined : resolveCredentialSource(config.source, `${path}.source`, region, timeoutMs).fetch;
  const fetch = fromTemporaryCredentials({
    params: {
      RoleArn: config.roleArn,
      RoleSessionName: config.roleSessionName ?? `osauth-${Date.now()}`,
      DurationSeconds: duration ?? 3600,
      ...(config.externalId ? { ExternalId: config.externalId } : {}),
    },
    ...(source ? { masterCredentials: source } : {}),
    clientConfig: stsClientConfig(region, config.stsEndpoint, `${path}.stsEndpoint`, timeoutMs),
  });
  return { fetch: checked(fetch, path), kind: 'assume-role', canRefresh: true, maxAgeWithoutExpirationMs: REREAD_ROTATABLE_MS };
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

function staticKeys(config: AwsStaticCredentialsConfig, path: string): AwsCredentialIdentity {
  requireString(config, 'accessKeyId', path);
  requireString(config, 'secretAccessKey', path);
  if (config.sessionToken !== undefined) requireString(config, 'sessionToken', path);
  return {
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    ...(config.sessionToken ? { sessionToken: config.sessionToken } : {}),
  };
}

function requireString<K extends string>(config: object, key: K, path: string): void {
  const value = (config as Record<string, unknown>)[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError({
      path: `${path}.${key}`,
      provider: 'aws',
      message: value === undefined ? 'required.' : `must be a non-empty string, got ${value === '' ? 'an empty string' : typeof value}.`,
    });
  }
}

/** Wraps a source so that a malformed answer fails loudly instead of signing with `undefined`. */
function checked(fetch: () => Promise<AwsCredentialIdentity>, path: string): AwsCredentialProvider {
  return async () => {
    const credentials = await fetch();
    if (!credentials || typeof credentials.accessKeyId !== 'string' || typeof credentials.secretAccessKey !== 'string' || !credentials.accessKeyId || !credentials.secretAccessKey) {
      throw new Error(`the credential source at ${path} returned no accessKeyId/secretAccessKey`);
    }
    return credentials;
  };
}
