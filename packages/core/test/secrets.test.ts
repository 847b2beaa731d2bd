import { inspect } from 'node:util';
import {
  AuthenticationError,
  AuthorizationError,
  ClockSkewError,
  ConfigError,
  CredentialCache,
  CredentialsUnavailableError,
  ExpiredCredentialsError,
  InvalidCredentialsError,
  InvalidSecurityTokenError,
  NetworkPolicyDeniedError,
  type OsAuthError,
  REDACTED,
  SignatureMismatchError,
  redactHeaders,
  redactText,
  redactValue,
  registerSecret,
} from '@osauth/core';
import { registerProviderShapes } from './fixtures/provider-credential-shapes';

// The cloud-shaped text below (canonical requests, signed URLs) is found by the shapes the
// provider packages register; registered here as they would be, since core knows no cloud.
registerProviderShapes();

// Canaries: values no legitimate text contains, so any appearance is a leak.
const SECRET_KEY = 'FAKEsecretCANARYwJalrXUtnFEMIK7MDENGbPxRfiCY';
const SESSION_TOKEN = 'FAKEtokenCANARYIQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ';
const API_KEY = 'sk-FAKEapikeyCANARY0123456789abcdef';
const ACCESS_KEY_ID = 'AKIDEXAMPLECANARY01';
const CANARIES = [SECRET_KEY, SESSION_TOKEN, API_KEY, ACCESS_KEY_ID];

// Held for the whole file: a secret is tracked for as long as its Secret is reachable.
const held: unknown[] = [];
beforeAll(() => {
  held.push(registerSecret(SECRET_KEY), registerSecret(SESSION_TOKEN), registerSecret(API_KEY));
});

/** Everything a user or a log pipeline can print of an error. */
function printed(error: OsAuthError): string {
  return [
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    JSON.stringify(error.toJSON()),
    inspect(error, { depth: 10 }),
    inspect(error, { depth: 10, showHidden: true }),
    String(error),
    `${error}`,
    error.remediation,
    error.hint ?? '',
    error.requestId ?? '',
  ].join('\n');
}

function expectNoCanary(text: string): void {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
}

// The text AWS echoes on a signature mismatch contains the canonical request,
// which carries the session token and the access key id.
const AWS_MISMATCH =
  'The request signature we calculated does not match the signature you provided.\n\n' +
  "The Canonical String for this request should have been\n'GET\n/logs/_search\n\nhost:search-x.us-east-1.es.amazonaws.com\n" +
  `x-amz-date:20260102T030405Z\nx-amz-security-token:${SESSION_TOKEN}\n\nhost;x-amz-date;x-amz-security-token\ne3b0c442'\n` +
  `Authorization: AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20260102/us-east-1/es/aws4_request, SignedHeaders=host, Signature=abcdef0123`;

// A library error that put a whole signed URL in its message.
const SIGNED_URL = `https://sts.aliyuncs.com/?AccessKeyId=${ACCESS_KEY_ID}&SecurityToken=${encodeURIComponent(SESSION_TOKEN)}&Signature=zzzz`;

const PLANTED: Record<string, unknown> = {
  message: `failed with secret ${SECRET_KEY} and ${AWS_MISMATCH}`,
  hint: `x-amz-security-token:${SESSION_TOKEN}`,
  requestId: `req ${API_KEY}`,
  remediation: `use Bearer ${API_KEY} instead of ${SECRET_KEY}`,
  details: { principal: SESSION_TOKEN, path: SECRET_KEY },
};

const CLASSES = [
  AuthenticationError,
  NetworkPolicyDeniedError,
  AuthorizationError,
  InvalidCredentialsError,
  InvalidSecurityTokenError,
  ExpiredCredentialsError,
  SignatureMismatchError,
  ClockSkewError,
  CredentialsUnavailableError,
] as const;

describe('no secret leaves an error', () => {
  const causes: Array<[string, unknown]> = [
    ['an Error with secrets', Object.assign(new Error(`pop-core failed: ${SIGNED_URL}`), { url: SIGNED_URL, data: { SecurityToken: SESSION_TOKEN } })],
    ['a response-shaped object', { meta: { headers: { authorization: `Bearer ${API_KEY}`, 'x-amz-security-token': SESSION_TOKEN }, body: { message: AWS_MISMATCH } } }],
    ['a string', `secretAccessKey=${SECRET_KEY}`],
  ];

  it.each(CLASSES.flatMap((cls) => causes.map(([label, cause]) => [cls, label, cause] as const)))('%p with %s as cause', (cls, _label, cause) => {
    const error = new cls({ provider: 'test', ...PLANTED, cause });
    expectNoCanary(printed(error));
  });

  it('ConfigError with secrets in its path and message', () => {
    const error = new ConfigError({ path: `auth.${SECRET_KEY}`, message: `bad value "${API_KEY}"`, cause: new Error(SESSION_TOKEN) });
    expectNoCanary(printed(error));
  });

  it('the credential cache error when a source fails with a secret in its message', async () => {
    const cache = new CredentialCache(() => Promise.reject(new Error(`could not use ${SIGNED_URL} with key ${SECRET_KEY}`)), { provider: 'test' });
    const error = (await cache.get().catch((e: unknown) => e)) as OsAuthError;
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expectNoCanary(printed(error));
  });

  it('redacts credential-shaped text even when the secret was never registered', () => {
    const unregistered = 'FAKEunregisteredTOKENvalue0123456789';
    const text = redactText(
      `x-amz-security-token:${unregistered}\nX-Amz-Security-Token=${unregistered}&X-Amz-Signature=${unregistered}\n` +
        `authorization: Bearer ${unregistered}\n{"sessionToken":"${unregistered}","password":"${unregistered}"}\n` +
        `Authorization: OPENSEARCH ${ACCESS_KEY_ID}:${unregistered}=`,
    );
    expect(text).not.toContain(unregistered);
    expect(text).not.toContain(ACCESS_KEY_ID);
    expect(text).toContain(REDACTED);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Signature expired: 20260101T000000Z is now earlier than 20260101T001000Z (20260101T001500Z - 5 min.)';
    expect(redactText(text)).toBe(text);
    expect(redactText('WWW-Authenticate: Basic realm="security" charset="UTF-8"')).toContain('Basic realm');
    expect(redactText('SignatureDoesNotMatch')).toBe('SignatureDoesNotMatch');
  });

  it('redacts secret headers and nested values', () => {
    expect(redactHeaders({ Authorization: 'AWS4-HMAC-SHA256 x', 'X-Amz-Security-Token': SESSION_TOKEN, host: 'h' })).toEqual({
      Authorization: REDACTED,
      'X-Amz-Security-Token': REDACTED,
      host: 'h',
    });
    expectNoCanary(JSON.stringify(redactValue({ a: [{ b: `k=${SECRET_KEY}` }], headers: { authorization: 'x' } })));
  });
});
