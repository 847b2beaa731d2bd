import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  type AuthProvider,
  type AuthRequest,
  type Authorization,
  type Clock,
  ConfigError,
  ConfigProblems,
  CredentialCache,
  type FailedAttempt,
  type FailedResponse,
  HmacKey,
  isSecret,
  type OsAuthError,
  type OsAuthEventListener,
  type ProviderContext,
  maskKeyId,
  rejectUnknownKeys,
  checkSigningHost,
  requestSignedEvent,
  revealSecret,
  Secret,
  SkewCorrectedClock,
  systemClock,
} from '@osauth/core';
import type { AlibabaAssumeRoleConfig, AlibabaAuthConfig, AlibabaStsCredentials } from './alibaba-auth-config';
import { AssumeRoleClient } from './assume-role';
import { classifyAlibabaError } from './classify-alibaba-error';
import { contentMd5Hex, stringToSign, type V3SignInput, v3Date, v3SignedHeaderNames, v3Signature } from './opensearch-v3-signature';

const DEFAULT_API_KEY_ENV = 'DASHSCOPE_API_KEY';
const DEFAULT_STS_ENDPOINT = 'https://sts.aliyuncs.com';

type Mode = { kind: 'header'; authorization: Secret } | { kind: 'sts'; cache: CredentialCache<AlibabaStsCredentials>; canRefresh: boolean };

/** The provider's credentials as diagnostics show them: what they are, never a secret part. */
export interface AlibabaCredentialsSummary {
  /** `bearer` (API key), `basic` (user and password), `static-sts` (a given STS token) or `assume-role`. */
  readonly source: 'bearer' | 'basic' | 'static-sts' | 'assume-role';
  /** The AccessKey id, masked (`STS.…ABCD`); STS modes only. */
  readonly maskedAccessKeyId?: string;
  /** Whether they are STS credentials, which expire. */
  readonly temporary: boolean;
  /** When they stop working, when STS said. */
  readonly expiration?: Date;
  /** The RAM role assumed, for `assume-role`. */
  readonly roleArn?: string;
}

/**
 * Authorizes requests for Alibaba Cloud: a bearer API key (AI Search, OpenSearch v3),
 * HTTP basic (Alibaba Cloud Elasticsearch), or STS credentials — static or from
 * `AssumeRole` — signed the Alibaba OpenSearch v3 way. Classifies Alibaba's failures
 * (POP, OpenSearch v3, AI Search and Elasticsearch shapes) into typed errors.
 *
 * Constructed by the factory from `auth: { provider: 'alibaba', mode, … }`; it never touches
 * the network until the first request.
 *
 * @example
 * ```ts
 * import { AlibabaProvider } from '@osauth/alibaba';
 * import { createClient } from '@osauth/factory';
 *
 * let alibaba: AlibabaProvider | undefined;
 * const client = createClient(
 *   { node: 'https://my-instance.cn-hangzhou.opensearch.aliyuncs.com', auth: { provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::1234567890123456:role/search-reader' } },
 *   { onProvider: (provider) => (alibaba = provider instanceof AlibabaProvider ? provider : undefined) },
 * );
 * console.log(await alibaba?.describeCredentials()); // { source: 'assume-role', temporary: true, … }
 * ```
 */
export class AlibabaProvider implements AuthProvider {
  readonly name = 'alibaba';
  /** Every token and key it sends is held as a Secret (see `AuthProvider.holdsSentSecrets`). */
  readonly holdsSentSecrets = true;
  /** The host requests are signed for and sent to as `Host` when it is not the node's (`auth.signingHost`). */
  readonly signingHost?: string;
  readonly noSniffingReason =
    'Alibaba Cloud OpenSearch, AI Search and Elasticsearch instances are reached through one endpoint that balances across their nodes; the nodes themselves cannot be reached or sniffed.';
  /** `bearer`, `basic` or `sts`. */
  readonly mode: AlibabaAuthConfig['mode'];
  private readonly state: Mode;
  /** Signs with the server's time once a clock-skew answer has taught it the offset. */
  private readonly clock: SkewCorrectedClock;
  private readonly emit: OsAuthEventListener;
  /** Whether each v3 signature is reported as a `request-signed` event (`debug.signing`). */
  private readonly traceSigning: boolean;
  // Private: pop-core's client keeps the AccessKey secret as a plain field.
  readonly #stsClient: AssumeRoleClient | undefined;
  /** The role AssumeRole assumes, when it does. */
  readonly #roleArn: string | undefined;
  // The last credential set's secret as an HMAC key: one set signs every request until refreshed.
  private secretKey: { credentials: AlibabaStsCredentials; key: HmacKey } | undefined;

