import { AuthorizationError, type FailedResponse, maskKeyId, type OsAuthError } from '@osauth/core';
import type { SigningScope } from './infer-signing-scope';

import { awsRemediation } from './remediation';

/** What the provider knows about the credentials a request was signed with, for a deny's remediation. */
export interface SignedWith {
  /** The access key id, whole: it is masked before any text shows it. */
  readonly accessKeyId: string;
  /** Whether the credentials carry a session token (STS, SSO, an assumed role). */
  readonly temporary: boolean;
  /** Whether the source hands out new credentials when asked again (fixed keys do not). */
  readonly refreshable: boolean;
  /** The kind of credential source: `static`, `assume-role`, `default-chain`, … */
  readonly source: string;
  /** Set once credentials fetched after a deny were denied too: expiry is ruled out. */
  readonly deniedAfterRefresh: boolean;
}

/** Where an aoss deny came from, as the classifier has read it. */
interface DenyBase {
  readonly provider: string;
  readonly statusCode: number;
  readonly requestId?: string;
  /** The `x-aoss-response-hint` value. */
  readonly hint: string;
}

/**
 * Whether `response` is OpenSearch Serverless's `X01:gw-helper-deny`: the one answer aoss
 * gives for a policy denial, a signing problem and an expired or revoked session alike.
 */
export function isAossGwHelperDeny(response: FailedResponse): boolean {
  const value = response.headers['x-aoss-response-hint'];
  const hint = Array.isArray(value) ? value[0] : value;
  return hint !== undefined && /gw-helper-deny/i.test(hint);
}

/**
 * The `AuthorizationError` of a gw-helper-deny, its remediation stating what osauth signed
 * with (service, region, masked key id, temporary or long-term). Once fresh credentials
 * were denied too, the variant that rules expiry out and lists the policy causes.
 */
export function aossDenyError(base: DenyBase, where: string, scope: SigningScope, signedWith: SignedWith | undefined): OsAuthError {
  const facts = { service: scope.service, region: scope.region };
  if (signedWith?.deniedAfterRefresh) {
    return new AuthorizationError({
      ...base,
      variant: awsRemediation.aossGwHelperDenyAfterRefresh,
      details: { ...facts, source: signedWith.source, accessKeyId: maskKeyId(signedWith.accessKeyId) },
      message: `${where} refused fresh credentials too (${base.statusCode} ${base.hint}): expiry is ruled out; a data access policy, IAM permission or signing problem.`,
    });
  }
  return new AuthorizationError({
    ...base,
    variant: awsRemediation.aossGwHelperDeny,
    details: { ...facts, credentials: signedWith === undefined ? undefined : describeCredentials(signedWith) },
    message: `${where} refused the request (${base.statusCode} ${base.hint}): a data access policy, IAM permission, signing or credential problem.`,
  });
}

/** The credentials a denied request was signed with, in words that say whether expiry can be the cause. */
function describeCredentials(signedWith: SignedWith): string {
  const id = `access key id ${maskKeyId(signedWith.accessKeyId)}`;
  if (!signedWith.temporary) {
    const kind = signedWith.source === 'static' ? 'static long-term keys' : `long-term keys from the ${signedWith.source} source`;
    return `${kind} (${id}, no session token): they do not expire, so check that the key is active in IAM`;
  }
  if (!signedWith.refreshable) {
    return `fixed temporary credentials (${id}, with the session token given in the config), which osauth cannot refresh: a session that expired or was revoked is likely, so issue new ones or give a source that renews them (\`roleArn\`, a profile, the default chain)`;
  }
  return `temporary credentials (${id}) from the ${signedWith.source} source: osauth refreshes those and resends the request once on this answer, but never a one-shot stream body`;
}
