import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  type AuthProvider,
  type AuthRequest,
  type Authorization,
  type Clock,
  ConfigError,
  CredentialCache,
  type FailedAttempt,
  type FailedResponse,
  HmacKey,
  isSecret,
  type OsAuthError,
  type OsAuthEventListener,
  type ProviderContext,
  rejectUnknownKeys,
  revealSecret,
  Secret,
  SkewCorrectedClock,
  systemClock,
} from '@osauth/core';
import type { AlibabaAssumeRoleConfig, AlibabaAuthConfig, AlibabaStsCredentials } from './alibaba-auth-config';
import { AssumeRoleClient } from './assume-role';
import { classifyAlibabaError } from './classify-alibaba-error';
import { contentMd5Hex, v3Date, v3Signature } from './opensearch-v3-signature';

const DEFAULT_API_KEY_ENV = 'DASHSCOPE_API_KEY';
const DEFAULT_STS_ENDPOINT = 'https://sts.aliyuncs.com';

type Mode = { kind: 'header'; authorization: Secret } | { kind: 'sts'; cache: CredentialCache<AlibabaStsCredentials>; canRefresh: boolean };

/**
 * Authorizes requests for Alibaba Cloud: a bearer API key (AI Search, OpenSearch v3),
 * HTTP basic (Alibaba Cloud Elasticsearch), or STS credentials — static or from
 * `AssumeRole` — signed the Alibaba OpenSearch v3 way. Classifies Alibaba's failures
 * (POP, OpenSearch v3, AI Search and Elasticsearch shapes) into typed errors.
 */
export class AlibabaProvider implements AuthProvider {
  readonly name = 'alibaba';
  readonly noSniffingReason =
    'Alibaba Cloud OpenSearch, AI Search and Elasticsearch instances are reached through one endpoint that balances across their nodes; the nodes themselves cannot be reached or sniffed.';
  /** `bearer`, `basic` or `sts`. */
  readonly mode: AlibabaAuthConfig['mode'];
  private readonly state: Mode;
  /** Signs with the server's time once a clock-skew answer has taught it the offset. */
  private readonly clock: SkewCorrectedClock;
  private readonly emit: OsAuthEventListener;
  // Private: pop-core's client keeps the AccessKey secret as a plain field.
  readonly #stsClient: AssumeRoleClient | undefined;
  // The last credential set's secret as an HMAC key: one set signs every request until refreshed.
  private secretKey: { credentials: AlibabaStsCredentials; key: HmacKey } | undefined;

  constructor(config: AlibabaAuthConfig, context: ProviderContext, env: Readonly<Record<string, string | undefined>> = context.env ?? process.env) {
    const path = context.configPath;
    this.emit = (event) => {
      try {
        context.emit?.(event);
      } catch {
        // A listener's bug must not fail requests.
      }
    };
    const baseClock: Clock = context.clock ?? systemClock;
    this.clock = new SkewCorrectedClock(baseClock, 'alibaba', this.emit);
    if (typeof config !== 'object' || config === null) throw configError(path, 'must be an object.');
    const mode = (config as { mode?: unknown }).mode;
    if (mode !== 'bearer' && mode !== 'basic' && mode !== 'sts') {
      throw configError(`${path}.mode`, 'must be "bearer" (API key), "basic" (Elasticsearch user) or "sts" (STS token / AssumeRole).');
    }
    this.mode = mode;
    rejectUnknownKeys(config, keysOf(config), path, 'alibaba');

    if (config.mode === 'bearer') {
      const apiKeyEnv = config.apiKeyEnv ?? DEFAULT_API_KEY_ENV;
      if (config.apiKeyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(config.apiKeyEnv)) {
        throw configError(`${path}.apiKeyEnv`, 'must be the name of an environment variable.');
      }
      if (config.apiKey !== undefined && !isNonEmpty(config.apiKey)) {
        throw configError(`${path}.apiKey`, 'must be a non-empty string.');
      }
      const apiKey = config.apiKey ?? env[apiKeyEnv];
      if (!apiKey) {
        throw configError(`${path}.apiKey`, `no API key: set auth.apiKey or the environment variable ${/^[A-Z_][A-Z0-9_]{0,63}$/.test(apiKeyEnv) ? apiKeyEnv : 'named by auth.apiKeyEnv'}.`);
      }
      this.state = { kind: 'header', authorization: new Secret(`Bearer ${revealSecret(apiKey)}`, [Secret.from(apiKey)]) };
    } else if (config.mode === 'basic') {
      for (const key of ['username', 'password'] as const) {
        if (!isNonEmpty(config[key])) throw configError(`${path}.${key}`, 'must be a non-empty string.');
      }
      if (config.username.includes(':')) throw configError(`${path}.username`, 'must not contain ":".');
      // The base64 of `user:password` is a secret of its own: it is what a server echoes.
      const pair = new Secret(Buffer.from(`${config.username}:${revealSecret(config.password)}`).toString('base64'));
      this.state = { kind: 'header', authorization: new Secret(`Basic ${pair.reveal()}`, [Secret.from(config.password), pair]) };
    } else if ('securityToken' in config && config.securityToken !== undefined) {
      for (const key of ['accessKeyId', 'accessKeySecret', 'securityToken'] as const) {
        if (!isNonEmpty(config[key])) throw configError(`${path}.${key}`, 'must be a non-empty string.');
      }
      const credentials: AlibabaStsCredentials = {
        accessKeyId: config.accessKeyId,
        accessKeySecret: Secret.from(config.accessKeySecret),
        securityToken: Secret.from(config.securityToken),
      };
      this.state = { kind: 'sts', cache: new CredentialCache(() => Promise.resolve(credentials), { provider: 'alibaba', clock: baseClock }), canRefresh: false };
    } else {
      const role = config as AlibabaAssumeRoleConfig;
      this.#stsClient = new AssumeRoleClient(assumeRoleParams(role, path, env, baseClock));
      const client = this.#stsClient;
      const fetch = async () => {
        const credentials = await client.assumeRole();
        this.emit({ type: 'credentials-fetched', provider: 'alibaba', source: 'assume-role', ...(credentials.expiration ? { expiration: credentials.expiration.toISOString() } : {}) });
        return credentials;
      };
      this.state = { kind: 'sts', cache: new CredentialCache(fetch, { provider: 'alibaba', clock: baseClock }), canRefresh: true };
    }
  }

