import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import RPCClient from '@alicloud/pop-core';
import { CredentialsUnavailableError, redactText, registerSecret } from '@osauth/core';
import type { AlibabaStsCredentials } from './alibaba-auth-config';

/** What an AssumeRole call needs. */
export interface AssumeRoleParams {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
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
    this.client = new RPCClient({
      endpoint: params.endpoint,
      apiVersion: '2015-04-01',
      accessKeyId: params.accessKeyId,
      accessKeySecret: params.accessKeySecret,
    });
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
