import { inspect } from 'node:util';
import { type AuthProvider, ConfigError, createClient, loadConfig, type OsAuthConfig } from '@osauth/factory';
import { registerProvider } from '@osauth/core';

// Config errors a person can act on: every problem at once, a "did you mean" for near
// misses of provider names and keys, and the environment variable a bad value came from.

const CANARY = 'FAKEsecretCANARYproblems9';
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const CUSTOM_DOMAIN = 'https://search.example.com';

/** The ConfigError `fn` throws, checked never to hold the canary however it is printed. */
function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    for (const text of [e.message, e.stack ?? '', e.remediation, JSON.stringify(e), inspect(e, { depth: 8, showHidden: true })]) expect(text).not.toContain(CANARY);
    return e;
  }
  throw new Error('expected a ConfigError');
}

const create = (config: unknown) => () => {
  const client = createClient(config as OsAuthConfig);
  void client.close();
};

/** The messages of the problems, by path. */
function byPath(error: ConfigError): Record<string, string> {
  return Object.fromEntries(error.problems.map((p) => [p.path, p.message]));
}

describe('every problem at once', () => {
  it('a custom domain with neither service nor region reports both', () => {
    const error = configErrorOf(create({ node: CUSTOM_DOMAIN, auth: { provider: 'aws', credentials: KEYS } }));
    expect(error.problems.map((p) => p.path)).toEqual(['auth.service', 'auth.region']);
    expect(error.path).toBe('auth.service');
    expect(error.message).toMatch(/^2 problems in the configuration:\n {2}- auth\.service: required: search\.example\.com .*\n {2}- auth\.region: required: search\.example\.com /);
  });

  it('the same through loadConfig, with the environment giving no region', () => {
    const error = configErrorOf(() => loadConfig({ env: {}, config: { node: CUSTOM_DOMAIN, auth: { provider: 'aws' } } }));
    expect(error.problems.map((p) => p.path)).toEqual(['auth.service', 'auth.region']);
  });

  it('the factory’s and the provider’s problems in one error, the first one as `path`', () => {
    const error = configErrorOf(
      create({
        node: ['ftp://search.example.com', 42],
        auth: { provider: 'aws', regoin: 'us-east-1', credentialTimeoutMs: -1, credentials: KEYS },
        client: { Transport: class {} },
        debug: { signing: 'yes' },
      }),
    );
    expect(error.path).toBe('node[0]');
    expect(Object.keys(byPath(error))).toEqual(['node[0]', 'node[1]', 'client.Transport', 'debug.signing', 'auth', 'auth.credentialTimeoutMs', 'auth.service', 'auth.region']);
    expect(error.message.split('\n')[0]).toBe('8 problems in the configuration:');
    for (const problem of error.problems) expect(error.message).toContain(`  - ${problem.path}: ${problem.message}`);
  });

  it('every problem of an Alibaba section', () => {
    const error = configErrorOf(create({ node: 'http://127.0.0.1:9200', auth: { provider: 'alibaba', mode: 'sts', roleArn: 'not-an-arn', durationSeconds: 60, policy: '{not json' } }));
    expect(error.problems.map((p) => p.path)).toEqual(['auth.roleArn', 'auth.durationSeconds', 'auth.policy']);
    expect(error.provider).toBe('alibaba');
  });

  it('every missing part of static AWS keys', () => {
    const error = configErrorOf(create({ node: 'https://abc123.us-east-1.aoss.amazonaws.com', auth: { provider: 'aws', credentials: { accessKeyId: '', secretAccessKey: '' } } }));
    expect(error.problems.map((p) => p.path)).toEqual(['auth.credentials.accessKeyId', 'auth.credentials.secretAccessKey']);
  });

  it('a single problem keeps the one-line message', () => {
    const error = configErrorOf(create({ node: CUSTOM_DOMAIN, auth: { provider: 'aws', service: 'es', credentials: KEYS } }));
    expect(error.problems).toHaveLength(1);
    expect(error.message.startsWith('auth.region: required:')).toBe(true);
  });
});

