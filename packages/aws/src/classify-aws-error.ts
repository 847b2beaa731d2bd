import {
  AuthenticationError,
  AuthorizationError,
  ClockSkewError,
  ExpiredCredentialsError,
  InvalidCredentialsError,
  NetworkPolicyDeniedError,
  type FailedResponse,
  type OsAuthError,
  type OsAuthErrorOptions,
  type RemediationEntry,
  SignatureMismatchError,
} from '@osauth/core';
import { aossDenyError, type SignedWith } from './aoss-deny';
import type { SigningScope } from './infer-signing-scope';
import type { RecentSignatures } from './recent-signatures';
import { explainSignatureMismatch } from './signature-diff';
import { registerAwsKnowledge } from './register-aws-knowledge';
import { awsRemediation } from './remediation';

// Here, in the module the provider uses to classify, so no bundler can leave it out: core
// redacts AWS credential shapes (and lists AWS remediations) from the moment AWS code loads.
registerAwsKnowledge();

type ErrorFactory = new (options: OsAuthErrorOptions) => OsAuthError;

interface Rule {
  readonly pattern: RegExp;
  readonly error: ErrorFactory;
  readonly variant: RemediationEntry;
  /** What the message says happened. */
  readonly summary: string;
  readonly details?: (match: RegExpExecArray, scope: SigningScope) => Record<string, string | undefined>;
}

// AWS's front door writes signature and token problems in a lowercase `message` and
// IAM decisions in a capitalised `Message`; both are matched against these, in order.
const RULES: readonly Rule[] = [
  {
    pattern: /The security token included in the request is expired/i,
    error: ExpiredCredentialsError,
    variant: awsRemediation.expiredToken,
    summary: 'the session token has expired',
  },
  {
    pattern: /The security token included in the request is invalid|The AWS Access Key Id you provided does not exist in our records/i,
    error: InvalidCredentialsError,
    variant: awsRemediation.invalidToken,
    summary: 'the access key or session token is not valid',
  },
  {
    pattern: /The request signature we calculated does not match the signature you provided/i,
    error: SignatureMismatchError,
    variant: awsRemediation.signatureMismatch,
    summary: 'the signature does not match',
  },
  {
    pattern: /Signature expired: (\S+) is now earlier than (\S+)|Signature not yet current: (\S+) is still later than (\S+)/i,
    error: ClockSkewError,
    variant: awsRemediation.clockSkew,
    summary: 'the signing time is outside the 5-minute window',
    details: (m) => ({ signedAt: m[1] ?? m[3], serverTime: m[2] ?? m[4] }),
  },
  {
    pattern: /Credential should be scoped to correct service: '([a-z0-9-]+)'/i,
    error: SignatureMismatchError,
    variant: awsRemediation.wrongService,
    summary: 'the request was signed for the wrong service',
    details: (m) => ({ service: m[1] }),
  },
  {
    pattern: /Credential should be scoped to a valid region/i,
    error: SignatureMismatchError,
    variant: awsRemediation.wrongRegion,
    summary: 'the request was signed for the wrong region',
    details: (_m, scope) => ({ region: scope.region }),
  },
  {
    pattern: /Authorization header requires '[A-Za-z-]+' parameter|requires existence of either a 'X-Amz-Date' or a 'Date' header|Authorization header (?:is )?malformed/i,
    error: SignatureMismatchError,
    variant: awsRemediation.malformedAuthorization,
    summary: 'the Authorization header is incomplete',
  },
  {
    pattern: /x-amz-content-sha256 header (?:must be signed|is required|is missing)/i,
    error: SignatureMismatchError,
    variant: awsRemediation.aossContentSha256,
    summary: 'x-amz-content-sha256 must be present and signed',
  },
  {
    pattern: /User: anonymous is not authorized to perform: ([\w:*-]+)/,
    error: AuthenticationError,
    variant: awsRemediation.anonymous,
    summary: 'the request reached AWS unsigned (anonymous)',
    details: (m) => ({ action: m[1] }),
  },
  {
    pattern: /User: (\S+) is not authorized to perform: ([\w:*-]+)(?: on resource: (\S+))? with an explicit deny/,
    error: AuthorizationError,
    variant: awsRemediation.iamExplicitDeny,
    summary: 'an explicit deny blocks the action',
    details: (m) => ({ principal: m[1], action: m[2], resource: m[3] }),
  },
  {
    pattern: /User: (\S+) is not authorized to perform: ([\w:*-]+)(?: on resource: (\S+))?/,
    error: AuthorizationError,
    variant: awsRemediation.iamNotAuthorized,
    summary: 'no IAM policy allows the action',
    details: (m) => ({ principal: m[1], action: m[2], resource: m[3] }),
  },
];

