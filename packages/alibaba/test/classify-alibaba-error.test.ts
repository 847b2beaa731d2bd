import {
  AuthenticationError,
  AuthorizationError,
  ClockSkewError,
  ExpiredCredentialsError,
  InvalidCredentialsError,
  InvalidSecurityTokenError,
  type OsAuthError,
  SignatureMismatchError,
} from '@osauth/core';
import { AlibabaProvider } from '@osauth/alibaba';
import { alibabaRemediation } from '../src/remediation';

const context = { nodes: [new URL('http://127.0.0.1:9200')], configPath: 'auth' };
const providers = {
  sts: new AlibabaProvider({ provider: 'alibaba', mode: 'sts', accessKeyId: 'STS.FAKE01', accessKeySecret: 'FAKEsecretCLASSIFY01', securityToken: 'FAKEtokenCLASSIFY01' }, context),
  bearer: new AlibabaProvider({ provider: 'alibaba', mode: 'bearer', apiKey: 'FAKE-sk-classify-01' }, context),
  basic: new AlibabaProvider({ provider: 'alibaba', mode: 'basic', username: 'elastic', password: 'FAKEpasswordCLASSIFY01' }, context),
};

type ErrorClass = abstract new (...args: never[]) => OsAuthError;

function pop(Code: string, extra: Record<string, unknown> = {}) {
  return { RequestId: 'FAKE-REQ-0001', HostId: 'opensearch-cn-hangzhou.aliyuncs.com', Code, Message: `${Code} message`, Recommend: 'https://api.aliyun.com/troubleshoot', ...extra };
}

// Alibaba answers auth failures with 400 and 404 as often as 401/403: the status must not matter.
const BODY_CASES: ReadonlyArray<[string, number, unknown, ErrorClass, string, string]> = [
  ['InvalidSecurityToken.Expired', 400, pop('InvalidSecurityToken.Expired'), ExpiredCredentialsError, 'EXPIRED_CREDENTIALS', 'alibaba-sts-expired'],
  ['InvalidSecurityToken.Malformed', 400, pop('InvalidSecurityToken.Malformed'), InvalidSecurityTokenError, 'INVALID_SECURITY_TOKEN', 'alibaba-invalid-security-token'],
  ['InvalidSecurityToken.MismatchWithAccessKey', 400, pop('InvalidSecurityToken.MismatchWithAccessKey'), InvalidSecurityTokenError, 'INVALID_SECURITY_TOKEN', 'alibaba-invalid-security-token'],
  ['another InvalidSecurityToken.*', 403, pop('InvalidSecurityToken.Revoked'), InvalidSecurityTokenError, 'INVALID_SECURITY_TOKEN', 'alibaba-invalid-security-token'],
  ['MissingSecurityToken', 400, pop('MissingSecurityToken'), InvalidSecurityTokenError, 'INVALID_SECURITY_TOKEN', 'alibaba-invalid-security-token'],
  ['InvalidAccessKeyId.NotFound on a 404', 404, pop('InvalidAccessKeyId.NotFound'), InvalidCredentialsError, 'INVALID_CREDENTIALS', 'alibaba-invalid-access-key'],
  ['InvalidAccessKeyId.Inactive', 400, pop('InvalidAccessKeyId.Inactive'), InvalidCredentialsError, 'INVALID_CREDENTIALS', 'alibaba-invalid-access-key'],
  ['SignatureDoesNotMatch', 400, pop('SignatureDoesNotMatch'), SignatureMismatchError, 'SIGNATURE_MISMATCH', 'alibaba-signature-mismatch'],
  ['IncompleteSignature', 400, pop('IncompleteSignature'), SignatureMismatchError, 'SIGNATURE_MISMATCH', 'alibaba-signature-mismatch'],
  ['InvalidTimeStamp.Expired', 400, pop('InvalidTimeStamp.Expired'), ClockSkewError, 'CLOCK_SKEW', 'alibaba-clock-skew'],
  ['Forbidden.RAM', 403, pop('Forbidden.RAM'), AuthorizationError, 'ACCESS_DENIED', 'alibaba-ram-access-denied'],
  ['NoPermission', 403, pop('NoPermission'), AuthorizationError, 'ACCESS_DENIED', 'alibaba-ram-access-denied'],
  ['a *NoPermission* variant', 400, pop('Forbidden.NoPermission'), AuthorizationError, 'ACCESS_DENIED', 'alibaba-ram-access-denied'],
  ['Forbidden*', 404, pop('Forbidden.AccessKeyDisabled'), AuthorizationError, 'ACCESS_DENIED', 'alibaba-ram-access-denied'],
  ['AccessDenied*', 400, pop('AccessDenied.Unauthorized'), AuthorizationError, 'ACCESS_DENIED', 'alibaba-ram-access-denied'],
  [
    'OpenSearch v3 4003',
    403,
    { request_id: 'FAKE-REQ-0001', status: 'FAIL', errors: [{ code: 4003, message: 'Signature is invalid.' }] },
    SignatureMismatchError,
    'SIGNATURE_MISMATCH',
    'alibaba-signature-mismatch',
  ],
  [
    'OpenSearch v3 5001 on a 200',
    200,
    { request_id: 'FAKE-REQ-0001', status: 'FAIL', errors: [{ code: '5001', message: 'User does not exist.' }] },
    InvalidCredentialsError,
    'INVALID_CREDENTIALS',
    'alibaba-opensearch-user-not-exist',
  ],
];

