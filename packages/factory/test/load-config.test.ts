import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Container } from 'inversify';
import { AUTH_PROVIDER, type AuthProvider, ConfigError, loadConfig, type Secret } from '@osauth/factory';

const SECRET = 'FAKEsecretCANARYloadCONFIG9';
const dir = mkdtempSync(join(tmpdir(), 'osauth-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const AOSS = 'https://abc123.us-east-1.aoss.amazonaws.com';
const ES = 'https://search-logs-abc.eu-west-1.es.amazonaws.com';
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET };

function problemsOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    for (const text of [e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 8 })]) expect(text).not.toContain(SECRET);
    return e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig: sources and precedence', () => {
  it('reads a single cluster from an explicit object as "default"', () => {
    const loaded = loadConfig({ config: { node: AOSS, auth: { provider: 'aws', credentials: KEYS } }, env: {} });
    expect(Object.keys(loaded.clusters)).toEqual(['default']);
    expect(loaded.clusters.default?.auth).toEqual({ provider: 'aws', credentials: KEYS });
  });

  it('reads YAML and JSON files named by OSAUTH_CONFIG, with secrets fromEnv and fromFile', () => {
    const secretFile = file('password.txt', `${SECRET}\n`);
    const yaml = file(
      'osauth.yaml',
      `clusters:\n  logs:\n    node: ${ES}\n    auth:\n      provider: aws\n      credentials:\n        accessKeyId: AKIDEXAMPLE\n        secretAccessKey: { fromEnv: MY_SECRET }\n  search:\n    node: http://127.0.0.1:9200\n    auth:\n      provider: basic\n      username: elastic\n      password: { fromFile: ./password.txt }\n`,
    );
    const loaded = loadConfig({ env: { OSAUTH_CONFIG: yaml, MY_SECRET: SECRET } });
    expect(Object.keys(loaded.clusters).sort()).toEqual(['logs', 'search']);
    // Resolved secrets are Secrets: the value is there to sign with, never to print.
    expect((loaded.clusters.logs?.auth as { credentials: { secretAccessKey: Secret } }).credentials.secretAccessKey.reveal()).toBe(SECRET);
    expect((loaded.clusters.search?.auth as { password: Secret }).password.reveal()).toBe(SECRET);
    expect(JSON.stringify(loaded)).not.toContain(SECRET);
    expect(inspect(loaded, { depth: Infinity, showHidden: true })).not.toContain(SECRET);
    expect(secretFile).toBeTruthy();

    const json = file('osauth.json', JSON.stringify({ node: AOSS, auth: { provider: 'aws', credentials: { profile: 'search' } } }));
    expect(loadConfig({ env: { OSAUTH_CONFIG: json } }).clusters.default?.node).toBe(AOSS);
  });

  it('builds the default cluster from OSAUTH_* and the cloud variables', () => {
    const aws = loadConfig({ env: { OSAUTH_NODE: AOSS, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/search' } });
    expect(aws.clusters.default?.auth).toEqual({ provider: 'aws', credentials: { roleArn: 'arn:aws:iam::123456789012:role/search' } });
    const basic = loadConfig({ env: { OSAUTH_NODE: 'http://127.0.0.1:9200', OSAUTH_PROVIDER: 'basic', OSAUTH_USERNAME: 'elastic', OSAUTH_PASSWORD: SECRET } });
    expect(basic.clusters.default?.auth).toMatchObject({ provider: 'basic', username: 'elastic' });
    expect((basic.clusters.default?.auth as { password: Secret }).password.reveal()).toBe(SECRET);
    const none = loadConfig({ env: { OSAUTH_NODE: 'http://a:9200,http://b:9200', OSAUTH_PROVIDER: 'none' } });
    expect(none.clusters.default?.node).toEqual(['http://a:9200', 'http://b:9200']);
  });

  it('explicit object > file > environment, merged key by key; another provider replaces auth', () => {
    const yaml = file('layer.yaml', `node: ${AOSS}\nauth:\n  provider: aws\n  region: us-east-1\nclient:\n  maxRetries: 5\n  requestTimeout: 1000\n`);
    const loaded = loadConfig({
      env: { OSAUTH_CONFIG: yaml, OSAUTH_NODE: 'http://ignored:9200', OSAUTH_PROVIDER: 'none' },
      config: { client: { requestTimeout: 2000 }, auth: { provider: 'aws', service: 'aoss' } },
    });
    const cluster = loaded.clusters.default!;
    expect(cluster.node).toBe(AOSS);
    expect(cluster.auth).toEqual({ provider: 'aws', region: 'us-east-1', service: 'aoss' });
    expect(cluster.client).toEqual({ maxRetries: 5, requestTimeout: 2000 });

    const swapped = loadConfig({ env: { OSAUTH_CONFIG: yaml }, config: { node: 'http://127.0.0.1:9200', auth: { provider: 'none' } } });
    expect(swapped.clusters.default?.auth).toEqual({ provider: 'none' });
  });

  it('validates custom providers bound in the given container', () => {
    class VaultProvider implements AuthProvider {
      readonly name = 'vault';
      constructor(config: { path?: unknown }) {
        if (typeof config.path !== 'string') throw new ConfigError({ path: 'auth.path', message: 'required.' });
      }
      authorize = () => Promise.resolve({ headers: {} });
      classifyError = () => undefined;
      close = async () => {};
    }
    const container = new Container();
    container.bind(AUTH_PROVIDER).toConstantValue(VaultProvider).whenNamed('vault');
    expect(loadConfig({ env: {}, container, config: { node: 'http://127.0.0.1:1', auth: { provider: 'vault', path: 'kv/os' } } }).clusters.default).toBeDefined();
    expect(problemsOf(() => loadConfig({ env: {}, container, config: { node: 'http://127.0.0.1:1', auth: { provider: 'vault' } } })).path).toBe('auth.path');
  });

  it('lists every problem of every cluster in one error', () => {
    const error = problemsOf(() =>
      loadConfig({
        env: {},
        config: {
          clusters: {
            logs: { node: 'http://127.0.0.1:9200', auth: { provider: 'aws', service: 'es' } },
            search: { node: 42, auth: { provider: 'basic', username: '', password: SECRET } },
          },
        },
      }),
    );
    const paths = error.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['clusters.logs.auth.region', 'clusters.search.node', 'clusters.search.auth.username']));
    expect(error.message).toMatch(/problems in the configuration/);
    for (const path of paths) expect(error.message).toContain(path);
  });
});

