import { ClockSkewError, ConfigError, CredentialsUnavailableError, AuthorizationError, SignatureMismatchError, UntrustedHostError } from '@osauth/core';
import { Writable } from 'node:stream';
import { colours, exitCodeFor, maskKeyId, printTypedError, UsageError } from '../src/output';
import { maskUrlSecrets } from '../src/url-secrets';

describe('output helpers', () => {
  it('maskKeyId keeps 4 + 4 characters, hides short ids entirely', () => {
    expect(maskKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…MPLE');
    expect(maskKeyId('SHORTKEY')).toBe('…');
  });

  it('maskUrlSecrets masks a URL password and credential query values, and nothing else', () => {
    expect(maskUrlSecrets('GET https://elastic:FAKEpass@es.example.com:9200/x HTTP/1.1')).toBe('GET https://elastic:[REDACTED]@es.example.com:9200/x HTTP/1.1');
    expect(maskUrlSecrets('/q?size=1&access_token=FAKEtok&X-Amz-Signature=abc#top')).toBe('/q?size=1&access_token=[REDACTED]&X-Amz-Signature=[REDACTED]#top');
    expect(maskUrlSecrets('api_key=FAKEkey&from=0')).toBe('api_key=[REDACTED]&from=0');
    // No password, or parameters that are not credentials: unchanged.
    for (const text of ['https://user@host/x', '/books/_search?q=title:dune&size=10', 'https://host/a:b@c']) expect(maskUrlSecrets(text)).toBe(text);
  });

  it('exitCodeFor maps each family to its documented code', () => {
    const connection = Object.assign(new Error('refused'), { name: 'ConnectionError' });
    expect([
      exitCodeFor(undefined),
      exitCodeFor(new Error('x')),
      exitCodeFor(new ConfigError({ path: 'node', message: 'bad' })),
      exitCodeFor(new UsageError('bad flag')),
      exitCodeFor(new CredentialsUnavailableError({ provider: 'aws' })),
      exitCodeFor(new AuthorizationError({ provider: 'aws' })),
      exitCodeFor(new SignatureMismatchError({ provider: 'aws' })),
      exitCodeFor(new ClockSkewError({ provider: 'aws' })),
      exitCodeFor(connection),
      exitCodeFor(new UntrustedHostError({ provider: 'aws', host: 'evil.example.com' })),
    ]).toEqual([0, 1, 2, 2, 3, 4, 5, 5, 6, 6]);
  });

  it('colours only on a TTY and without NO_COLOR', () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    expect(colours(tty, {}).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(colours(tty, { NO_COLOR: '1' }).red('x')).toBe('x');
    expect(colours({ isTTY: false } as NodeJS.WriteStream, {}).red('x')).toBe('x');
  });

  it('printTypedError prints code, hint and remediation, redacted', () => {
    let text = '';
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) });
    printTypedError(new AuthorizationError({ provider: 'aws', hint: 'X01:gw-helper-deny', statusCode: 403 }), sink);
    expect(text).toMatch(/^error: ACCESS_DENIED: /);
    expect(text).toContain('hint: X01:gw-helper-deny');
    expect(text).toMatch(/remediation:\n {2}\S/);
    text = '';
    printTypedError(new Error('failed with Authorization: Bearer FAKEsk0123456789abcdef'), sink);
    expect(text).not.toContain('FAKEsk0123456789abcdef');
  });
});
