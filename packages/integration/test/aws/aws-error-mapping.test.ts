import { inspect } from 'node:util';
import { errors } from '@opensearch-project/opensearch';
import {
  AuthenticationError,
  AuthorizationError,
  ClockSkewError,
  createClient,
  ExpiredCredentialsError,
  InvalidCredentialsError,
  NetworkPolicyDeniedError,
  OsAuthError,
  SignatureMismatchError,
} from '@osauth/factory';
import { type ScriptedAnswer, startRecordingServer } from '@osauth/testing';

// Obviously fake, but shaped like the real thing so redaction is tested on realistic input.
const ACCESS_KEY = 'ASIAFAKEEXAMPLE7Q3RZ';
const SECRET = 'FAKEsecretKEYwJalrXUtnFEMIK7MDENGbPxRfiCY';
const TOKEN = 'FAKEsessionTOKENIQoJb3JpZ2luX2VjEGkaCXVzLWVhc3QtMSJHMEUCIQD';

const JSON_HEADERS = { 'content-type': 'application/json', 'x-amzn-requestid': 'req-1234' };
const AOSS_HEADERS = { server: 'aoss-amazon', 'x-request-id': 'aoss-req-5678' };
const aossForbidden = JSON.stringify({ status: 403, 'request-id': 'aoss-req-5678', error: { reason: '403 Forbidden', type: 'Forbidden' } });

const mismatchBody = JSON.stringify({
  message:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
    "The Canonical String for this request should have been\n'GET\n/books/_search\n\nhost:search-demo-abc123.us-east-1.es.amazonaws.com\n" +
    `x-amz-date:20261122T101500Z\nx-amz-security-token:${TOKEN}\n\nhost;x-amz-date;x-amz-security-token\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'\n\n` +
    `The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20261122T101500Z\n20261122/us-east-1/es/aws4_request\nabc'\n Credential=${ACCESS_KEY}/20261122/us-east-1/es/aws4_request`,
});

interface Case {
  readonly name: string;
  readonly service: 'es' | 'aoss';
  readonly answer: ScriptedAnswer;
  readonly type: abstract new (...args: never[]) => OsAuthError;
  readonly code: string;
  readonly hint?: string | RegExp;
  readonly requestId?: string;
  readonly remediation: RegExp;
  /** Requests that reach the server: clock skew is corrected and retried once. */
  readonly attempts?: number;
}