const MODE_CASES: ReadonlyArray<[string, keyof typeof providers, number, unknown, ErrorClass, string | undefined, string]> = [
  [
    'AI Search: a bad workspace key',
    'bearer',
    401,
    { request_id: 'FAKE-REQ-0001', latency: 1, code: 'InvalidApiKey', message: 'Invalid API-key provided.' },
    AuthenticationError,
    'InvalidApiKey',
    'alibaba-bearer-unauthenticated',
  ],
  ['AI Search: a key without access', 'bearer', 403, { request_id: 'FAKE-REQ-0001', latency: 1, code: 'AccessDenied', message: 'denied' }, AuthorizationError, 'AccessDenied', 'alibaba-access-denied'],
  ['a bare 401 for a bearer key', 'bearer', 401, '', AuthenticationError, undefined, 'alibaba-bearer-unauthenticated'],
  ['a bare 403 for a bearer key', 'bearer', 403, 'Forbidden', AuthorizationError, undefined, 'alibaba-access-denied'],
  ['a bare 401 for STS credentials', 'sts', 401, '', AuthenticationError, undefined, 'alibaba-unauthenticated'],
  [
    'Elasticsearch 401 security_exception',
    'basic',
    401,
    { error: { type: 'security_exception', reason: 'unable to authenticate user [elastic]' }, status: 401 },
    AuthenticationError,
    'unable to authenticate user [elastic]',
    'alibaba-basic-unauthenticated',
  ],
  [
    'Elasticsearch 403 security_exception',
    'basic',
    403,
    { error: { type: 'security_exception', reason: 'action [indices:data/read/search] is unauthorized for user [reader]' }, status: 403 },
    AuthorizationError,
    'action [indices:data/read/search] is unauthorized for user [reader]',
    'alibaba-es-access-denied',
  ],
];

describe('classifyError: Alibaba failures by body, whatever the status', () => {
  it.each(BODY_CASES)('%s → its typed error', (_name, statusCode, body, type, code, remediationId) => {
    const error = providers.sts.classifyError({ statusCode, headers: {}, body });
    expect(error).toBeInstanceOf(type);
    expect(error?.code).toBe(code);
    expect(error?.provider).toBe('alibaba');
    expect(error?.statusCode).toBe(statusCode);
    expect(error?.requestId).toBe('FAKE-REQ-0001');
    expect(error?.docsUrl).toMatch(new RegExp(`#${remediationId}$`));
    const record = body as { Code?: string; errors?: { code: unknown }[] };
    expect(error?.hint).toBe(record.Code ?? String(record.errors?.[0]?.code));
  });

  it('access denied names the RAM action from AccessDeniedDetail and passes the detail through', () => {
    const detail = { AuthAction: 'opensearch:SearchApp', PolicyType: 'AccountLevelIdentityBasedPolicy', NoPermissionType: 'ImplicitDeny', AuthPrincipalType: 'SubUser' };
    const error = providers.sts.classifyError({ statusCode: 403, headers: {}, body: pop('Forbidden.RAM', { AccessDeniedDetail: detail }) });
    expect(error?.remediation).toContain('Grant opensearch:SearchApp');
    expect(error?.remediation).toContain('ImplicitDeny');
  });

  it('access denied without AccessDeniedDetail takes the action from the message when it names one', () => {
    const error = providers.sts.classifyError({
      statusCode: 403,
      headers: {},
      body: pop('NoPermission', { Message: 'You are not authorized to perform this action, action: opensearch:ListApps' }),
    });
    expect(error?.remediation).toContain('opensearch:ListApps');
  });

  it.each(MODE_CASES)('%s → its typed error', (_name, mode, statusCode, body, type, hint, remediationId) => {
    const error = providers[mode].classifyError({ statusCode, headers: {}, body });
    expect(error).toBeInstanceOf(type);
    expect(error?.provider).toBe('alibaba');
    expect(error?.hint).toBe(hint);
    expect(error?.docsUrl).toMatch(new RegExp(`#${remediationId}$`));
  });

  it.each<[string, keyof typeof providers, number, unknown]>([
    ['an index that does not exist', 'basic', 404, { error: { type: 'index_not_found_exception', reason: 'no such index [books]' }, status: 404 }],
    ['a mapping conflict', 'sts', 400, { error: { type: 'mapper_parsing_exception', reason: 'failed to parse' }, status: 400 }],
    ['an unknown POP code', 'sts', 400, pop('InvalidParameter.Query')],
    ['a v3 failure that is not about auth', 'sts', 400, { request_id: 'x', status: 'FAIL', errors: [{ code: 6301, message: 'app not found' }] }],
    ['a 403 without any recognised body in sts mode', 'sts', 403, '<html>proxy</html>'],
    ['a 500', 'bearer', 500, 'Internal Server Error'],
  ])('%s is not an auth failure: left to the client', (_name, mode, statusCode, body) => {
    expect(providers[mode].classifyError({ statusCode, headers: {}, body })).toBeUndefined();
  });

  it('constructs the error of every Alibaba remediation entry somewhere in these tests', () => {
    // A typed entry of another code than its error's throws when the error is made, so each
    // entry must be reached once. The AssumeRole entry is reached in assume-role.test.ts.
    const covered = new Set([...BODY_CASES.map((c) => c[5]), ...MODE_CASES.map((c) => c[6]), alibabaRemediation.stsAssumeRoleFailed.id]);
    expect([...covered].sort()).toEqual(
      Object.values(alibabaRemediation)
        .map((entry) => entry.id)
        .sort(),
    );
  });
});
