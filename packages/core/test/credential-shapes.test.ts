import { REDACTED, SECRET_HEADERS, redactHeaders, redactText, registerCredentialShapes, registeredCredentialShapes } from '@osauth/core';
import { currentRules } from '../src/credential-patterns';

type CoreModule = typeof import('@osauth/core'); // eslint-disable-line @typescript-eslint/consistent-type-imports

const TOKEN = 'FAKEtokenSHAPES0123456789abcdef';

// Jest gives each test file its own globals, so this file starts with core alone: nothing
// here registers a provider's shapes until the tests that say so.
describe('core alone', () => {
  it('redacts only generic HTTP credentials', () => {
    expect(redactText(`authorization: AWS4-HMAC-SHA256 ${TOKEN}`)).toBe(`authorization: ${REDACTED}`);
    expect(redactText(`Bearer ${TOKEN}`)).toBe(`Bearer ${REDACTED}`);
    expect(redactText('Basic ZWxhc3RpYzpGQUtF')).toBe(`Basic ${REDACTED}`);
    expect(redactText('WWW-Authenticate: Basic realm="x"')).toContain('Basic realm');
    expect(redactText(`{"password":"${TOKEN}","api_key":"${TOKEN}","apiKey":"${TOKEN}"}`)).not.toContain(TOKEN);
    expect(redactText(`Signature=${TOKEN}`)).toBe(`Signature=${REDACTED}`);
  });

  it('knows no cloud: cloud header names and keys pass through', () => {
    for (const text of [
      `x-amz-security-token:${TOKEN}`,
      `x-opensearch-security-token: ${TOKEN}`,
      `Credential=${TOKEN}/20260101/us-east-1/es/aws4_request`,
      `AccessKeyId=${TOKEN}&Action=AssumeRole`,
      `OPENSEARCH id:${TOKEN}=`,
      `{"sessionToken":"${TOKEN}"}`,
    ]) {
      expect(redactText(text)).toBe(text);
    }
    expect([...SECRET_HEADERS].sort()).toEqual(['authorization', 'cookie', 'proxy-authorization', 'set-cookie']);
    expect(redactHeaders({ 'X-Amz-Security-Token': TOKEN })).toEqual({ 'X-Amz-Security-Token': TOKEN });
  });
});

describe('registerCredentialShapes', () => {
  it('takes effect for the next call, after text was already scrubbed', () => {
    const text = `x-vault-token: ${TOKEN}`;
    expect(redactText(text)).toBe(text); // compiles and caches the rules without the name
    registerCredentialShapes({ secretHeaders: ['X-Vault-Token'], tokenKeys: ['x-vault-token'] });
    expect(redactText(text)).toBe(`x-vault-token: ${REDACTED}`);
    expect(SECRET_HEADERS.has('x-vault-token')).toBe(true); // the same live set, lower case
    expect(redactHeaders({ 'X-Vault-Token': TOKEN })).toEqual({ 'X-Vault-Token': REDACTED });
  });

  it('does not duplicate names or rules when the same names are registered twice', () => {
    const shapes = { tokenKeys: ['x-twice-token'], scopedIdKeys: ['Scope'], secretKeys: ['twiceSecret'] };
    registerCredentialShapes(shapes);
    const rules = currentRules();
    const sources = rules.map((rule) => rule.keys.source);
    const names = registeredCredentialShapes();
    registerCredentialShapes(shapes);
    registerCredentialShapes({ tokenKeys: ['X-TWICE-TOKEN'], secretKeys: ['TwiceSecret'] }); // the same, in any case
    expect(currentRules()).toBe(rules); // not even recompiled
    expect(currentRules().map((rule) => rule.keys.source)).toEqual(sources);
    expect(registeredCredentialShapes()).toEqual(names);
    for (const list of Object.values(registeredCredentialShapes())) expect(new Set(list).size).toBe(list.length);
    expect(sources.join('|').split('x-twice-token')).toHaveLength(2);
  });

  it('keeps a case-sensitive kind case-sensitive', () => {
    registerCredentialShapes({ scopedIdKeys: ['Ident'], idSignatureSchemes: ['SIGNED'] });
    expect(redactText(`Ident=${TOKEN}/scope`)).toBe(`Ident=${REDACTED}/scope`);
    expect(redactText(`ident=${TOKEN}/scope`)).toBe(`ident=${TOKEN}/scope`);
    expect(redactText(`SIGNED id:${TOKEN}=`)).toBe(`SIGNED ${REDACTED}`);
    expect(redactText(`Signed id:${TOKEN}`)).toBe(`Signed id:${TOKEN}`);
  });

  it('matches names literally, however many characters of regex syntax they hold', () => {
    registerCredentialShapes({ secretKeys: ['a.b+c(d)[e]|f*'] });
    expect(redactText(`a.b+c(d)[e]|f*=${TOKEN}`)).toBe(`a.b+c(d)[e]|f*=${REDACTED}`);
    expect(redactText(`aXbbc(d)[e]|f*=${TOKEN}`)).toContain(TOKEN);
    expect(redactText(`f=${TOKEN}`)).toContain(TOKEN); // `|` did not split the name
  });

  it('lets the longer of two names starting at one place win, whatever the order', () => {
    registerCredentialShapes({ signedUrlParams: ['Key'] });
    registerCredentialShapes({ signedUrlParams: ['KeyId'] });
    expect(redactText(`KeyId=${TOKEN}`)).toBe(`KeyId=${REDACTED}`);
  });

  it('refuses names that would match everywhere, and changes nothing then', () => {
    const before = registeredCredentialShapes();
    expect(() => registerCredentialShapes({ tokenKeys: ['ok-name', ''] })).toThrow(TypeError);
    expect(() => registerCredentialShapes({ tokenKeys: 'x-token' as unknown as string[] })).toThrow(TypeError);
    expect(registeredCredentialShapes().tokenKeys).toEqual(before.tokenKeys);
  });

  it('keeps one registry per process, shared by two loaded copies of core (CJS + ESM)', () => {
    let other: CoreModule | undefined;
    jest.isolateModules(() => {
      other = jest.requireActual<CoreModule>('../src/index.ts');
    });
    if (!other) throw new Error('second copy not loaded');
    expect(other.registerCredentialShapes).not.toBe(registerCredentialShapes);
    other.registerCredentialShapes({ tokenKeys: ['x-other-copy-token'], secretHeaders: ['x-other-copy-token'] });
    expect(redactText(`x-other-copy-token=${TOKEN}`)).toBe(`x-other-copy-token=${REDACTED}`);
    expect(SECRET_HEADERS.has('x-other-copy-token')).toBe(true);
    expect(other.SECRET_HEADERS).toBe(SECRET_HEADERS);

    const key = Symbol.for('@osauth/core/credential-shapes.v1');
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, key);
    expect(descriptor).toMatchObject({ configurable: false, writable: false, enumerable: false });
    expect(Object.isSealed(descriptor?.value)).toBe(true);
  });
});