const CASES: Case[] = [
  {
    name: 'es expired token',
    service: 'es',
    answer: { status: 403, headers: JSON_HEADERS, body: '{"message":"The security token included in the request is expired"}' },
    type: ExpiredCredentialsError,
    code: 'EXPIRED_CREDENTIALS',
    hint: 'The security token included in the request is expired',
    requestId: 'req-1234',
    remediation: /refreshes those before they expire/,
  },
  {
    name: 'es invalid token',
    service: 'es',
    answer: { status: 403, headers: JSON_HEADERS, body: '{"message":"The security token included in the request is invalid."}' },
    type: InvalidCredentialsError,
    code: 'INVALID_CREDENTIALS',
    hint: 'The security token included in the request is invalid',
    remediation: /ASIA\) always need their session token/,
  },
  {
    name: 'es signature mismatch echoing the canonical request',
    service: 'es',
    answer: { status: 403, headers: JSON_HEADERS, body: mismatchBody },
    type: SignatureMismatchError,
    code: 'SIGNATURE_MISMATCH',
    hint: 'The request signature we calculated does not match the signature you provided',
    // The canned answer quotes a GET for the POST sent: on es (which keeps what it signed) the
    // diff names that part; on aoss, which keeps nothing to compare, the generic steps remain.
    remediation: /changed the method: we signed `POST`, AWS computed `GET`|secret access key is the one issued/,
  },
  {
    name: 'es signature expired (clock behind)',
    service: 'es',
    answer: { status: 403, headers: JSON_HEADERS, body: '{"message":"Signature expired: 20261122T100000Z is now earlier than 20261122T101500Z (20261122T102000Z - 5 min.)"}' },
    type: ClockSkewError,
    code: 'CLOCK_SKEW',
    hint: /^Signature expired: 20261122T100000Z is now earlier than 20261122T101500Z/,
    remediation: /Synchronise this machine's clock/,
    attempts: 2,
  },
  {
    name: 'es signature not yet current (clock ahead)',
    service: 'es',
    answer: { status: 403, headers: JSON_HEADERS, body: '{"message":"Signature not yet current: 20261122T103000Z is still later than 20261122T102500Z (20261122T102000Z + 5 min.)"}' },
    type: ClockSkewError,
    code: 'CLOCK_SKEW',
    hint: /^Signature not yet current/,
    remediation: /NTP/,
    attempts: 2,
  },
  {
    name: 'es credential scoped to the wrong service',
    service: 'es',
    answer: { status: 403, headers: JSON_HEADERS, body: `{"message":"Credential should be scoped to correct service: 'es'. "}` },
    type: SignatureMismatchError,
    code: 'SIGNATURE_MISMATCH',
    hint: "Credential should be scoped to correct service: 'es'",
    remediation: /Set `auth.service` to "es"/,
  },
  {
    name: 'es credential scoped to an invalid region',
    service: 'es',
    answer: { status: 403, headers: JSON_HEADERS, body: '{"message":"Credential should be scoped to a valid region. "}' },
    type: SignatureMismatchError,
    code: 'SIGNATURE_MISMATCH',
    hint: 'Credential should be scoped to a valid region',
    remediation: /it was signed for us-east-1/,
  },
  {
    name: 'es incomplete Authorization header',
    service: 'es',
    answer: {
      status: 403,
      headers: JSON_HEADERS,
      body: `{"message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization=Bearer ${TOKEN}"}`,
    },
    type: SignatureMismatchError,
    code: 'SIGNATURE_MISMATCH',
    hint: "Authorization header requires 'Credential' parameter",
    remediation: /Remove any `Authorization` header/,
  },
  {
    name: 'es anonymous caller',
    service: 'es',
    answer: {
      status: 403,
      headers: JSON_HEADERS,
      body: '{"Message":"User: anonymous is not authorized to perform: es:ESHttpPost because no resource-based policy allows the es:ESHttpPost action"}',
    },
    type: AuthenticationError,
    code: 'AUTHENTICATION_FAILED',
    hint: 'User: anonymous is not authorized to perform: es:ESHttpPost',
    remediation: /not signed|a client built elsewhere does not sign/,
  },
  {
    name: 'es IAM identity-based policy missing',
    service: 'es',
    answer: {
      status: 403,
      headers: JSON_HEADERS,
      body: '{"Message":"User: arn:aws:iam::123456789012:user/demo is not authorized to perform: es:ESHttpPost because no identity-based policy allows the es:ESHttpPost action"}',
    },
    type: AuthorizationError,
    code: 'ACCESS_DENIED',
    hint: /^User: arn:aws:iam::123456789012:user\/demo is not authorized to perform: es:ESHttpPost/,
    remediation: /Allow es:ESHttpPost for arn:aws:iam::123456789012:user\/demo/,
  },
  {
    name: 'es IAM explicit deny',
    service: 'es',
    answer: {
      status: 403,
      headers: JSON_HEADERS,
      body: '{"Message":"User: arn:aws:sts::123456789012:assumed-role/app/s1 is not authorized to perform: es:ESHttpDelete on resource: arn:aws:es:us-east-1:123456789012:domain/demo/books with an explicit deny in an identity-based policy"}',
    },
    type: AuthorizationError,
    code: 'ACCESS_DENIED',
    hint: /explicit deny/,
    remediation: /Deny statement that matches es:ESHttpDelete for arn:aws:sts::123456789012:assumed-role\/app\/s1/,
  },
  {
    name: 'es fine-grained access control denial',
    service: 'es',
    answer: {
      status: 403,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        error: {
          root_cause: [
            {
              type: 'security_exception',
              reason: 'no permissions for [indices:data/read/search] and User [name=arn:aws:iam::123456789012:role/app, backend_roles=[arn:aws:iam::123456789012:role/app], requestedTenant=null]',
            },
          ],
          type: 'security_exception',
          reason: 'no permissions for [indices:data/read/search] and User [name=arn:aws:iam::123456789012:role/app, backend_roles=[arn:aws:iam::123456789012:role/app], requestedTenant=null]',
        },
        status: 403,
      }),
    },
    type: AuthorizationError,
    code: 'ACCESS_DENIED',
    hint: /no permissions for \[indices:data\/read\/search\]/,
    remediation: /grant indices:data\/read\/search .*Map that role to the IAM user/s,
  },
  {
    name: 'es fine-grained access control 401',
    service: 'es',
    answer: {
      status: 401,
      headers: { ...JSON_HEADERS, 'www-authenticate': 'Basic realm="OpenSearch Security"' },
      body: JSON.stringify({ error: { type: 'security_exception', reason: 'Authentication finished but no user found' }, status: 401 }),
    },
    type: AuthenticationError,
    code: 'AUTHENTICATION_FAILED',
    hint: 'Authentication finished but no user found',
    remediation: /master user/,
  },
  {
    name: 'aoss network policy deny (401, empty body)',
    service: 'aoss',
    answer: { status: 401, headers: { ...AOSS_HEADERS, 'x-aoss-response-hint': 'X01:network-policy-deny', 'content-length': '0' } },
    type: NetworkPolicyDeniedError,
    code: 'NETWORK_POLICY_DENIED',
    hint: 'X01:network-policy-deny',
    requestId: 'aoss-req-5678',
    remediation: /AllowFromPublic: true.*SourceVPCEs/s,
  },
  {
    name: 'aoss gw-helper deny',
    service: 'aoss',
    answer: { status: 403, headers: { ...AOSS_HEADERS, 'content-type': 'application/json', 'x-aoss-response-hint': 'X01:gw-helper-deny' }, body: aossForbidden },
    type: AuthorizationError,
    code: 'ACCESS_DENIED',
    hint: 'X01:gw-helper-deny',
    requestId: 'aoss-req-5678',
    remediation: /1\. Data access policy.*2\. IAM: .*aoss:APIAccessAll.*3\. Signing service.*4\. Payload hash.*5\. Expired/s,
  },
  {
    name: 'aoss unsigned payload hash',
    service: 'aoss',
    answer: { status: 400, headers: { ...AOSS_HEADERS, 'content-type': 'application/json' }, body: '{"message":"x-amz-content-sha256 header must be signed in SigV4"}' },
    type: SignatureMismatchError,
    code: 'SIGNATURE_MISMATCH',
    hint: 'x-amz-content-sha256 header must be signed',
    remediation: /always adds and signs x-amz-content-sha256/,
  },
];

