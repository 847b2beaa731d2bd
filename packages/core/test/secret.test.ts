import { join } from 'node:path';
import { format, inspect } from 'node:util';
import type * as core from '@osauth/core';
import { isSecret, REDACTED, redactSecrets, redactText, redactValue, revealSecret, Secret } from '@osauth/core';

const RAW = 'FAKEsecretCANARY/value+with=specials';

describe('Secret', () => {
  const secret = new Secret(RAW);

  it('prints as [REDACTED] through every common channel', () => {
    const holder = { nested: { deeper: [{ secret }] }, secret };
    const printed = [
      String(secret),
      // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- what is tested: a Secret in a template literal
      `${secret}`,
      // eslint-disable-next-line @typescript-eslint/restrict-plus-operands -- what is tested: a Secret concatenated
      'x' + secret,
      JSON.stringify(holder),
      inspect(holder, { depth: Infinity }),
      inspect(holder, { depth: Infinity, showHidden: true }),
      inspect(holder, { depth: Infinity, customInspect: false }),
      inspect(secret, { showHidden: true, customInspect: false, getters: true }),
      format('%s %o %O %j', secret, holder, holder, holder),
      Object.keys(secret).join(','),
      JSON.stringify(Object.getOwnPropertyDescriptors(secret)),
    ];
    for (const text of printed) expect(text).not.toContain(RAW);
    expect(String(secret)).toBe(REDACTED);
    expect(JSON.stringify({ secret })).toBe(`{"secret":"${REDACTED}"}`);
  });

  it('yields the raw value only through reveal()', () => {
    expect(secret.reveal()).toBe(RAW);
    expect(revealSecret(secret)).toBe(RAW);
    expect(revealSecret('plain')).toBe('plain');
    expect(Secret.from(secret)).toBe(secret);
    expect(Secret.from(RAW).reveal()).toBe(RAW);
    expect(() => new Secret(42 as unknown as string)).toThrow(TypeError);
  });

  it('is frozen: nothing can be attached to it or changed', () => {
    expect(Object.isFrozen(secret)).toBe(true);
  });

  it('while held, its value is redacted raw, JSON-escaped and percent-encoded in either case', () => {
    const texts = [
      RAW,
      JSON.stringify(RAW).slice(1, -1).replaceAll('/', '\\/'),
      encodeURIComponent(RAW),
      encodeURIComponent(RAW).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
      // A UTF-16 body read as UTF-8: every other byte NUL.
      Buffer.from(RAW, 'utf16le').toString('utf8'),
    ];
    for (const text of texts) {
      expect(redactSecrets(`echo: ${text}.`)).toBe(`echo: ${REDACTED}.`);
      expect(redactText(`echo: ${text}.`)).not.toContain('canary');
    }
    expect(redactValue({ [RAW]: [RAW, { secret }] })).toEqual({ [REDACTED]: [REDACTED, { secret: REDACTED }] });
  });

  it('redactSecrets touches nothing but secret values: our own instructions stay whole', () => {
    const instruction = 'auth.password: must be a non-empty string. client.headers.Authorization: is computed by the auth provider.';
    expect(redactSecrets(instruction)).toBe(instruction);
  });

  it('a secret made of others keeps them tracked (the pair and password inside a Basic value)', () => {
    const password = 'FAKEpasswordPART/01';
    const pair = Buffer.from(`user:${password}`).toString('base64');
    const parts = [new Secret(password), new Secret(pair)];
    const header = new Secret(`Basic ${pair}`, parts);
    parts.length = 0;
    expect(redactSecrets(`${password} ${pair}`)).toBe(`${REDACTED} ${REDACTED}`);
    expect(header.reveal()).toBe(`Basic ${pair}`);
  });

  it('many rotations evict nothing: a secret stays redacted for as long as it is held', () => {
    const early = new Secret('FAKEearlyPASSWORDheld');
    // Far past the 512 entries the old global list kept.
    const rotated = Array.from({ length: 5_000 }, (_, i) => new Secret(`FAKErotatedTOKEN${i.toString().padStart(6, '0')}`));
    expect(redactSecrets('FAKEearlyPASSWORDheld')).toBe(REDACTED);
    expect(redactSecrets(`FAKErotatedTOKEN004999`)).toBe(REDACTED);
    expect(rotated).toHaveLength(5_000);
    expect(early.reveal()).toBe('FAKEearlyPASSWORDheld');
  });

  it('is recognised, revealed and tracked across two copies of the package (CJS build and source)', () => {
    // The built CommonJS copy is a separate module instance with its own Secret class.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built copy, loaded beside the source one
    const built = require(join(__dirname, '../dist/index.js')) as typeof core;
    const other = new built.Secret('FAKEfromOTHERcopy01');
    expect(isSecret(other)).toBe(true);
    expect(other instanceof Secret).toBe(true);
    expect(revealSecret(other)).toBe('FAKEfromOTHERcopy01');
    expect(redactSecrets('x FAKEfromOTHERcopy01')).toBe(`x ${REDACTED}`);
    expect(built.redactSecrets(`y ${RAW}`)).toBe(`y ${REDACTED}`);
  });
});
