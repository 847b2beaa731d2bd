import { inspect } from 'node:util';
import { requestSignedEvent, Secret, SignatureMismatchError } from '../src';

describe('SignatureMismatchError.signatureDiff', () => {
  const secret = new Secret('FAKEcoreDIFFsecretVALUE0123456789');

  it('is kept redacted and frozen, and shows in toJSON and inspect', () => {
    const error = new SignatureMismatchError({
      provider: 'test',
      signatureDiff: { part: 'header', name: 'x-api-key', ours: secret.reveal(), theirs: 'Bearer FAKEbearerFROMproxy0123456789' },
    });
    expect(error.signatureDiff).toEqual({ part: 'header', name: 'x-api-key', ours: '[REDACTED]', theirs: 'Bearer [REDACTED]' });
    expect(Object.isFrozen(error.signatureDiff)).toBe(true);
    expect(error.toJSON().signatureDiff).toEqual(error.signatureDiff);
    expect(inspect(error)).toContain("part: 'header'");
    expect(`${JSON.stringify(error)}${inspect(error, { showHidden: true, depth: 10 })}`).not.toContain(secret.reveal());
  });

  it('is absent, from the error and its JSON, when not given', () => {
    const error = new SignatureMismatchError({ provider: 'test' });
    expect(error.signatureDiff).toBeUndefined();
    expect('signatureDiff' in error.toJSON()).toBe(false);
  });
});

describe('requestSignedEvent', () => {
  it('redacts live secrets, extra values and token lines in every text', () => {
    const token = new Secret('FAKEcoreTRACEtoken0123456789abcdef');
    const event = requestSignedEvent(
      {
        provider: 'test',
        method: 'GET',
        path: '/a',
        signedHeaders: ['host', 'x-token'],
        canonicalRequest: `GET\n/a\n\nhost:h\nx-token:${token.reveal()}\nx-other:FAKEextraVALUE42\n`,
        stringToSign: `TEST\n${token.reveal()}`,
      },
      ['FAKEextraVALUE42'],
    );
    expect(event).toEqual({
      type: 'request-signed',
      provider: 'test',
      method: 'GET',
      path: '/a',
      signedHeaders: ['host', 'x-token'],
      canonicalRequest: 'GET\n/a\n\nhost:h\nx-token:[REDACTED]\nx-other:[REDACTED]\n',
      stringToSign: 'TEST\n[REDACTED]',
    });
    expect('canonicalRequest' in requestSignedEvent({ provider: 'test', method: 'GET', path: '/', signedHeaders: [], stringToSign: 's' })).toBe(false);
  });
});
