import { ConfigError, createClient, type OsAuthConfig } from '@osauth/factory';

const AUTH = { provider: 'aws', service: 'es', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecretKEYconfigTEST0000' } } as const;

/** The ConfigError thrown by createClient for `config`, or a failure when none is. */
function configErrorOf(config: unknown): ConfigError {
  try {
    createClient(config as OsAuthConfig);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('createClient rejects invalid top-level config with a ConfigError naming the path', () => {
  it.each<[string, unknown, string]>([
    ['no config', undefined, 'config'],
    ['a string config', 'https://x', 'config'],
    ['no node', { auth: AUTH }, 'node'],
    ['an empty node list', { node: [], auth: AUTH }, 'node'],
    ['a node that is not a URL', { node: 'search-x.us-east-1.es.amazonaws.com', auth: AUTH }, 'node'],
    ['a bad second node', { node: ['https://a.example.com', 42], auth: AUTH }, 'node[1]'],
    ['an ftp node', { node: 'ftp://a.example.com', auth: AUTH }, 'node'],
    ['credentials in the node URL', { node: 'https://user:FAKEpassword99@a.example.com', auth: AUTH }, 'node'],
    ['no auth', { node: 'https://a.example.com' }, 'auth'],
    ['auth without provider', { node: 'https://a.example.com', auth: {} }, 'auth.provider'],
    ['an unknown provider', { node: 'https://a.example.com', auth: { provider: 'gcp' } }, 'auth.provider'],
    ['client.auth', { node: 'https://a.example.com', auth: AUTH, client: { auth: { username: 'u', password: 'p' } } }, 'client.auth'],
    ['client.Connection', { node: 'https://a.example.com', auth: AUTH, client: { Connection: class {} } }, 'client.Connection'],
    ['client.Transport', { node: 'https://a.example.com', auth: AUTH, client: { Transport: class {} } }, 'client.Transport'],
    ['client.node', { node: 'https://a.example.com', auth: AUTH, client: { node: 'https://b.example.com' } }, 'client.node'],
    ['an Authorization header', { node: 'https://a.example.com', auth: AUTH, client: { headers: { Authorization: 'Basic FAKE' } } }, 'client.headers.Authorization'],
  ])('%s', (_label, config, path) => {
    const error = configErrorOf(config);
    expect(error.path).toBe(path);
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message.startsWith(`${path}:`)).toBe(true);
    expect(error.remediation).toContain(path);
  });

  it('never echoes a password embedded in a node URL', () => {
    const error = configErrorOf({ node: 'https://user:FAKEpassword99@a.example.com', auth: AUTH });
    expect(JSON.stringify(error)).not.toContain('FAKEpassword99');
    expect(error.message).not.toContain('FAKEpassword99');
  });

  it('lists the available providers when the name is unknown', () => {
    expect(configErrorOf({ node: 'https://a.example.com', auth: { provider: 'gcp' } }).message).toMatch(
      /"gcp" provider comes from the package @osauth\/gcp, which is not installed: npm install @osauth\/gcp/,
    );
  });
});