  /**
   * Fetches STS credentials ahead of the send, so a failing STS fails the request at once.
   * Returns nothing when there is nothing to wait for.
   */
  prepare(): Promise<void> | undefined {
    if (this.state.kind !== 'sts' || this.state.cache.current() !== undefined) return undefined;
    return this.state.cache.get().then(() => undefined);
  }

  /**
   * Authorizes at once when the key is static, or STS credentials are held and the body is
   * in memory; waits only to fetch credentials or to read a stream body.
   */
  authorize(request: AuthRequest): Authorization | Promise<Authorization> {
    if (this.state.kind === 'header') return { headers: { authorization: this.state.authorization.reveal() } };
    const body = request.body;
    const held = this.state.cache.current();
    if (held !== undefined && !(body instanceof Readable)) return { headers: this.signV3(request, held, body) };
    return this.authorizeLater(this.state.cache, request);
  }

  private async authorizeLater(cache: CredentialCache<AlibabaStsCredentials>, request: AuthRequest): Promise<Authorization> {
    const credentials = await cache.get();
    if (!(request.body instanceof Readable)) return { headers: this.signV3(request, credentials, request.body) };
    // A stream is read once: its bytes are signed and sent in its place.
    const body = await readAll(request.body);
    return { headers: this.signV3(request, credentials, body), body };
  }

  /** The HMAC key of `credentials`' secret, prepared once per credential set. */
  private secretKeyOf(credentials: AlibabaStsCredentials): HmacKey {
    const held = this.secretKey;
    if (held?.credentials === credentials) return held.key;
    const key = new HmacKey('sha1', credentials.accessKeySecret.reveal());
    this.secretKey = { credentials, key };
    return key;
  }

  /** The Alibaba OpenSearch v3 headers for `request` with `body` as sent. */
  private signV3(request: AuthRequest, credentials: AlibabaStsCredentials, body: string | Uint8Array | undefined): Record<string, string> {
    const contentType = request.headers['content-type'] ?? 'application/json';
    const date = v3Date(this.clock.now());
    const openSearchHeaders = { 'x-opensearch-nonce': nonce(), 'x-opensearch-security-token': credentials.securityToken.reveal() };
    const contentMd5 = body === undefined || (typeof body === 'string' ? body.length === 0 : body.byteLength === 0) ? '' : contentMd5Hex(body);
    const signature = v3Signature({ method: request.method, path: request.path, query: request.query, contentMd5, contentType, date, openSearchHeaders }, this.secretKeyOf(credentials));
    const headers: Record<string, string> = {
      authorization: `OPENSEARCH ${credentials.accessKeyId}:${signature}`,
      'content-type': contentType,
      date,
      ...openSearchHeaders,
    };
    if (contentMd5) headers['content-md5'] = contentMd5;
    return headers;
  }

  classifyError(response: FailedResponse): OsAuthError | undefined {
    return classifyAlibabaError(response, this.mode);
  }