/**
 * Classifies a failed response from Amazon OpenSearch Service or OpenSearch Serverless.
 * Returns `undefined` for anything that is not about authentication or authorization
 * (throttling included), so the client's ordinary error passes through. `signedWith`, what
 * the provider knows of the credentials it signed with, goes into an aoss deny's remediation.
 * With `recent` (what was signed lately), a signature mismatch for which AWS quotes the
 * request it verified gets a `signatureDiff` naming the part that differs.
 */
export function classifyAwsError(response: FailedResponse, scope: SigningScope, signedWith?: SignedWith, recent?: RecentSignatures): OsAuthError | undefined {
  const { statusCode } = response;
  const requestId = firstHeader(response, 'x-amzn-requestid', 'x-request-id', 'request-id') ?? bodyRequestId(response.body);
  const base = { provider: 'aws', statusCode, ...(requestId ? { requestId } : {}) };
  const where = scope.service === 'aoss' ? 'OpenSearch Serverless' : 'Amazon OpenSearch Service';

  const aossHint = firstHeader(response, 'x-aoss-response-hint');
  if (aossHint && /network-policy-deny/i.test(aossHint)) {
    return new NetworkPolicyDeniedError({
      ...base,
      hint: aossHint,
      variant: awsRemediation.aossNetworkPolicyDeny,
      message: `${where} refused the request (${statusCode} ${aossHint}): the collection's network policy does not admit this network.`,
    });
  }
  if (aossHint && /gw-helper-deny/i.test(aossHint)) return aossDenyError({ ...base, hint: aossHint }, where, scope, signedWith);

  if (statusCode !== 400 && statusCode !== 401 && statusCode !== 403) return undefined;

  const text = awsMessage(response.body);
  if (text !== undefined) {
    for (const rule of RULES) {
      const match = rule.pattern.exec(text);
      if (!match) continue;
      const explained = rule.variant === awsRemediation.signatureMismatch ? explainSignatureMismatch(text, recent) : undefined;
      if (explained !== undefined) {
        return new SignatureMismatchError({
          ...base,
          hint: match[0],
          variant: explained.variant,
          ...(explained.details ? { details: explained.details } : {}),
          ...(explained.signatureDiff ? { signatureDiff: explained.signatureDiff } : {}),
          message: `${where} rejected the request (${statusCode}): ${rule.summary}: ${explained.summary}.`,
        });
      }
      return new rule.error({
        ...base,
        hint: match[0],
        variant: rule.variant,
        ...(rule.details ? { details: rule.details(match, scope) } : {}),
        message: `${where} rejected the request (${statusCode}): ${rule.summary}.`,
      });
    }
  }

  const security = securityException(response.body);
  if (security) {
    if (statusCode === 401) {
      return new AuthenticationError({
        ...base,
        hint: security.reason,
        variant: awsRemediation.fgacUnauthenticated,
        message: `${where} rejected the request (401): the security plugin found no user for it.`,
      });
    }
    if (statusCode === 403) {
      const action = /no permissions for \[([^\]]*)\]/.exec(security.reason)?.[1];
      const user = /User \[name=([^,\]]+)/.exec(security.reason)?.[1];
      return new AuthorizationError({
        ...base,
        hint: security.reason,
        variant: awsRemediation.fgacDenied,
        details: { action, user },
        message: `${where} denied the request (403): the security plugin gives ${user ?? 'the user'} no permission for ${action ?? 'this action'}.`,
      });
    }
  }

  if (statusCode === 401) {
    return new AuthenticationError({ ...base, message: `${where} answered 401: the request was not authenticated.` });
  }
  return undefined;
}

/** The `message` or `Message` of an AWS JSON error body, if there is one. */
function awsMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const message = record.message ?? record.Message;
  return typeof message === 'string' ? message : undefined;
}

function securityException(body: unknown): { reason: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, reason } = error as { type?: unknown; reason?: unknown };
  if (type !== 'security_exception') return undefined;
  return { reason: typeof reason === 'string' ? reason : 'security_exception' };
}

function bodyRequestId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const id = (body as Record<string, unknown>)['request-id'];
  return typeof id === 'string' ? id : undefined;
}

function firstHeader(response: FailedResponse, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = response.headers[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (text) return text;
  }
  return undefined;
}
