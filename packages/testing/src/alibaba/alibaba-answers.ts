import { randomUUID } from 'node:crypto';
import type { AlibabaEmulatorFailure } from './alibaba-types';

/** An answer, shaped as the Alibaba product concerned sends it. */
export interface AlibabaAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const POP: Partial<Record<AlibabaEmulatorFailure, [number, string, string]>> = {
  'sts-token-expired': [400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.'],
  'sts-token-malformed': [400, 'InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.'],
  'sts-token-mismatch': [400, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.'],
  'missing-security-token': [400, 'MissingSecurityToken', 'SecurityToken is mandatory for this action.'],
  'access-key-not-found': [404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'],
  'access-key-inactive': [400, 'InvalidAccessKeyId.Inactive', 'Specified access key is disabled.'],
  'signature-mismatch': [400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.'],
  'incomplete-signature': [400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.'],
  'timestamp-expired': [400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'],
  'ram-forbidden': [403, 'Forbidden.RAM', 'User not authorized to operate on the specified resource, or this API does not support RAM.'],
  'no-permission': [403, 'NoPermission', 'You are not authorized to perform this action: opensearch:SearchApp.'],
};

/** What an answer may quote of the request it refuses, as Elasticsearch does. */
export interface RefusedRequest {
  /** The request path, without the query. */
  readonly path: string;
  /** The basic-auth user name the request gave, if any. */
  readonly user?: string | undefined;
}

/** The answer Alibaba sends for `failure` to `request`. */
export function alibabaFailureAnswer(failure: AlibabaEmulatorFailure, request: RefusedRequest): AlibabaAnswer {
  const requestId = randomUUID().toUpperCase();
  const pop = POP[failure];
  if (pop) {
    const [status, Code, Message] = pop;
    return json(status, {
      RequestId: requestId,
      HostId: 'opensearch-cn-hangzhou.aliyuncs.com',
      Code,
      Message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${Code}&product=OpenSearch`,
      ...(Code === 'Forbidden.RAM' || Code === 'NoPermission'
        ? { AccessDeniedDetail: { AuthAction: 'opensearch:SearchApp', PolicyType: 'AccountLevelIdentityBasedPolicy', NoPermissionType: 'ImplicitDeny', AuthPrincipalType: 'SubUser' } }
        : {}),
    });
  }
  switch (failure) {
    case 'v3-signature':
      return json(403, { request_id: requestId, status: 'FAIL', errors: [{ code: 4003, message: 'Signature is invalid.' }] });
    case 'v3-user-not-exist':
      return json(403, { request_id: requestId, status: 'FAIL', errors: [{ code: 5001, message: 'User does not exist.' }] });
    case 'bearer-invalid':
      return json(401, { request_id: requestId, latency: 1, code: 'InvalidApiKey', message: 'Invalid API-key provided.' });
    case 'bearer-forbidden':
      return json(403, { request_id: requestId, latency: 1, code: 'AccessDenied', message: 'Access denied: the API key has no access to this workspace.' });
    case 'es-unauthenticated': {
      const reason = `unable to authenticate user [${request.user ?? 'elastic'}] for REST request [${request.path}]`;
      const answer = json(401, { error: { root_cause: [{ type: 'security_exception', reason }], type: 'security_exception', reason }, status: 401 });
      return { ...answer, headers: { ...answer.headers, 'www-authenticate': 'Basic realm="security" charset="UTF-8"' } };
    }
    case 'es-forbidden': {
      const reason = 'action [indices:data/read/search] is unauthorized for user [reader]';
      return json(403, { error: { root_cause: [{ type: 'security_exception', reason }], type: 'security_exception', reason }, status: 403 });
    }
    default:
      return json(403, { request_id: requestId, code: 'Forbidden', message: 'Forbidden' });
  }
}

export function json(status: number, body: unknown): AlibabaAnswer {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