  /**
   * Clock skew on a signed request: learn the offset from the response `Date` (bounded to
   * 24 h) and resend once. An expired or invalid STS token from AssumeRole: refresh once and
   * resend. Static tokens are final.
   */
  async recover(attempt: FailedAttempt): Promise<boolean> {
    if (this.state.kind !== 'sts') return false;
    const { code } = attempt.error;
    if (code === 'CLOCK_SKEW') return this.clock.correctFrom(attempt.response);
    if (!this.state.canRefresh) return false;
    if (code !== 'EXPIRED_CREDENTIALS' && code !== 'INVALID_SECURITY_TOKEN') return false;
    await this.state.cache.refreshAfterRejection(attempt.startedAt);
    this.emit({ type: 'retry-after-refresh', provider: 'alibaba', code });
    return true;
  }

  close(): Promise<void> {
    this.#stsClient?.close();
    return Promise.resolve();
  }
}

function assumeRoleParams(config: AlibabaAssumeRoleConfig, path: string, env: Readonly<Record<string, string | undefined>>, clock: Clock) {
  const roleArn = config.roleArn ?? env.ALIBABA_CLOUD_ROLE_ARN;
  if (!roleArn) {
    throw configError(`${path}.roleArn`, 'sts mode needs either { accessKeyId, accessKeySecret, securityToken } or a roleArn (or ALIBABA_CLOUD_ROLE_ARN) to assume.');
  }
  if (!/^acs:ram::\d+:role\/.+/i.test(roleArn)) throw configError(`${path}.roleArn`, 'must be a RAM role ARN such as acs:ram::1234567890123456:role/search.');
  // Without a key in config, @alicloud/credentials' default chain finds one (the environment
  // variables first); a half-given key is a mistake worth naming.
  const accessKeyId = config.accessKeyId;
  const accessKeySecret = config.accessKeySecret === undefined || config.accessKeySecret === '' ? undefined : Secret.from(config.accessKeySecret);
  if (accessKeyId !== undefined && !accessKeySecret)
    throw configError(`${path}.accessKeySecret`, 'required with auth.accessKeyId (or give neither, to use the Alibaba Cloud default credential chain).');
  if (accessKeySecret !== undefined && !accessKeyId)
    throw configError(`${path}.accessKeyId`, 'required with auth.accessKeySecret (or give neither, to use the Alibaba Cloud default credential chain).');
  const durationSeconds = config.durationSeconds ?? 3600;
  if (!Number.isInteger(durationSeconds) || durationSeconds < 900 || durationSeconds > 43_200) {
    throw configError(`${path}.durationSeconds`, 'must be an integer from 900 to 43200.');
  }
  let endpoint: string;
  try {
    const url = new URL(config.stsEndpoint ?? DEFAULT_STS_ENDPOINT);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    if (url.username || url.password || url.search || url.hash) throw new Error('extras');
    // pop-core wants a lower-case scheme and appends "/" itself.
    endpoint = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    throw configError(`${path}.stsEndpoint`, 'must be a full http(s) URL without credentials or query, e.g. https://sts.aliyuncs.com.');
  }
  if (config.policy !== undefined) {
    try {
      JSON.parse(config.policy);
    } catch {
      throw configError(`${path}.policy`, 'must be a RAM policy document in JSON.');
    }
  }
  return {
    endpoint,
    ...(accessKeyId && accessKeySecret ? { accessKeyId, accessKeySecret } : {}),
    roleArn,
    roleSessionName: config.roleSessionName ?? env.ALIBABA_CLOUD_ROLE_SESSION_NAME ?? `osauth-${clock.now()}`,
    ...(config.policy ? { policy: config.policy } : {}),
    durationSeconds,
    timeoutMs: config.timeoutMs ?? 5_000,
  };
}

/** Milliseconds, then 48 random bits in hex: unique per request. */
function nonce(): string {
  // randomUUID draws from a cached entropy pool; its first 12 hex digits are all random.
  const uuid = randomUUID();
  return `${Date.now()}${uuid.slice(0, 8)}${uuid.slice(9, 13)}`;
}

// The keys each mode takes; `sts` with a securityToken is a fixed token, without one AssumeRole.
const MODE_KEYS = {
  bearer: ['apiKey', 'apiKeyEnv'],
  basic: ['username', 'password'],
  stsToken: ['accessKeyId', 'accessKeySecret', 'securityToken'],
  assumeRole: ['roleArn', 'roleSessionName', 'policy', 'durationSeconds', 'accessKeyId', 'accessKeySecret', 'stsEndpoint', 'timeoutMs'],
} as const;

function keysOf(config: AlibabaAuthConfig): string[] {
  const own = config.mode === 'sts' ? ('securityToken' in config && config.securityToken !== undefined ? MODE_KEYS.stsToken : MODE_KEYS.assumeRole) : MODE_KEYS[config.mode];
  return ['provider', 'mode', ...own];
}

/** A non-empty string, or a Secret holding one. */
function isNonEmpty(value: unknown): value is string | Secret {
  const text = isSecret(value) ? value.reveal() : value;
  return typeof text === 'string' && text.trim() !== '';
}

function configError(path: string, message: string): ConfigError {
  return new ConfigError({ path, provider: 'alibaba', message });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
