import { REDACTED, SECRET_HEADERS, redactHeaders, redactText, registeredCredentialShapes, registeredRemediationProviders } from '@osauth/core';
import { alibabaCredentialShapes } from '../src/alibaba-credential-shapes';

// Only core is loaded when this file starts (jest gives each file its own modules and
// globals): the Alibaba module is required in the first test, after core alone was checked.
const TOKEN = 'FAKEtokenCAISzAJ1q6Ft5B2yfSjIr5bSCdP+2r1r5aW8';
const SECRET = 'FAKEsecretALIBABA0123456789';
const KEY_ID = 'STS.FAKEEXAMPLE01';
const R = REDACTED;

describe('Alibaba Cloud credential shapes', () => {
  it('are unknown to core alone, and redacted once the Alibaba module has loaded', () => {
    const header = `x-opensearch-security-token: ${TOKEN}`;
    const auth = `OPENSEARCH ${KEY_ID}:FAKEsig0123abc=`;
    expect(redactText(header)).toBe(header);
    expect(redactText(auth)).toBe(auth);
    expect(SECRET_HEADERS.has('x-acs-security-token')).toBe(false);

    jest.requireActual('../src/index.ts');
    expect(redactText(header)).toBe(`x-opensearch-security-token: ${R}`);
    expect(redactText(auth)).toBe(`OPENSEARCH ${R}`);
    expect(SECRET_HEADERS.has('x-acs-security-token')).toBe(true);
  });

  it('are registered exactly as declared, once however often the module loads', () => {
    jest.isolateModules(() => jest.requireActual('../src/classify-alibaba-error.ts')); // a second copy registers again
    const registered = registeredCredentialShapes();
    for (const [kind, names] of Object.entries(alibabaCredentialShapes) as Array<[keyof typeof registered, readonly string[]]>) {
      const caseless = kind === 'idSignatureSchemes' ? names : names.map((name) => name.toLowerCase());
      for (const name of caseless) expect(registered[kind].filter((n) => n === name)).toHaveLength(1);
    }
    const alibaba = registeredRemediationProviders().filter(({ provider }) => provider === 'alibaba');
    expect(alibaba).toHaveLength(1);
    expect(alibaba[0]?.title).toBe('Alibaba Cloud');
  });

  it.each<[string, string, string]>([
    ['x-acs-security-token, quoted', `x-acs-security-token="${TOKEN}"`, `x-acs-security-token="${R}"`],
    ['SecurityToken before a space', `SecurityToken=${TOKEN} Signature=zzzz`, `SecurityToken=${R} Signature=${R}`],
    ['AccessKeyId in a query', `AccessKeyId=${KEY_ID}&Action=AssumeRole`, `AccessKeyId=${R}&Action=AssumeRole`],
    ['AccessKeyId in JSON', `{"AccessKeyId": "${KEY_ID}", "Expiration": "2026"}`, `{"AccessKeyId": "${R}", "Expiration": "2026"}`],
    ['AccessKeySecret', `AccessKeySecret=${SECRET}`, `AccessKeySecret=${R}`],
    ['accessKeySecret in JSON', `{"accessKeySecret":"${SECRET}"}`, `{"accessKeySecret":"${R}"}`],
    ['securityToken in an object dump', `{ securityToken: '${TOKEN}' }`, `{ securityToken: '${R}' }`],
  ])('redacts %s', (_label, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('hides the key id and token of a signed POP URL in a library error, and the STS headers', () => {
    const url = `https://sts.aliyuncs.com/?AccessKeyId=${KEY_ID}&SecurityToken=${encodeURIComponent(TOKEN)}&Signature=zzzz`;
    const text = redactText(`pop-core failed: ${url}`);
    expect(text).not.toContain(KEY_ID);
    expect(text).not.toContain(encodeURIComponent(TOKEN));
    expect(redactHeaders({ 'X-Opensearch-Security-Token': TOKEN, 'x-acs-security-token': TOKEN })).toEqual({
      'X-Opensearch-Security-Token': R,
      'x-acs-security-token': R,
    });
  });
});
