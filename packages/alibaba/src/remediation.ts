import { ErrorCodes, type RemediationEntry } from '@osauth/core';

/**
 * Alibaba Cloud remediation variants (RAM policy vs STS expiry, OpenSearch v3, AI Search, Elasticsearch), by name.
 * Pass one as the `variant` of the error it explains; its `code` is the error's.
 */
export const alibabaRemediation = {
  stsExpired: {
    id: 'alibaba-sts-expired',
    code: ErrorCodes.EXPIRED_CREDENTIALS,
    provider: 'alibaba',
    title: 'The Alibaba Cloud STS token has expired.',
    when: 'The request carried temporary credentials (InvalidSecurityToken.Expired) whose lifetime is over.',
    steps: [
      'Let osauth obtain the token: configure `mode: "sts"` with `roleArn` (AssumeRole) instead of a fixed `securityToken`; it refreshes ahead of `Expiration`.',
      'If you must pass a fixed token, get a new one (AssumeRole) and restart with it; fixed tokens are never refreshed.',
      "Check this machine's clock: a clock far ahead makes fresh tokens look expired.",
    ],
  },
  invalidSecurityToken: {
    id: 'alibaba-invalid-security-token',
    code: ErrorCodes.INVALID_SECURITY_TOKEN,
    provider: 'alibaba',
    title: 'The Alibaba Cloud STS token is missing, malformed or does not match the AccessKey.',
    when: 'InvalidSecurityToken.Malformed / .MismatchWithAccessKey or MissingSecurityToken: the token and the temporary AccessKey were not issued together.',
    steps: [
      'Pass the `accessKeyId`, `accessKeySecret` and `securityToken` of the same AssumeRole answer; an STS AccessKey (starting with STS.) never works without its token.',
      'Check that the token was copied whole (they are long; no line breaks or quotes).',
      'Long-term AccessKeys (starting with LTAI) must not be sent with a token: use `mode: "sts"` with `roleArn`, or a bearer key.',
    ],
  },
  invalidAccessKey: {
    id: 'alibaba-invalid-access-key',
    code: ErrorCodes.INVALID_CREDENTIALS,
    provider: 'alibaba',
    title: 'Alibaba Cloud does not know this AccessKey ID, or it is disabled.',
    when: 'InvalidAccessKeyId.NotFound or .Inactive.',
    steps: [
      'Check the AccessKey ID in the RAM console (AccessKey management): it must exist and be active.',
      'Check that the key belongs to the account that owns the instance, and that ALIBABA_CLOUD_ACCESS_KEY_ID is not a stale value.',
    ],
  },
  signatureMismatch: {
    id: 'alibaba-signature-mismatch',
    code: ErrorCodes.SIGNATURE_MISMATCH,
    provider: 'alibaba',
    title: 'Alibaba Cloud computed a different signature for this request.',
    when: 'SignatureDoesNotMatch, IncompleteSignature, or OpenSearch error 4003: the secret does not belong to the AccessKey ID, or the request changed after signing.',
    steps: [
      'Check that the AccessKey secret belongs to the AccessKey ID (no truncation, no whitespace).',
      'Check that no proxy rewrites the path, query, Date, Content-Type, Content-MD5 or x-opensearch-* headers after osauth signs.',
      'Use the endpoint of the instance itself as the node URL.',
    ],
  },
  clockSkew: {
    id: 'alibaba-clock-skew',
    code: ErrorCodes.CLOCK_SKEW,
    provider: 'alibaba',
    title: "The request time is too far from Alibaba Cloud's clock.",
    when: 'InvalidTimeStamp.Expired: the signed Date is outside the window the service accepts.',
    steps: ["Synchronise this machine's clock with NTP (ntp.aliyun.com on Alibaba Cloud ECS).", 'Restart time sync in containers and VMs that were suspended.'],
  },
  ramAccessDenied: {
    id: 'alibaba-ram-access-denied',
    code: ErrorCodes.ACCESS_DENIED,
    provider: 'alibaba',
    title: 'A RAM policy does not allow this action.',
    when: 'Forbidden.RAM, *NoPermission* or AccessDenied*: the caller is authenticated but its RAM policy (or the role session policy) does not grant {action}.',
    steps: [
      'Grant {action} on the instance to the RAM user or role the request was signed as (RAM console → Permissions → Grant).',
      'For AssumeRole credentials, the inline `policy` narrows the role: check it also allows {action}.',
      'The AccessDeniedDetail of the answer names the policy type that denied it: {detail}.',
    ],
    defaults: { action: 'the action', detail: 'see `cause`' },
  },
  opensearchUserNotExist: {
    id: 'alibaba-opensearch-user-not-exist',
    code: ErrorCodes.INVALID_CREDENTIALS,
    provider: 'alibaba',
    title: 'Alibaba Cloud OpenSearch does not know the caller (error 5001).',
    when: "OpenSearch v3 answers 5001 when the AccessKey is wrong or the request went to another region's endpoint.",
    steps: [
      'Check that the node URL is the API endpoint of the region where the application lives (opensearch-<region>.aliyuncs.com).',
      'Check the AccessKey ID and that it belongs to the account owning the application.',
    ],
  },
  bearerUnauthenticated: {
    id: 'alibaba-bearer-unauthenticated',
    code: ErrorCodes.AUTHENTICATION_FAILED,
    provider: 'alibaba',
    title: 'The API key was not accepted.',
    when: 'A 401 for `Authorization: Bearer …`: the key is wrong, deleted, or belongs to another workspace or region.',
    steps: [
      'Check the key in the console of the workspace the endpoint belongs to, and create a new one if it was deleted.',
      'If the key comes from the environment, check that DASHSCOPE_API_KEY (or the variable named by `apiKeyEnv`) holds the current key.',
      'Use the endpoint of the same region as the workspace.',
    ],
  },
  basicUnauthenticated: {
    id: 'alibaba-basic-unauthenticated',
    code: ErrorCodes.AUTHENTICATION_FAILED,
    provider: 'alibaba',
    title: 'The Elasticsearch username or password was not accepted.',
    when: 'A 401 security_exception from Alibaba Cloud Elasticsearch (or another security-plugin cluster).',
    steps: [
      'Check the username and password; the `elastic` password is the one set when the instance was created (reset it in the instance console if lost).',
      'For users created in Kibana, check that the user exists and is enabled.',
    ],
  },
  unauthenticated: {
    id: 'alibaba-unauthenticated',
    code: ErrorCodes.AUTHENTICATION_FAILED,
    provider: 'alibaba',
    title: 'Alibaba Cloud did not accept the credentials.',
    when: 'A 401 without a more specific code.',
    steps: [
      'Check that the mode matches the product: bearer for AI Search / OpenSearch API keys, basic for Elasticsearch, sts for AccessKey signing.',
      'Check the credentials for this instance and region.',
    ],
  },
  esAccessDenied: {
    id: 'alibaba-es-access-denied',
    code: ErrorCodes.ACCESS_DENIED,
    provider: 'alibaba',
    title: "The Elasticsearch user's roles do not allow this action.",
    when: 'A 403 security_exception from Alibaba Cloud Elasticsearch: the user is known but its roles lack the privilege.',
    steps: ['In Kibana (Stack Management → Roles), grant the index or cluster privilege named in the hint to a role of this user.', 'Or use a user with that role.'],
  },
  accessDenied: {
    id: 'alibaba-access-denied',
    code: ErrorCodes.ACCESS_DENIED,
    provider: 'alibaba',
    title: 'Alibaba Cloud denied the request (403).',
    when: 'The key or credentials are valid but not allowed to use this resource.',
    steps: ['Check that the API key or RAM identity has access to this workspace, application or instance.', 'For RAM identities, grant the action on the resource in a RAM policy.'],
  },
  stsAssumeRoleFailed: {
    id: 'alibaba-sts-assume-role-failed',
    code: ErrorCodes.CREDENTIALS_UNAVAILABLE,
    provider: 'alibaba',
    title: 'STS AssumeRole did not return credentials.',
    when: 'The AssumeRole call failed ({code}); no request was sent to the cluster.',
    steps: [
      'NoPermission: the long-term key must belong to a RAM user (not the root account) with AliyunSTSAssumeRoleAccess, and the role trust policy must name that account or user.',
      'EntityNotExist.Role: check `roleArn` (acs:ram::<account-id>:role/<name>, lower case).',
      'InvalidParameter.*: check `durationSeconds` (900 to the role maximum), `roleSessionName` (2–64 of letters, digits, . @ - _) and that `policy` is valid JSON.',
      'A timeout: check that STS (`stsEndpoint`, default https://sts.aliyuncs.com) is reachable from this network.',
      'ServiceUnavailable, InternalError or Throttling.*: osauth already retried once; STS is degraded or the account is over its STS rate, so cache clients instead of creating one per request.',
      'No hint and "not STS JSON": `stsEndpoint` points at something other than STS, or a proxy answered instead.',
    ],
    defaults: { code: 'see hint' },
  },
} as const satisfies Readonly<Record<string, RemediationEntry>>;