  /**
   * Validates `config` (offline), reading fallbacks such as `DASHSCOPE_API_KEY` from `env`.
   * @throws A {@link ConfigError} listing every problem of `config`.
   */
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
    this.traceSigning = context.debug?.signing === true;
    if (typeof config !== 'object' || config === null) throw configError(path, 'must be an object.');
    // Every check runs, so that one ConfigError lists every problem of the section.
    const problems = new ConfigProblems('alibaba');
    const mode = (config as { mode?: unknown }).mode;
    if (mode !== 'bearer' && mode !== 'basic' && mode !== 'sts') {
      problems.add(`${path}.mode`, 'must be "bearer" (API key), "basic" (Elasticsearch user) or "sts" (STS token / AssumeRole).');
      // The keys are still checked, against those of every mode: a misspelt key is named too.
      problems.check(() => rejectUnknownKeys(config, ALL_KEYS, path, 'alibaba'));
      problems.throwIfAny();
    }
    this.mode = mode as AlibabaAuthConfig['mode'];
    problems.check(() => rejectUnknownKeys(config, keysOf(config), path, 'alibaba'));
    const signingHost = (config as { signingHost?: unknown }).signingHost;
    if (signingHost !== undefined) {
      const checked = problems.check(() => checkSigningHost(signingHost, `${path}.signingHost`, 'alibaba'));
      if (checked !== undefined) this.signingHost = checked;
    }