describe('did you mean', () => {
  const provider = (name: string) => configErrorOf(create({ node: 'https://a.example.com', auth: { provider: name } }));

  it('awss → aws', () => {
    const error = provider('awss');
    expect(error.path).toBe('auth.provider');
    expect(error.message).toMatch(/^auth\.provider: unknown provider "awss"; did you mean "aws"\?/);
  });

  it('AWS → aws: provider names are case-sensitive', () => {
    expect(provider('AWS').message).toMatch(/^auth\.provider: unknown provider "AWS"; did you mean "aws"\? \(provider names are case-sensitive/);
  });

  it('alibab → alibaba', () => {
    expect(provider('alibab').message).toMatch(/unknown provider "alibab"; did you mean "alibaba"\?/);
  });

  it('a near miss of a registered custom provider', () => {
    class VaultProvider implements AuthProvider {
      readonly name = 'vault';
      authorize = () => ({ headers: {} });
      classifyError = () => undefined;
      close = () => Promise.resolve();
    }
    registerProvider('vault', { provider: VaultProvider });
    expect(provider('valut').message).toMatch(/unknown provider "valut"; did you mean "vault"\?/);
  });

  it('no suggestion for a name far from every known one', () => {
    const message = provider('gcp').message;
    expect(message).not.toMatch(/did you mean/);
    expect(message).toMatch(/"gcp" provider comes from the package @osauth\/gcp, which is not installed/);
  });

  it('regoin → region, serivce → service, in the aws section', () => {
    const error = configErrorOf(create({ node: 'https://abc123.us-east-1.aoss.amazonaws.com', auth: { provider: 'aws', regoin: 'us-east-1', serivce: 'aoss', credentials: KEYS } }));
    expect(byPath(error).auth).toMatch(/^unknown key\(s\): regoin \(did you mean region\?\), serivce \(did you mean service\?\); the aws provider takes provider, service, region, /);
  });

  it('a key inside the alibaba section, with the problem it causes', () => {
    const error = configErrorOf(create({ node: 'http://127.0.0.1:9200', auth: { provider: 'alibaba', mode: 'basic', usrname: 'elastic', password: CANARY } }));
    expect(byPath(error)).toEqual({
      auth: expect.stringMatching(/^unknown key\(s\): usrname \(did you mean username\?\); the alibaba provider takes provider, mode, .*username, password/),
      'auth.username': 'must be a non-empty string.',
    });
  });

  it('alibaba keys are still checked when the mode itself is misspelt', () => {
    const error = configErrorOf(create({ node: 'http://127.0.0.1:9200', auth: { provider: 'alibaba', mdoe: 'bearer' } }));
    expect(error.problems.map((p) => p.path)).toEqual(['auth.mode', 'auth']);
    expect(byPath(error).auth).toMatch(/^unknown key\(s\): mdoe \(did you mean mode\?\);/);
  });

  it('a cluster key and a debug key, through loadConfig', () => {
    const error = configErrorOf(() => loadConfig({ env: {}, config: { nodes: 'http://127.0.0.1:9200', node: 'http://127.0.0.1:9200', auth: { provider: 'none' }, debug: { signin: true } } }));
    expect(byPath(error)).toEqual({
      config: expect.stringMatching(/^unknown key\(s\): nodes \(did you mean node\?\); a cluster has node, auth, client, /),
      debug: 'unknown key(s): signin (did you mean signing?); debug takes signing.',
    });
  });
});

describe('a bad value from the environment names its variable', () => {
  it('OSAUTH_PROVIDER=amazon', () => {
    const error = configErrorOf(() => loadConfig({ env: { OSAUTH_NODE: 'https://search.example.com', OSAUTH_PROVIDER: 'amazon' } }));
    expect(error.problems).toEqual([expect.objectContaining({ path: 'auth.provider', variable: 'OSAUTH_PROVIDER' })]);
    expect(error.path).toBe('auth.provider');
    expect(error.message).toMatch(/^auth\.provider \(from OSAUTH_PROVIDER\): unknown provider "amazon"/);
  });

  it('OSAUTH_PROVIDER=awss, with its suggestion', () => {
    const error = configErrorOf(() => loadConfig({ env: { OSAUTH_NODE: 'https://search.example.com', OSAUTH_PROVIDER: 'awss' } }));
    expect(error.message).toMatch(/^auth\.provider \(from OSAUTH_PROVIDER\): unknown provider "awss"; did you mean "aws"\?/);
  });

  it('AWS_REGION and OSAUTH_AWS_SERVICE, each named, the value not echoed', () => {
    const error = configErrorOf(() => loadConfig({ env: { OSAUTH_NODE: 'https://search.example.com', OSAUTH_PROVIDER: 'aws', AWS_REGION: CANARY, OSAUTH_AWS_SERVICE: 'opensearch' } }));
    expect(error.message).toBe(
      [
        '2 problems in the configuration:',
        '  - auth.service (from OSAUTH_AWS_SERVICE): must be "es" or "aoss", got a string that is not a service name.',
        '  - auth.region (from AWS_REGION): must be an AWS region such as "us-east-1", got a string that is not a region.',
      ].join('\n'),
    );
  });

  it('AWS_DEFAULT_REGION read as the fallback of a config file without a region', () => {
    const error = configErrorOf(() => loadConfig({ env: { AWS_DEFAULT_REGION: 'useast1' }, config: { node: CUSTOM_DOMAIN, auth: { provider: 'aws', service: 'es' } } }));
    expect(error.problems).toEqual([expect.objectContaining({ path: 'auth.region', variable: 'AWS_DEFAULT_REGION' })]);
  });

  it('OSAUTH_ALIBABA_MODE, no longer read as bearer when unknown', () => {
    const error = configErrorOf(() => loadConfig({ env: { OSAUTH_NODE: 'http://127.0.0.1:9200', OSAUTH_PROVIDER: 'alibaba', OSAUTH_ALIBABA_MODE: 'oauth' } }));
    expect(error.message).toMatch(/^auth\.mode \(from OSAUTH_ALIBABA_MODE\): must be "bearer"/);
  });

  it('OSAUTH_NODE, per node of the list', () => {
    const error = configErrorOf(() => loadConfig({ env: { OSAUTH_NODE: 'http://127.0.0.1:9200,ftp://127.0.0.1', OSAUTH_PROVIDER: 'none' } }));
    expect(error.problems).toEqual([expect.objectContaining({ path: 'node[1]', variable: 'OSAUTH_NODE' })]);
  });

  it('OSAUTH_DEBUG: signing turns the signing trace on; a near miss is named', () => {
    const loaded = loadConfig({ env: { OSAUTH_NODE: 'http://127.0.0.1:9200', OSAUTH_PROVIDER: 'none', OSAUTH_DEBUG: 'signing' } });
    expect(loaded.clusters.default?.debug).toEqual({ signing: true });
    const error = configErrorOf(() => loadConfig({ env: { OSAUTH_NODE: 'http://127.0.0.1:9200', OSAUTH_PROVIDER: 'none', OSAUTH_DEBUG: 'signin' } }));
    expect(error.message).toBe('debug (from OSAUTH_DEBUG): unknown key(s): signin (did you mean signing?); debug takes signing.');
  });

  it('a value the file or the config object overrides is not blamed on the variable', () => {
    const error = configErrorOf(() => loadConfig({ env: { OSAUTH_NODE: 'http://127.0.0.1:9200', OSAUTH_PROVIDER: 'amazon' }, config: { auth: { provider: 'amazon' } } }));
    expect(error.problems).toEqual([{ path: 'auth.provider', message: expect.stringMatching(/^unknown provider "amazon"/) }]);
    expect(loadConfig({ env: { OSAUTH_NODE: 'http://127.0.0.1:9200', OSAUTH_PROVIDER: 'amazon' }, config: { auth: { provider: 'none' } } }).clusters.default).toBeDefined();
  });
});

describe('a secret-looking value is never echoed', () => {
  it('not as the value of an unknown key, nor as a key, nor as a provider name', () => {
    const error = configErrorOf(
      create({ node: 'https://abc123.us-east-1.aoss.amazonaws.com', auth: { provider: 'aws', regoin: CANARY, [`${CANARY}/+=`]: 'x', credentials: KEYS }, debug: { signing: CANARY } }),
    );
    expect(byPath(error).auth).toMatch(/^unknown key\(s\): regoin \(did you mean region\?\), \(a key not shown: it does not look like a config key\);/);
    expect(byPath(error)['debug.signing']).toBe('must be true or false, got a string.');

    const named = configErrorOf(create({ node: 'https://a.example.com', auth: { provider: CANARY } }));
    expect(named.message).toMatch(/unknown provider \(name not shown: it does not look like a provider name\)/);
  });

  it('not from the environment either', () => {
    const error = configErrorOf(() => loadConfig({ env: { OSAUTH_NODE: 'https://a.example.com', OSAUTH_PROVIDER: CANARY, OSAUTH_DEBUG: `${CANARY}!` } }));
    expect(error.problems.map((p) => [p.path, p.variable])).toEqual([
      ['debug', 'OSAUTH_DEBUG'],
      ['auth.provider', 'OSAUTH_PROVIDER'],
    ]);
  });
});
