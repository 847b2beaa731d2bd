import { inspect } from 'node:util';
import { ConfigError, createClient, type OsAuthConfig } from '@osauth/factory';

// A secret pasted into the wrong field must not come back in the ConfigError: a value is
// echoed only when it has a known safe shape (a region, a service name, a known scheme, a
// hostname, a small integer); anything else is described by its type. And nothing is
// removed from these messages, so none may say [REDACTED].

const CANARY = 'FAKEsecretCANARYconfigECHO7';
const AOSS = 'https://abc123.us-east-1.aoss.amazonaws.com';
const ES = 'https://search-logs-abc.us-east-1.es.amazonaws.com';
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

function configErrorOf(config: unknown): ConfigError {
  try {
    const client = createClient(config as OsAuthConfig);
    void client.close();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** Every way the error can be looked at. */
function textsOf(error: ConfigError): string[] {
  return [error.message, error.stack ?? '', JSON.stringify(error), inspect(error, { depth: 8 }), inspect(error, { depth: 8, showHidden: true }), ...error.problems.flatMap((p) => [p.path, p.message])];
}

const aws = (auth: Record<string, unknown>, node: unknown = AOSS) => ({ node, auth: { provider: 'aws', credentials: KEYS, ...auth } });

const CASES: readonly [name: string, config: unknown, path: string][] = [
  ['a secret in auth.region', aws({ region: CANARY }), 'auth.region'],
  ['a secret in auth.region on a host without a region', aws({ service: 'es', region: CANARY }, 'http://127.0.0.1:9200'), 'auth.region'],
  ['an object holding a secret in auth.region', aws({ region: { value: CANARY } }), 'auth.region'],
  ['a secret in auth.service', aws({ service: CANARY }), 'auth.service'],
  ['a secret as node (not a URL)', { node: CANARY, auth: { provider: 'none' } }, 'node'],
  ['a secret as the scheme of node', { node: `${CANARY}://search.example.com`, auth: { provider: 'none' } }, 'node'],
  ['user:secret as node (parses with the scheme "user:")', { node: `elastic:${CANARY}@search.example.com`, auth: { provider: 'none' } }, 'node'],
  ['a secret behind a known bad scheme', { node: `ftp://elastic:${CANARY}@search.example.com`, auth: { provider: 'none' } }, 'node'],
  ['a secret in the userinfo of an https node', { node: `https://elastic:${CANARY}@search.example.com`, auth: { provider: 'none' } }, 'node'],
  ['a secret as the second node', { node: [AOSS, `${CANARY}:x`], auth: { provider: 'none' } }, 'node[1]'],
  ['a secret in client.headers.Authorization', { node: AOSS, auth: { provider: 'none' }, client: { headers: { Authorization: `Bearer ${CANARY}` } } }, 'client.headers.Authorization'],
];

describe('config errors echo only values of a known safe shape', () => {
  it.each(CASES)('%s: the error names the path and holds no secret', (_name, config, path) => {
    const error = configErrorOf(config);
    expect(error.problems.map((p) => p.path)).toContain(path);
    for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 8 })]) expect(text).toContain(path);
    // A URL scheme is lower-cased by the parser: look for the canary in any case.
    for (const text of textsOf(error)) expect(text.toLowerCase()).not.toContain(CANARY.toLowerCase());
  });

  it.each(CASES)('%s: nothing was removed, so nothing says [REDACTED] (needs core fix)', (_name, config) => {
    const error = configErrorOf(config);
    for (const text of textsOf(error)) expect(text).not.toContain('[REDACTED]');
  });

  it('describes an unsafe region by its type only', () => {
    expect(configErrorOf(aws({ region: CANARY })).message).toBe('auth.region: must be an AWS region such as "us-east-1", got a string that is not a region.');
    expect(configErrorOf(aws({ region: 12.5 })).message).toBe('auth.region: must be an AWS region such as "us-east-1", got a number.');
    expect(configErrorOf(aws({ region: { value: CANARY } })).message).toBe('auth.region: must be an AWS region such as "us-east-1", got an object.');
    expect(configErrorOf(aws({ service: CANARY })).message).toBe('auth.service: must be "es" or "aoss", got a string that is not a service name.');
  });

  it('does not echo a scheme it does not know, nor host:port read as a scheme', () => {
    expect(configErrorOf({ node: `${CANARY}://search.example.com`, auth: { provider: 'none' } }).message).toBe(
      'node: unsupported scheme other than https: or http:; use https: (or http: for a local emulator).',
    );
    expect(configErrorOf({ node: 'localhost:9200', auth: { provider: 'none' } }).message).toBe(
      'node: has no scheme (it reads as host:port); write https://host:port (or http:// for a local emulator).',
    );
  });
});

describe('config errors still echo safe values', () => {
  it('a region that contradicts the host, with the host and its region', () => {
    const error = configErrorOf(aws({ region: 'us-west-2' }));
    expect(error.path).toBe('auth.region');
    expect(error.message).toContain('"us-west-2"');
    expect(error.message).toContain('abc123.us-east-1.aoss.amazonaws.com');
    expect(error.message).toContain('"us-east-1"');
  });

  it('a service that contradicts the host', () => {
    const error = configErrorOf(aws({ service: 'aoss' }, ES));
    expect(error.path).toBe('auth.service');
    expect(error.message).toContain('"aoss"');
    expect(error.message).toContain('"es"');
  });

  it('a region-shaped or service-shaped value in the wrong field', () => {
    expect(configErrorOf(aws({ service: 'us-east-1' })).message).toBe('auth.service: must be "es" or "aoss", got "us-east-1".');
    expect(configErrorOf(aws({ region: 'es' })).message).toBe('auth.region: must be an AWS region such as "us-east-1", got "es".');
    expect(configErrorOf(aws({ region: 42 })).message).toBe('auth.region: must be an AWS region such as "us-east-1", got 42.');
  });

  it('a known scheme', () => {
    expect(configErrorOf({ node: 'ftp://search.example.com', auth: { provider: 'none' } }).message).toBe('node: unsupported scheme "ftp:"; use https: (or http: for a local emulator).');
  });
});
