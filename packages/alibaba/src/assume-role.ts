import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type AlibabaCredentialModule from '@alicloud/credentials';
import type RPCClient from '@alicloud/pop-core';
import { ConfigError, CredentialsUnavailableError, redactText, Secret } from '@osauth/core';
import type { AlibabaStsCredentials } from './alibaba-auth-config';
import { registerAlibabaKnowledge } from './register-alibaba-knowledge';
import { alibabaRemediation } from './remediation';

// STS answers and pop-core errors are redacted here (signed URLs with AccessKeyId and
// SecurityToken): Alibaba's credential shapes must be known before this module runs.
registerAlibabaKnowledge();

/** What an AssumeRole call needs. */
export interface AssumeRoleParams {
  readonly endpoint: string;
  /** The long-term key that calls STS; absent: the `@alicloud/credentials` default chain. */
  readonly accessKeyId?: string;
  readonly accessKeySecret?: Secret;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly policy?: string;
  readonly durationSeconds: number;
  readonly timeoutMs: number;
}

interface AssumeRoleResponse {
  readonly RequestId?: string;
  readonly Credentials?: { AccessKeyId?: string; AccessKeySecret?: string; SecurityToken?: string; Expiration?: string };
}

interface PopCoreError extends Error {
  code?: string;
  data?: { Code?: string; Message?: string; RequestId?: string; Recommend?: string };
  entry?: { response?: { statusCode?: number } };
}

// Both Alibaba SDKs are loaded only for AssumeRole (bearer and basic users never pay for
// them), and `@alicloud/credentials` only for the default chain: it is an optional peer
// dependency, as its dependencies force an old @types/node on TypeScript apps. Both are
// CommonJS with `exports.default`: the CJS build gets the class as the default export,
// Node's ESM loader the whole `module.exports`, so either is taken.
function defaultExport<T>(loaded: unknown): T {
  return ((loaded as { default?: T }).default ?? loaded) as T;
}

function popCore(): typeof RPCClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded for AssumeRole only
  return defaultExport<typeof RPCClient>(require('@alicloud/pop-core'));
}

function alibabaCredentials(): typeof AlibabaCredentialModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded for the default chain only
    return defaultExport<typeof AlibabaCredentialModule>(require('@alicloud/credentials'));
  } catch (error) {
    if (!String((error as Error).message).includes("'@alicloud/credentials'")) throw error;
    throw new ConfigError({
      path: 'auth.accessKeyId',
      provider: 'alibaba',
      message:
        'AssumeRole without auth.accessKeyId / auth.accessKeySecret uses the Alibaba Cloud default credential chain, from the package @alicloud/credentials, which is not installed: npm install @alicloud/credentials (or give the key in auth).',
    });
  }
}

/** A transient STS failure (5xx, throttling, a dropped connection) is tried once more. */
const MAX_ATTEMPTS = 2;
const RETRY_DELAY_MS = 100;
const TRANSIENT_CODES = /^(Throttling|ServiceUnavailable|InternalError|UnknownError)/;
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

