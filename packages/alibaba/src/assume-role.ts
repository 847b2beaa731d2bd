import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import AlibabaCredential from '@alicloud/credentials';
import RPCClient from '@alicloud/pop-core';
import { CredentialsUnavailableError, redactText, registerSecret } from '@osauth/core';
import type { AlibabaStsCredentials } from './alibaba-auth-config';

/** What an AssumeRole call needs. */
export interface AssumeRoleParams {
  readonly endpoint: string;
  /** The long-term key that calls STS; absent: the `@alicloud/credentials` default chain. */
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
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
  private readonly client: RPCClient;
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(private readonly params: AssumeRoleParams) {
    registerSecret(params.accessKeySecret);
    // Our own agent, so close() can release pop-core's keep-alive sockets.
    this.agent = params.endpoint.startsWith('https:') ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    const { accessKeyId, accessKeySecret } = params;
    this.client =
      accessKeyId && accessKeySecret
        ? new RPCClient({ endpoint: params.endpoint, apiVersion: '2015-04-01', accessKeyId, accessKeySecret })
        : new RPCClient({ endpoint: params.endpoint, apiVersion: '2015-04-01', credentialsProvider: defaultChain() } as unknown as RPCClient.Config);
  }

  async assumeRole(): Promise<AlibabaStsCredentials> {
    const { roleArn, roleSessionName, policy, durationSeconds, timeoutMs } = this.params;
    let response: AssumeRoleResponse;
    try {
      response = await this.client.request<AssumeRoleResponse>(
        'AssumeRole',
        { RoleArn: roleArn, RoleSessionName: roleSessionName, DurationSeconds: durationSeconds, ...(policy ? { Policy: policy } : {}) },
        { method: 'POST', timeout: timeoutMs, agent: this.agent },
      );
    } catch (error) {
      throw stsFailure(error as PopCoreError);
    }
    const c = response.Credentials;
    if (!c?.AccessKeyId || !c.AccessKeySecret || !c.SecurityToken) {
      throw new CredentialsUnavailableError({
        provider: 'alibaba',
        remediationId: 'alibaba-sts-assume-role-failed',
        message: 'STS AssumeRole answered without Credentials.',
        ...(response.RequestId ? { requestId: response.RequestId } : {}),
      });
    }
    registerSecret(c.AccessKeySecret);
    registerSecret(c.SecurityToken);
    const expiration = c.Expiration ? new Date(c.Expiration) : undefined;
    return {
      accessKeyId: c.AccessKeyId,
      accessKeySecret: c.AccessKeySecret,
      securityToken: c.SecurityToken,
      ...(expiration && !Number.isNaN(expiration.getTime()) ? { expiration } : {}),
    };
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * The caller's key from Alibaba's maintained default chain (environment, OIDC, CLI and
 * credentials profiles, ECS RAM role unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true,
 * ALIBABA_CLOUD_CREDENTIALS_URI), registered for redaction as it arrives.
 */
function defaultChain(): { getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }> } {
  const chain = new AlibabaCredential();
  return {
    async getCredentials() {
      const found = await chain.getCredential();
      registerSecret(found.accessKeySecret);
      registerSecret(found.securityToken);
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
  const code = data?.Code ?? error.code ?? (error as { name?: string }).name;
  const message = data?.Message ?? error.message;
  // A plain error with only what is safe: never pop-core's URL, entry or headers.
  const cause = new Error(redactText(`${code ?? 'Error'}: ${message}`));
  return new CredentialsUnavailableError({
    provider: 'alibaba',
    remediationId: 'alibaba-sts-assume-role-failed',
    message: redactText(`STS AssumeRole failed${code ? ` (${code})` : ''}: ${message.replace(/, URL: \S+/, '')}`),
    ...(code ? { hint: code } : {}),
    ...(data?.RequestId ? { requestId: data.RequestId } : {}),
    details: { code },
    cause,
  });
}
