import {
  AuthenticationError,
  AuthorizationError,
  ClockSkewError,
  ExpiredCredentialsError,
  type FailedResponse,
  InvalidCredentialsError,
  InvalidSecurityTokenError,
  type OsAuthError,
  type OsAuthErrorOptions,
  type RemediationEntry,
  SignatureMismatchError,
} from '@osauth/core';
import { registerAlibabaKnowledge } from './register-alibaba-knowledge';
import { alibabaRemediation } from './remediation';

// Here, in the module the provider uses to classify, so no bundler can leave it out: core
// redacts Alibaba credential shapes (and lists Alibaba remediations) from the moment this loads.
registerAlibabaKnowledge();

type ErrorFactory = new (options: OsAuthErrorOptions) => OsAuthError;

interface Rule {
  readonly test: (code: string) => boolean;
  readonly error: ErrorFactory;
  readonly variant: RemediationEntry;
  readonly summary: string;
}

// POP codes, most specific first.
const POP_RULES: readonly Rule[] = [
  { test: (c) => c === 'InvalidSecurityToken.Expired', error: ExpiredCredentialsError, variant: alibabaRemediation.stsExpired, summary: 'the STS security token has expired' },
  {
    test: (c) => c.startsWith('InvalidSecurityToken') || c === 'MissingSecurityToken',
    error: InvalidSecurityTokenError,
    variant: alibabaRemediation.invalidSecurityToken,
    summary: 'the STS security token is missing, malformed or belongs to another AccessKey',
  },
  { test: (c) => c.startsWith('InvalidAccessKeyId'), error: InvalidCredentialsError, variant: alibabaRemediation.invalidAccessKey, summary: 'the AccessKey ID is unknown or disabled' },
  { test: (c) => c === 'SignatureDoesNotMatch' || c === 'IncompleteSignature', error: SignatureMismatchError, variant: alibabaRemediation.signatureMismatch, summary: 'the signature does not match' },
  { test: (c) => c === 'InvalidTimeStamp.Expired', error: ClockSkewError, variant: alibabaRemediation.clockSkew, summary: 'the request time is too far from the server clock' },
  {
    test: (c) => c === 'Forbidden.RAM' || /NoPermission/i.test(c) || c.startsWith('Forbidden') || c.startsWith('AccessDenied'),
    error: AuthorizationError,
    variant: alibabaRemediation.ramAccessDenied,
    summary: 'a RAM policy does not allow the action',
  },
];

/**
 * Classifies Alibaba Cloud failures by their body, whatever the status (Alibaba often
 * answers 400 or 404): POP `{ Code, Message, RequestId }`, OpenSearch v3
 * `{ request_id, status: "FAIL", errors: [{ code }] }`, AI Search `{ request_id, code }`,
 * and the Elasticsearch security plugin's `security_exception`.
 */
export function classifyAlibabaError(response: FailedResponse, mode: string): OsAuthError | undefined {
  const { statusCode, body } = response;
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const base = { provider: 'alibaba', statusCode };

  // POP shape.
  if (typeof record.Code === 'string') {
    const code = record.Code;
    const rule = POP_RULES.find((r) => r.test(code));
    if (!rule) return undefined;
    const requestId = typeof record.RequestId === 'string' ? record.RequestId : undefined;
    const detail = record.AccessDeniedDetail;
    const action = typeof detail === 'object' && detail !== null ? (detail as { AuthAction?: string }).AuthAction : undefined;
    return new rule.error({
      ...base,
      hint: code,
      ...(requestId ? { requestId } : {}),
      variant: rule.variant,
      details: { action: action ?? actionFromMessage(record.Message), detail: typeof detail === 'string' ? detail : detail ? JSON.stringify(detail) : undefined },
      message: `Alibaba Cloud rejected the request (${statusCode} ${code}): ${rule.summary}.`,
    });
  }

  // OpenSearch v3 shape.
  if (record.status === 'FAIL' && Array.isArray(record.errors)) {
    const first = record.errors[0] as { code?: unknown; message?: unknown } | undefined;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a value from the cloud's JSON: kept as text, whatever its type
    const code = first?.code === undefined ? undefined : String(first.code);
    const requestId = typeof record.request_id === 'string' ? record.request_id : undefined;
    const common = { ...base, ...(code ? { hint: code } : {}), ...(requestId ? { requestId } : {}) };
    if (code === '4003') {
      return new SignatureMismatchError({ ...common, variant: alibabaRemediation.signatureMismatch, message: `Alibaba Cloud OpenSearch rejected the signature (${statusCode}, error 4003).` });
    }
    if (code === '5001') {
      return new InvalidCredentialsError({
        ...common,
        variant: alibabaRemediation.opensearchUserNotExist,
        message: `Alibaba Cloud OpenSearch does not know the caller (${statusCode}, error 5001): wrong AccessKey or endpoint.`,
      });
    }
  }

  // AI Search shape and bare bearer failures.
  const requestId = typeof record.request_id === 'string' ? record.request_id : undefined;
  const aiCode = typeof record.code === 'string' ? record.code : undefined;
  const security = securityReason(record);
  if (statusCode === 401) {
    return new AuthenticationError({
      ...base,
      ...(aiCode || security ? { hint: aiCode ?? security } : {}),
      ...(requestId ? { requestId } : {}),
      variant: mode === 'basic' ? alibabaRemediation.basicUnauthenticated : mode === 'bearer' ? alibabaRemediation.bearerUnauthenticated : alibabaRemediation.unauthenticated,
      message: `Alibaba Cloud answered 401: ${mode === 'basic' ? 'the username or password was' : mode === 'bearer' ? 'the API key was' : 'the credentials were'} not accepted.`,
    });
  }
  if (statusCode === 403 && (aiCode !== undefined || security !== undefined || mode === 'bearer')) {
    return new AuthorizationError({
      ...base,
      ...(aiCode || security ? { hint: aiCode ?? security } : {}),
      ...(requestId ? { requestId } : {}),
      variant: mode === 'basic' ? alibabaRemediation.esAccessDenied : alibabaRemediation.accessDenied,
      message: `Alibaba Cloud denied the request (403)${security ? `: ${security}` : ''}.`,
    });
  }
  return undefined;
}

function securityReason(record: Record<string, unknown>): string | undefined {
  const error = record.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, reason } = error as { type?: unknown; reason?: unknown };
  return type === 'security_exception' ? (typeof reason === 'string' ? reason : 'security_exception') : undefined;
}

function actionFromMessage(message: unknown): string | undefined {
  if (typeof message !== 'string') return undefined;
  return /(?:action|Action)[:\s]+([A-Za-z]+:[A-Za-z*]+)/.exec(message)?.[1];
}
