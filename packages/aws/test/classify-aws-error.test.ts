import {
  AuthenticationError,
  AuthorizationError,
  ClockSkewError,
  CredentialsUnavailableError,
  ExpiredCredentialsError,
  type FailedResponse,
  InvalidCredentialsError,
  NetworkPolicyDeniedError,
  type OsAuthError,
  SignatureMismatchError,
} from '@osauth/core';
import { AwsSigV4Provider } from '../src';
import { awsRemediation } from '../src/remediation';
import { SIGNATURE_DIFF_VARIANTS } from '../src/signature-diff';

type ErrorClass = abstract new (...args: never[]) => OsAuthError;

const HOST = 'search-books.us-east-1.es.amazonaws.com';
const context = { nodes: [new URL(`https://${HOST}`)], configPath: 'auth' };
const provider = new AwsSigV4Provider({ provider: 'aws', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecretCLASSIFY01' } }, context);

const message = (statusCode: number, text: string): FailedResponse => ({ statusCode, headers: {}, body: { message: text } });
const iam = (text: string): FailedResponse => ({ statusCode: 403, headers: {}, body: { Message: text } });
const hint = (value: string): FailedResponse => ({ statusCode: 403, headers: { 'x-aoss-response-hint': value }, body: undefined });
const security = (statusCode: number, reason: string): FailedResponse => ({ statusCode, headers: {}, body: { error: { type: 'security_exception', reason }, status: statusCode } });

// One answer per AWS remediation entry, each reaching its entry through the real classifier.
const CASES: ReadonlyArray<[string, FailedResponse, ErrorClass, string]> = [
  ['an expired token', message(403, 'The security token included in the request is expired'), ExpiredCredentialsError, awsRemediation.expiredToken.id],
  ['an invalid token', message(403, 'The security token included in the request is invalid.'), InvalidCredentialsError, awsRemediation.invalidToken.id],
  ['a signature mismatch', message(403, 'The request signature we calculated does not match the signature you provided.'), SignatureMismatchError, awsRemediation.signatureMismatch.id],
  ['clock skew', message(403, 'Signature expired: 20260101T000000Z is now earlier than 20260101T001000Z (20260101T001500Z - 5 min.)'), ClockSkewError, awsRemediation.clockSkew.id],
  ['the wrong service', message(403, "Credential should be scoped to correct service: 'aoss'. "), SignatureMismatchError, awsRemediation.wrongService.id],
  ['the wrong region', message(403, 'Credential should be scoped to a valid region. '), SignatureMismatchError, awsRemediation.wrongRegion.id],
  ['a malformed Authorization header', message(400, "Authorization header requires 'Credential' parameter."), SignatureMismatchError, awsRemediation.malformedAuthorization.id],
  ['a missing payload hash', message(403, 'x-amz-content-sha256 header is missing'), SignatureMismatchError, awsRemediation.aossContentSha256.id],
  ['an anonymous caller', iam('User: anonymous is not authorized to perform: es:ESHttpGet'), AuthenticationError, awsRemediation.anonymous.id],
  [
    'an explicit deny',
    iam('User: arn:aws:iam::123456789012:user/x is not authorized to perform: es:ESHttpGet on resource: arn:aws:es:us-east-1:123456789012:domain/books with an explicit deny'),
    AuthorizationError,
    awsRemediation.iamExplicitDeny.id,
  ],
  ['no allowing policy', iam('User: arn:aws:iam::123456789012:user/x is not authorized to perform: es:ESHttpGet'), AuthorizationError, awsRemediation.iamNotAuthorized.id],
  ['the security plugin finding no user', security(401, 'missing authentication credentials'), AuthenticationError, awsRemediation.fgacUnauthenticated.id],
  ['the security plugin denying', security(403, 'no permissions for [indices:data/read/search] and User [name=bob, backend_roles=[]]'), AuthorizationError, awsRemediation.fgacDenied.id],
  ['an aoss network policy', { ...hint('X01:network-policy-deny'), statusCode: 401 }, NetworkPolicyDeniedError, awsRemediation.aossNetworkPolicyDeny.id],
  ['an aoss gw-helper deny', hint('X01:gw-helper-deny'), AuthorizationError, awsRemediation.aossGwHelperDeny.id],
];

describe('classifyError: AWS failures, each with its remediation entry', () => {
  it.each(CASES)('%s', (_label, response, type, id) => {
    const error = provider.classifyError(response);
    expect(error).toBeInstanceOf(type);
    expect(error?.provider).toBe('aws');
    expect(error?.docsUrl).toMatch(new RegExp(`#${id}$`));
  });

  it('a failing credential source gives the credentials-unavailable entry', async () => {
    const failing = new AwsSigV4Provider({ provider: 'aws', credentials: async () => Promise.reject(new Error('no credentials here')) }, context);
    const error = await Promise.resolve(failing.prepare()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect((error as OsAuthError).docsUrl).toMatch(new RegExp(`#${awsRemediation.credentialsUnavailable.id}$`));
  });

  it('constructs the error of every AWS remediation entry in these tests', () => {
    // A typed entry of another code than its error's throws when the error is made, so each
    // entry must be reached once.
    // The signature-diff entries are each reached through the classifier in signature-diff.test.ts.
    // The after-refresh aoss deny needs a refreshed provider: it is reached in aoss-deny.test.ts.
    const covered = new Set([...CASES.map((c) => c[3]), awsRemediation.credentialsUnavailable.id, awsRemediation.aossGwHelperDenyAfterRefresh.id, ...SIGNATURE_DIFF_VARIANTS.map((entry) => entry.id)]);
    expect([...covered].sort()).toEqual(
      Object.values(awsRemediation)
        .map((entry) => entry.id)
        .sort(),
    );
  });
});