describe.each(['es', 'aoss'] as const)('AWS failures become typed errors (%s endpoint)', (service) => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => server.close());

  function client() {
    return createClient({
      node: server.url,
      auth: { provider: 'aws', service, region: 'us-east-1', credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken: TOKEN } },
      client: { maxRetries: 2 },
    });
  }

  it.each(CASES.filter((c) => c.service === service || c.service === 'es'))('$name', async (testCase) => {
    for (let i = 0; i < (testCase.attempts ?? 1); i += 1) server.answers.push(testCase.answer);
    const before = server.requests.length;
    const c = client();
    const error = await c.search({ index: 'books', body: { query: { match_all: {} } } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await c.close();

    expect(error).toBeInstanceOf(testCase.type);
    const typed = error as OsAuthError;
    expect(typed.code).toBe(testCase.code);
    expect(typed.provider).toBe('aws');
    expect(typed.statusCode).toBe(testCase.answer.status);
    if (typeof testCase.hint === 'string') expect(typed.hint).toBe(testCase.hint);
    else if (testCase.hint) expect(typed.hint).toMatch(testCase.hint);
    if (testCase.requestId) expect(typed.requestId).toBe(testCase.requestId);
    expect(typed.remediation).toMatch(testCase.remediation);
    expect(typed.docsUrl).toMatch(/\/documents\/errors\.html#aws-/);
    // The original opensearch-js error stays reachable for its metadata.
    expect(typed.cause).toBeInstanceOf(errors.ResponseError);
    expect((typed.cause as errors.ResponseError).meta.statusCode).toBe(testCase.answer.status);
    // Auth failures are not retried by the client (static keys cannot be refreshed);
    // only a clock-skew answer earns one corrected retry.
    expect(server.requests.length - before).toBe(testCase.attempts ?? 1);

    for (const text of [typed.message, typed.stack ?? '', typed.hint ?? '', JSON.stringify(typed), inspect(typed, { depth: 10 }), String(typed), inspect(typed.cause, { depth: 10 })]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(ACCESS_KEY);
    }
  });

  it.each([
    ['403 plain-text throttling', { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Request throttled due to too many requests' }],
    ['429 too many requests', { status: 429, headers: JSON_HEADERS, body: '{"message":"Too Many Requests"}' }],
    ['404 index_not_found', { status: 404, headers: JSON_HEADERS, body: '{"error":{"type":"index_not_found_exception","reason":"no such index [books]"},"status":404}' }],
  ] as const)('%s passes through as the client’s own error', async (_name, answer) => {
    server.answers.push(answer, answer, answer);
    const c = createClient({
      node: server.url,
      auth: { provider: 'aws', service, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET } },
      client: { maxRetries: 0 },
    });
    const error = await c.search({ index: 'books' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await c.close();
    server.answers.length = 0;
    expect(error).toBeInstanceOf(errors.ResponseError);
    expect(error).not.toBeInstanceOf(OsAuthError);
    expect((error as errors.ResponseError).statusCode).toBe(answer.status);
  });
});