    let state: Mode | undefined;
    if (config.mode === 'bearer') {
      const apiKeyEnv = config.apiKeyEnv ?? DEFAULT_API_KEY_ENV;
      const apiKeyEnvValid = config.apiKeyEnv === undefined || /^[A-Za-z_][A-Za-z0-9_]*$/.test(config.apiKeyEnv);
      if (!apiKeyEnvValid) problems.add(`${path}.apiKeyEnv`, 'must be the name of an environment variable.');
      if (config.apiKey !== undefined && !isNonEmpty(config.apiKey)) {
        problems.add(`${path}.apiKey`, 'must be a non-empty string.');
      } else if (apiKeyEnvValid) {
        const apiKey = config.apiKey ?? env[apiKeyEnv];
        if (apiKey) state = { kind: 'header', authorization: new Secret(`Bearer ${revealSecret(apiKey)}`, [Secret.from(apiKey)]) };
        else problems.add(`${path}.apiKey`, `no API key: set auth.apiKey or the environment variable ${/^[A-Z_][A-Z0-9_]{0,63}$/.test(apiKeyEnv) ? apiKeyEnv : 'named by auth.apiKeyEnv'}.`);
      }
    } else if (config.mode === 'basic') {
      for (const key of ['username', 'password'] as const) {
        if (!isNonEmpty(config[key])) problems.add(`${path}.${key}`, 'must be a non-empty string.');
      }
      if (typeof config.username === 'string' && config.username.includes(':')) problems.add(`${path}.username`, 'must not contain ":".');
      if (!problems.found) {
        // The base64 of `user:password` is a secret of its own: it is what a server echoes.
        const pair = new Secret(Buffer.from(`${config.username}:${revealSecret(config.password)}`).toString('base64'));
        state = { kind: 'header', authorization: new Secret(`Basic ${pair.reveal()}`, [Secret.from(config.password), pair]) };
      }
    } else if ('securityToken' in config && config.securityToken !== undefined) {
      for (const key of ['accessKeyId', 'accessKeySecret', 'securityToken'] as const) {
        if (!isNonEmpty(config[key])) problems.add(`${path}.${key}`, 'must be a non-empty string.');
      }
      if (!problems.found) {
        const credentials: AlibabaStsCredentials = {
          accessKeyId: config.accessKeyId,
          accessKeySecret: Secret.from(config.accessKeySecret),
          securityToken: Secret.from(config.securityToken),
        };
        state = { kind: 'sts', cache: new CredentialCache(() => Promise.resolve(credentials), { provider: 'alibaba', clock: baseClock }), canRefresh: false };
      }
    } else {
      const params = assumeRoleParams(config, path, env, baseClock, problems);
      // The STS client is made only for a valid config: it may load the default credential chain.
      if (params !== undefined && !problems.found) {
        this.#roleArn = params.roleArn;
        this.#stsClient = new AssumeRoleClient(params);
        const client = this.#stsClient;
        const fetch = async () => {
          const credentials = await client.assumeRole();
          this.emit({ type: 'credentials-fetched', provider: 'alibaba', source: 'assume-role', ...(credentials.expiration ? { expiration: credentials.expiration.toISOString() } : {}) });
          return credentials;
        };
        state = { kind: 'sts', cache: new CredentialCache(fetch, { provider: 'alibaba', clock: baseClock, onEvent: this.emit }), canRefresh: true };
      }
    }
    problems.throwIfAny();
    // Set once no problem was found.
    this.state = state as Mode;
  }

  /**
   * Fetches (or reuses) the credentials and describes them, for diagnostics
   * (`osauth doctor`): never a secret part, and the key id masked.
   * @throws A [`CredentialsUnavailableError`](https://osauth.github.io/osauth/classes/_osauth_core.CredentialsUnavailableError.html)
   * (of `@osauth/core`, not imported here for a link to resolve) when AssumeRole fails.
   */
  async describeCredentials(): Promise<AlibabaCredentialsSummary> {
    if (this.state.kind === 'header') return { source: this.mode === 'basic' ? 'basic' : 'bearer', temporary: false };
    const held = await this.state.cache.get();
    const id = held.accessKeyId;
    return {
      source: this.#roleArn === undefined ? 'static-sts' : 'assume-role',
      maskedAccessKeyId: maskKeyId(id),
      temporary: true,
      ...(held.expiration ? { expiration: held.expiration } : {}),
      ...(this.#roleArn === undefined ? {} : { roleArn: this.#roleArn }),
    };
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
    const input: V3SignInput = { method: request.method, path: request.path, query: request.query, contentMd5, contentType, date, openSearchHeaders };
    const signature = this.traceSigning ? this.signTraced(input, credentials) : v3Signature(input, this.secretKeyOf(credentials));
    const headers: Record<string, string> = {
      authorization: `OPENSEARCH ${credentials.accessKeyId}:${signature}`,
      'content-type': contentType,
      date,
      ...openSearchHeaders,
    };
    if (contentMd5) headers['content-md5'] = contentMd5;
    return headers;
  }

  /** The v3 signature of `input`, reported first as a `request-signed` event (the token line redacted). */
  private signTraced(input: V3SignInput, credentials: AlibabaStsCredentials): string {
    const text = stringToSign(input);
    this.emit(requestSignedEvent({ provider: 'alibaba', method: input.method.toUpperCase(), path: input.path, signedHeaders: v3SignedHeaderNames(input), stringToSign: text }));
    return this.secretKeyOf(credentials).digest(text, 'base64');
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

/** AssumeRole's parameters, or `undefined` with every problem of them added to `problems`. */
function assumeRoleParams(config: AlibabaAssumeRoleConfig, path: string, env: Readonly<Record<string, string | undefined>>, clock: Clock, problems: ConfigProblems) {
  const before = problems.found;
  let ok = true;
  const problem = (key: string, message: string) => {
    ok = false;
    problems.add(`${path}.${key}`, message);
  };
  const roleArn = config.roleArn ?? env.ALIBABA_CLOUD_ROLE_ARN;
  if (!roleArn) problem('roleArn', 'sts mode needs either { accessKeyId, accessKeySecret, securityToken } or a roleArn (or ALIBABA_CLOUD_ROLE_ARN) to assume.');
  else if (!/^acs:ram::\d+:role\/.+/i.test(roleArn)) problem('roleArn', 'must be a RAM role ARN such as acs:ram::1234567890123456:role/search.');
  // Without a key in config, @alicloud/credentials' default chain finds one (the environment
  // variables first); a half-given key is a mistake worth naming.
  const accessKeyId = config.accessKeyId;
  const accessKeySecret = config.accessKeySecret === undefined || config.accessKeySecret === '' ? undefined : Secret.from(config.accessKeySecret);
  if (accessKeyId !== undefined && !accessKeySecret) problem('accessKeySecret', 'required with auth.accessKeyId (or give neither, to use the Alibaba Cloud default credential chain).');
  if (accessKeySecret !== undefined && !accessKeyId) problem('accessKeyId', 'required with auth.accessKeySecret (or give neither, to use the Alibaba Cloud default credential chain).');
  const durationSeconds = config.durationSeconds ?? 3600;
  if (!Number.isInteger(durationSeconds) || durationSeconds < 900 || durationSeconds > 43_200) problem('durationSeconds', 'must be an integer from 900 to 43200.');
  let endpoint = '';
  try {
    const url = new URL(config.stsEndpoint ?? DEFAULT_STS_ENDPOINT);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    if (url.username || url.password || url.search || url.hash) throw new Error('extras');
    // pop-core wants a lower-case scheme and appends "/" itself.
    endpoint = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    problem('stsEndpoint', 'must be a full http(s) URL without credentials or query, e.g. https://sts.aliyuncs.com.');
  }
  if (config.policy !== undefined) {
    try {
      JSON.parse(config.policy);
    } catch {
      problem('policy', 'must be a RAM policy document in JSON.');
    }
  }
  if (!ok || before || roleArn === undefined) return undefined;
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

// Every key of every mode, to check the keys against when the mode itself is wrong.
const ALL_KEYS: readonly string[] = ['provider', 'mode', 'signingHost', ...new Set(Object.values(MODE_KEYS).flat())];

function keysOf(config: AlibabaAuthConfig): string[] {
  const own = config.mode === 'sts' ? ('securityToken' in config && config.securityToken !== undefined ? MODE_KEYS.stsToken : MODE_KEYS.assumeRole) : MODE_KEYS[config.mode];
  return ['provider', 'mode', 'signingHost', ...own];
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
