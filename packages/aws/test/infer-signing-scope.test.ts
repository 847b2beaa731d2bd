import { ConfigError } from '@osauth/core';
import { AwsSigV4Provider } from '@osauth/aws';

function scopeOf(node: string, auth: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
  delete process.env.AWS_REGION;
  delete process.env.AWS_DEFAULT_REGION;
  Object.assign(process.env, env);
  try {
    const provider = new AwsSigV4Provider({ provider: 'aws', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecret' }, ...auth } as never, {
      nodes: [new URL(node)],
      configPath: 'auth',
    });
    return provider.scope;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('service and region inference', () => {
  it.each([
    ['https://search-logs-abc123.us-east-1.es.amazonaws.com', { service: 'es', region: 'us-east-1' }],
    ['https://vpc-logs-abc123.eu-central-1.es.amazonaws.com:443', { service: 'es', region: 'eu-central-1' }],
    ['https://abc123.us-west-2.aoss.amazonaws.com', { service: 'aoss', region: 'us-west-2' }],
    ['https://search-x-abc.cn-north-1.es.amazonaws.com.cn', { service: 'es', region: 'cn-north-1' }],
    ['https://abc123.us-gov-west-1.aoss.amazonaws.com', { service: 'aoss', region: 'us-gov-west-1' }],
    ['https://ABC123.AP-SOUTHEAST-2.AOSS.AMAZONAWS.COM', { service: 'aoss', region: 'ap-southeast-2' }],
  ])('%s → %o', (node, expected) => {
    expect(scopeOf(node)).toEqual(expected);
  });

  it('explicit values win when they agree with the host, and fill in what the host lacks', () => {
    expect(scopeOf('https://abc123.us-west-2.aoss.amazonaws.com', { service: 'aoss', region: 'us-west-2' })).toEqual({ service: 'aoss', region: 'us-west-2' });
    expect(scopeOf('http://127.0.0.1:9200', { service: 'es', region: 'eu-west-1' })).toEqual({ service: 'es', region: 'eu-west-1' });
    expect(scopeOf('https://search.internal.example.com', { service: 'aoss' }, { AWS_REGION: 'sa-east-1' })).toEqual({ service: 'aoss', region: 'sa-east-1' });
    expect(scopeOf('https://search.internal.example.com', { service: 'es' }, { AWS_DEFAULT_REGION: 'ca-central-1' })).toEqual({ service: 'es', region: 'ca-central-1' });
  });

  it('names auth.service when the host does not imply a service', () => {
    const error = configErrorOf(() => scopeOf('https://search.internal.example.com', { region: 'us-east-1' }));
    expect(error.path).toBe('auth.service');
    expect(error.message).toMatch(/search\.internal\.example\.com.*"es".*"aoss"/);
  });

  it('names auth.region when neither host nor environment gives one', () => {
    const error = configErrorOf(() => scopeOf('http://127.0.0.1:9200', { service: 'aoss' }));
    expect(error.path).toBe('auth.region');
    expect(error.message).toMatch(/AWS_REGION/);
  });

  it('rejects explicit values that contradict the host', () => {
    expect(configErrorOf(() => scopeOf('https://abc123.us-west-2.aoss.amazonaws.com', { service: 'es' })).path).toBe('auth.service');
    const region = configErrorOf(() => scopeOf('https://abc123.us-west-2.aoss.amazonaws.com', { region: 'us-east-1' }));
    expect(region.path).toBe('auth.region');
    expect(region.message).toMatch(/contradicts.*us-west-2/);
  });

  it('rejects values of the wrong kind', () => {
    expect(configErrorOf(() => scopeOf('http://127.0.0.1:9200', { service: 'opensearch', region: 'us-east-1' })).path).toBe('auth.service');
    expect(configErrorOf(() => scopeOf('http://127.0.0.1:9200', { service: 'es', region: 'useast1' })).path).toBe('auth.region');
    expect(configErrorOf(() => scopeOf('http://127.0.0.1:9200', { service: 'es', region: 42 })).path).toBe('auth.region');
  });
});

describe('credentials config', () => {
  const node = [new URL('https://abc123.us-east-1.aoss.amazonaws.com')];
  const make = (credentials: unknown) => () => new AwsSigV4Provider({ provider: 'aws', credentials } as never, { nodes: node, configPath: 'auth' });

  it.each([
    [{ accessKeyId: 'AKIDEXAMPLE' }, 'auth.credentials.secretAccessKey'],
    [{ accessKeyId: '', secretAccessKey: 'FAKEsecretCANARY' }, 'auth.credentials.accessKeyId'],
    [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecretCANARY', sessionToken: '' }, 'auth.credentials.sessionToken'],
    [{ profile: '' }, 'auth.credentials.profile'],
    [{ roleArn: 'not-an-arn' }, 'auth.credentials.roleArn'],
    [{ roleArn: 'arn:aws:iam::123456789012:role/search', durationSeconds: 60 }, 'auth.credentials.durationSeconds'],
    [{ roleArn: 'arn:aws:iam::123456789012:role/search', stsEndpoint: 'ftp://x' }, 'auth.credentials.stsEndpoint'],
    [{ roleArn: 'arn:aws:iam::123456789012:role/search', source: { accessKeyId: 'AKIDEXAMPLE' } }, 'auth.credentials.source.secretAccessKey'],
    [{ webIdentityTokenFile: '', roleArn: 'arn:aws:iam::123456789012:role/search' }, 'auth.credentials.webIdentityTokenFile'],
    [{ user: 'x' }, 'auth.credentials'],
    ['FAKEsecretCANARY', 'auth.credentials'],
  ])('%o → ConfigError at %s, without echoing secrets', (credentials, path) => {
    const error = configErrorOf(make(credentials));
    expect(error.path).toBe(path);
    expect(JSON.stringify(error) + error.message + error.stack).not.toContain('FAKEsecretCANARY');
  });

  it('does not touch the network or the source when constructed', () => {
    const source = jest.fn(() => Promise.resolve({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecret' }));
    make(source)();
    expect(source).not.toHaveBeenCalled();
  });
});