describe('loadConfig: 30+ invalid configs, each a ConfigError at the right path, never a secret', () => {
  const base = { node: AOSS, auth: { provider: 'aws', credentials: KEYS } };
  const cases: [string, () => unknown, string][] = [
    ['nothing to load', () => loadConfig({ env: {} }), 'config'],
    ['config not an object', () => loadConfig({ env: {}, config: 'https://x' }), 'config'],
    ['node missing', () => loadConfig({ env: {}, config: { auth: base.auth } }), 'node'],
    ['node a number', () => loadConfig({ env: {}, config: { ...base, node: 9200 } }), 'node'],
    ['node empty list', () => loadConfig({ env: {}, config: { ...base, node: [] } }), 'node'],
    ['node not a URL', () => loadConfig({ env: {}, config: { ...base, node: 'not a url' } }), 'node'],
    ['node ftp scheme', () => loadConfig({ env: {}, config: { ...base, node: 'ftp://x' } }), 'node'],
    ['node with credentials', () => loadConfig({ env: {}, config: { ...base, node: `https://u:${SECRET}@x.us-east-1.aoss.amazonaws.com` } }), 'node'],
    ['auth missing', () => loadConfig({ env: {}, config: { node: AOSS } }), 'auth'],
    ['auth a string', () => loadConfig({ env: {}, config: { node: AOSS, auth: 'aws' } }), 'auth'],
    ['provider missing', () => loadConfig({ env: {}, config: { node: AOSS, auth: {} } }), 'auth.provider'],
    ['provider unknown', () => loadConfig({ env: {}, config: { node: AOSS, auth: { provider: 'gcp' } } }), 'auth.provider'],
    ['provider a number', () => loadConfig({ env: {}, config: { node: AOSS, auth: { provider: 7 } } }), 'auth.provider'],
    ['aws service wrong', () => loadConfig({ env: {}, config: { ...base, auth: { ...base.auth, service: 'opensearch' } } }), 'auth.service'],
    ['aws service contradicts host', () => loadConfig({ env: {}, config: { ...base, auth: { ...base.auth, service: 'es' } } }), 'auth.service'],
    ['aws region contradicts host', () => loadConfig({ env: {}, config: { ...base, auth: { ...base.auth, region: 'eu-west-1' } } }), 'auth.region'],
    ['aws region missing for a plain host', () => loadConfig({ env: {}, config: { node: 'http://127.0.0.1:9200', auth: { provider: 'aws', service: 'es', credentials: KEYS } } }), 'auth.region'],
    [
      'aws service missing for a plain host',
      () => loadConfig({ env: {}, config: { node: 'http://127.0.0.1:9200', auth: { provider: 'aws', region: 'us-east-1', credentials: KEYS } } }),
      'auth.service',
    ],
    ['aws region a number', () => loadConfig({ env: {}, config: { ...base, auth: { ...base.auth, region: 1 } } }), 'auth.region'],
    ['aws unknown key', () => loadConfig({ env: {}, config: { ...base, auth: { ...base.auth, secret: SECRET } } }), 'auth'],
    [
      'aws empty secret key',
      () => loadConfig({ env: {}, config: { ...base, auth: { provider: 'aws', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: '' } } } }),
      'auth.credentials.secretAccessKey',
    ],
    ['aws empty access key', () => loadConfig({ env: {}, config: { ...base, auth: { provider: 'aws', credentials: { accessKeyId: '', secretAccessKey: SECRET } } } }), 'auth.credentials.accessKeyId'],
    ['aws bad role ARN', () => loadConfig({ env: {}, config: { ...base, auth: { provider: 'aws', credentials: { roleArn: SECRET } } } }), 'auth.credentials.roleArn'],
    ['aws negative timeout', () => loadConfig({ env: {}, config: { ...base, auth: { ...base.auth, credentialTimeoutMs: -1 } } }), 'auth.credentialTimeoutMs'],
    ['basic without password', () => loadConfig({ env: {}, config: { node: AOSS, auth: { provider: 'basic', username: 'elastic' } } }), 'auth.password'],
    ['basic empty username', () => loadConfig({ env: {}, config: { node: AOSS, auth: { provider: 'basic', username: '', password: SECRET } } }), 'auth.username'],
    ['none with extra keys', () => loadConfig({ env: {}, config: { node: AOSS, auth: { provider: 'none', password: SECRET } } }), 'auth'],
    ['alibaba wrong mode', () => loadConfig({ env: {}, config: { node: AOSS, auth: { provider: 'alibaba', mode: 'oauth' } } }), 'auth.mode'],
    ['client reserved option', () => loadConfig({ env: {}, config: { ...base, client: { Connection: 'x' } } }), 'client.Connection'],
    ['client Authorization header', () => loadConfig({ env: {}, config: { ...base, client: { headers: { Authorization: `Bearer ${SECRET}` } } } }), 'client.headers.Authorization'],
    ['client not an object', () => loadConfig({ env: {}, config: { ...base, client: 3 } }), 'client'],
    ['unknown top-level key', () => loadConfig({ env: {}, config: { ...base, nodes: [AOSS] } }), 'config'],
    [
      'fromEnv unset',
      () => loadConfig({ env: {}, config: { ...base, auth: { provider: 'aws', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: { fromEnv: 'NOT_SET' } } } } }),
      'auth.credentials.secretAccessKey',
    ],
    [
      'fromEnv bad name',
      () => loadConfig({ env: {}, config: { ...base, auth: { provider: 'aws', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: { fromEnv: 'a b' } } } } }),
      'auth.credentials.secretAccessKey.fromEnv',
    ],
    ['fromFile unreadable', () => loadConfig({ env: {}, config: { node: AOSS, auth: { provider: 'basic', username: 'u', password: { fromFile: '/nonexistent/osauth/secret' } } } }), 'auth.password'],
    ['fromFile empty', () => loadConfig({ env: {}, config: { node: AOSS, auth: { provider: 'basic', username: 'u', password: { fromFile: file('empty.txt', '') } } } }), 'auth.password'],
    ['config file missing', () => loadConfig({ env: { OSAUTH_CONFIG: '/nonexistent/osauth.yaml' } }), 'OSAUTH_CONFIG'],
    ['bad YAML', () => loadConfig({ env: { OSAUTH_CONFIG: file('bad.yaml', `node: [unclosed\nauth:\n  password: ${SECRET}: x\n`) } }), 'OSAUTH_CONFIG'],
    ['bad JSON', () => loadConfig({ env: { OSAUTH_CONFIG: file('bad.json', `{"node": "x", "password": "${SECRET}",`) } }), 'OSAUTH_CONFIG'],
    ['YAML that is a list', () => loadConfig({ env: { OSAUTH_CONFIG: file('list.yaml', '- a\n- b\n') } }), 'OSAUTH_CONFIG'],
    ['clusters empty', () => loadConfig({ env: {}, config: { clusters: {} } }), 'clusters'],
    ['clusters a list', () => loadConfig({ env: {}, config: { clusters: [base] } }), 'clusters'],
    ['key next to clusters', () => loadConfig({ env: {}, config: { clusters: { a: base }, node: AOSS } }), 'node'],
    ['cluster missing auth', () => loadConfig({ env: {}, config: { clusters: { logs: { node: AOSS } } } }), 'clusters.logs.auth'],
    ['cluster with contradicting region', () => loadConfig({ env: {}, config: { clusters: { logs: { ...base, auth: { ...base.auth, region: 'ap-south-1' } } } } }), 'clusters.logs.auth.region'],
  ];

  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each([
    ['fromFile unreadable', { fromFile: '/nonexistent/osauth/secret' }, /^cannot read the file \/nonexistent\/osauth\/secret \(ENOENT\)\.$/],
    ['fromEnv unset', { fromEnv: 'NOT_SET' }, /^environment variable NOT_SET is not set/],
    ['fromEnv bad name', { fromEnv: 'a b' }, /^expected the name of an environment variable\.$/],
  ])('%s is the one problem of its value, not also "required"', (_name, password, message) => {
    const error = problemsOf(() => loadConfig({ env: {}, config: { node: AOSS, auth: { provider: 'basic', username: 'u', password } } }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.message).toMatch(message);
  });

  it.each(cases)('%s', (_name, load, path) => {
    const error = problemsOf(load);
    expect(error.problems.map((p) => p.path)).toContain(path);
    expect(error.code).toBe('INVALID_CONFIG');
  });
});
