import { REDACTED, SECRET_HEADERS, redactHeaders, redactText, registeredCredentialShapes, registeredRemediationProviders } from '@osauth/core';
import { awsCredentialShapes } from '../src/aws-credential-shapes';

// Only core is loaded when this file starts (jest gives each file its own modules and
// globals): the AWS module is required in the first test, after core alone was checked.
const TOKEN = 'FAKEtokenIQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==';
const SECRET = 'FAKEsecretwJalrXUtnFEMIK7MDENGbPxRfiCY';
const KEY_ID = 'AKIDEXAMPLE';
const R = REDACTED;

describe('AWS credential shapes', () => {
  it('are unknown to core alone, and redacted once the AWS module has loaded', () => {
    const line = `x-amz-security-token:${TOKEN}`;
    expect(redactText(line)).toBe(line);
    expect(SECRET_HEADERS.has('x-amz-security-token')).toBe(false);

    jest.requireActual('../src/index.ts');
    expect(redactText(line)).toBe(`x-amz-security-token:${R}`);
    expect(SECRET_HEADERS.has('x-amz-security-token')).toBe(true);
  });

  it('are registered exactly as declared, once however often the module loads', () => {
    jest.isolateModules(() => jest.requireActual('../src/classify-aws-error.ts')); // a second copy registers again
    const registered = registeredCredentialShapes();
    for (const [kind, names] of Object.entries(awsCredentialShapes) as Array<[keyof typeof registered, readonly string[]]>) {
      const caseless = kind === 'scopedIdKeys' ? names : names.map((name) => name.toLowerCase());
      for (const name of caseless) expect(registered[kind].filter((n) => n === name)).toHaveLength(1);
    }
    const aws = registeredRemediationProviders().filter(({ provider }) => provider === 'aws');
    expect(aws).toHaveLength(1);
    expect(aws[0]?.title).toBe('AWS');
    expect(new Set(aws[0]?.entries.map((entry) => entry.id)).size).toBe(aws[0]?.entries.length);
  });

  it.each<[string, string, string]>([
    ['a canonical-request line', `host:x\nx-amz-security-token:${TOKEN}\n\nhost;x-amz-date;x-amz-security-token`, `host:x\nx-amz-security-token:${R}\n\nhost;x-amz-date;x-amz-security-token`],
    ['a query parameter', `?X-Amz-Security-Token=${encodeURIComponent(TOKEN)}&X-Amz-Date=20260101T000000Z`, `?X-Amz-Security-Token=${R}&X-Amz-Date=20260101T000000Z`],
    ['X-Amz-Signature', `X-Amz-Signature=abcdef0123456789&X-Amz-SignedHeaders=host`, `X-Amz-Signature=${R}&X-Amz-SignedHeaders=host`],
    ['X-Amz-Credential', `X-Amz-Credential=${KEY_ID}%2F20260101%2Fus-east-1%2Fes%2Faws4_request&X-Amz-Date=1`, `X-Amz-Credential=${R}&X-Amz-Date=1`],
    ['Credential= keeps the scope', `Credential=${KEY_ID}/20260101/us-east-1/es/aws4_request`, `Credential=${R}/20260101/us-east-1/es/aws4_request`],
    ['secretAccessKey in JSON', `{"secretAccessKey":"${SECRET}"}`, `{"secretAccessKey":"${R}"}`],
    ['secret_access_key with spaces', `secret_access_key = ${SECRET}`, `secret_access_key = ${R}`],
    ['aws_secret_access_key', `aws_secret_access_key=${SECRET}\nregion=x`, `aws_secret_access_key=${R}\nregion=x`],
    ['sessionToken in JSON', `{"sessionToken":"${TOKEN}","expiration":1}`, `{"sessionToken":"${R}","expiration":1}`],
    ['session_token in YAML', `session_token: ${TOKEN}`, `session_token: ${R}`],
    ['AWS_SESSION_TOKEN', `AWS_SESSION_TOKEN=${TOKEN}`, `AWS_SESSION_TOKEN=${R}`],
  ])('redacts %s', (_label, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('hides the session token and key id of the canonical request AWS echoes on a signature mismatch', () => {
    const mismatch =
      "The Canonical String for this request should have been\n'GET\n/logs/_search\n\nhost:search-x.us-east-1.es.amazonaws.com\n" +
      `x-amz-date:20260102T030405Z\nx-amz-security-token:${TOKEN}\n\nhost;x-amz-date;x-amz-security-token\ne3b0c442'\n` +
      `Authorization: AWS4-HMAC-SHA256 Credential=${KEY_ID}/20260102/us-east-1/es/aws4_request, SignedHeaders=host, Signature=abcdef0123`;
    const text = redactText(mismatch);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(KEY_ID);
    expect(redactHeaders({ 'X-Amz-Security-Token': TOKEN, host: 'h' })).toEqual({ 'X-Amz-Security-Token': R, host: 'h' });
  });
});