function isTransient(error: PopCoreError): boolean {
  const status = error.entry?.response?.statusCode;
  if (status !== undefined && status >= 500) return true;
  if (error.data?.Code && TRANSIENT_CODES.test(error.data.Code)) return true;
  // A timeout is not retried: the caller set how long AssumeRole may take.
  return error.code !== undefined && TRANSIENT_NETWORK.has(error.code) && error.name !== 'RequestTimeoutError';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls STS `AssumeRole` through `@alicloud/pop-core`'s RPC client, which signs POP RPC
 * correctly (also inline policies containing `*`) and accepts an `http://` endpoint.
 * (`@alicloud/sts-sdk` is not used: its percent-encoding leaves `!'()*` raw, so any policy
 * with `*` fails with SignatureDoesNotMatch, and its 4xx answers resolve instead of failing.)
 *
 * pop-core's errors carry the signed URL and request headers: only the STS code, message
 * and request id are kept, redacted.
 */
export class AssumeRoleClient {
  // Private fields: pop-core's client keeps the AccessKey secret as a plain property, and
  // neither it nor the agent's sockets belong in what `console.log(provider)` shows.
  readonly #client: RPCClient;
  readonly #agent: HttpAgent | HttpsAgent;
  readonly #params: AssumeRoleParams;
  // The caller's key from the default chain, held so that an STS echo of it stays redacted.
  readonly #source: { key?: Secret; token?: Secret } = {};

  constructor(params: AssumeRoleParams) {
    this.#params = params;
    // Our own agent, so close() can release pop-core's keep-alive sockets.
    this.#agent = params.endpoint.startsWith('https:') ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    const { accessKeyId, accessKeySecret } = params;
    const Client = popCore();
    this.#client =
      accessKeyId && accessKeySecret
        ? new Client({ endpoint: params.endpoint, apiVersion: '2015-04-01', accessKeyId, accessKeySecret: accessKeySecret.reveal() })
        : new Client({ endpoint: params.endpoint, apiVersion: '2015-04-01', credentialsProvider: defaultChain(this.#source) } as unknown as RPCClient.Config);
  }

  async assumeRole(): Promise<AlibabaStsCredentials> {
    const { roleArn, roleSessionName, policy, durationSeconds, timeoutMs } = this.#params;
    const params = { RoleArn: roleArn, RoleSessionName: roleSessionName, DurationSeconds: durationSeconds, ...(policy ? { Policy: policy } : {}) };
    let response: AssumeRoleResponse | undefined;
    for (let attempt = 1; response === undefined; attempt += 1) {
      try {
        // Each call signs afresh (new nonce and timestamp), so a retry is never a replay.
        response = await this.#client.request<AssumeRoleResponse>('AssumeRole', params, { method: 'POST', timeout: timeoutMs, agent: this.#agent });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isTransient(error as PopCoreError)) throw stsFailure(error as PopCoreError);
        await sleep(RETRY_DELAY_MS * attempt + Math.floor(Math.random() * RETRY_DELAY_MS));
      }
    }
    const c = response.Credentials;
    if (!c?.AccessKeyId || !c.AccessKeySecret || !c.SecurityToken) {
      throw new CredentialsUnavailableError({
        provider: 'alibaba',
        variant: alibabaRemediation.stsAssumeRoleFailed,
        message: 'STS AssumeRole answered without Credentials.',
        ...(response.RequestId ? { requestId: response.RequestId } : {}),
      });
    }
    const expiration = c.Expiration ? new Date(c.Expiration) : undefined;
    return {
      accessKeyId: c.AccessKeyId,
      accessKeySecret: new Secret(c.AccessKeySecret),
      securityToken: new Secret(c.SecurityToken),
      ...(expiration && !Number.isNaN(expiration.getTime()) ? { expiration } : {}),
    };
  }

  close(): void {
    this.#agent.destroy();
  }
}

/**
 * The caller's key from Alibaba's maintained default chain (environment, OIDC, CLI and
 * credentials profiles, ECS RAM role unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true,
 * ALIBABA_CLOUD_CREDENTIALS_URI), held for redaction as it arrives.
 */
function defaultChain(held: { key?: Secret; token?: Secret }): {
  getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }>;
} {
  const Credential = alibabaCredentials();
  const chain = new Credential();
  return {
    async getCredentials() {
      const found = await chain.getCredential();
      if (found.accessKeySecret) held.key = new Secret(found.accessKeySecret);
      if (found.securityToken) held.token = new Secret(found.securityToken);
      return {
        accessKeyId: found.accessKeyId ?? '',
        accessKeySecret: found.accessKeySecret ?? '',
        ...(found.securityToken ? { securityToken: found.securityToken } : {}),
      };
    },
  };
}

function stsFailure(error: PopCoreError): CredentialsUnavailableError {
  const data = error.data;
  // pop-core parses every answer as JSON: a proxy's HTML page or a wrong stsEndpoint ends here.
  const notJson = error.name === 'SyntaxError';
  const code = notJson ? undefined : (data?.Code ?? error.code ?? (error as { name?: string }).name);
  const message = notJson ? 'the answer was not STS JSON (is stsEndpoint the STS address, and is no proxy in the way?)' : (data?.Message ?? error.message);
  // A plain error with only what is safe: never pop-core's URL, entry or headers.
  const cause = new Error(redactText(`${code ?? 'Error'}: ${message}`));
  return new CredentialsUnavailableError({
    provider: 'alibaba',
    variant: alibabaRemediation.stsAssumeRoleFailed,
    message: redactText(`STS AssumeRole failed${code ? ` (${code})` : ''}: ${message.replace(/, URL: \S+/, '')}`),
    ...(code ? { hint: code } : {}),
    ...(data?.RequestId ? { requestId: data.RequestId } : {}),
    details: { code },
    cause,
  });
}
