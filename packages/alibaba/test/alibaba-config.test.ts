import { inspect } from 'node:util';
import { AlibabaProvider } from '@osauth/alibaba';
import { ConfigError, CredentialsUnavailableError } from '@osauth/core';

const SECRET = 'FAKEalibabaCANARYsecret01';
const context = { nodes: [new URL('http://127.0.0.1:9200')], configPath: 'auth' };

function configErrorOf(config: unknown, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    new AlibabaProvider(config as never, context, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const text = `${(error as Error).message}${JSON.stringify(error)}${inspect(error)}`;
    expect(text).not.toContain(SECRET);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('Alibaba provider config', () => {
  it('bearer reads DASHSCOPE_API_KEY, or the variable named by apiKeyEnv', async () => {
    const fromDefault = new AlibabaProvider({ provider: 'alibaba', mode: 'bearer' }, context, { DASHSCOPE_API_KEY: SECRET });
    expect((await fromDefault.authorize({ method: 'GET', protocol: 'http:', hostname: 'x', path: '/', query: '', headers: {} })).headers.authorization).toBe(`Bearer ${SECRET}`);
    const named = new AlibabaProvider({ provider: 'alibaba', mode: 'bearer', apiKeyEnv: 'MY_KEY' }, context, { MY_KEY: SECRET });
    expect((await named.authorize({ method: 'GET', protocol: 'http:', hostname: 'x', path: '/', query: '', headers: {} })).headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it.each([
    [{ provider: 'alibaba' }, {}, 'auth.mode', /"bearer".*"basic".*"sts"/],
    [{ provider: 'alibaba', mode: 'oauth' }, {}, 'auth.mode', /must be/],
    [{ provider: 'alibaba', mode: 'bearer' }, {}, 'auth.apiKey', /DASHSCOPE_API_KEY/],
    [{ provider: 'alibaba', mode: 'bearer', apiKeyEnv: 'OTHER_KEY' }, {}, 'auth.apiKey', /OTHER_KEY/],
    [{ provider: 'alibaba', mode: 'bearer', apiKeyEnv: 'not valid' }, {}, 'auth.apiKeyEnv', /environment variable/],
    [{ provider: 'alibaba', mode: 'bearer', apiKey: '' }, {}, 'auth.apiKey', /non-empty/],
    [{ provider: 'alibaba', mode: 'basic', username: 'elastic' }, {}, 'auth.password', /non-empty/],
    [{ provider: 'alibaba', mode: 'basic', password: SECRET }, {}, 'auth.username', /non-empty/],
    [{ provider: 'alibaba', mode: 'sts', accessKeyId: 'STS.x', accessKeySecret: SECRET, securityToken: '' }, {}, 'auth.securityToken', /non-empty/],
    [{ provider: 'alibaba', mode: 'sts', accessKeyId: 'STS.x', accessKeySecret: SECRET }, {}, 'auth.roleArn', /roleArn/],
    [{ provider: 'alibaba', mode: 'sts', roleArn: SECRET }, {}, 'auth.roleArn', /RAM role ARN/],
    [{ provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::123:role/r', accessKeyId: 'LTAI' }, {}, 'auth.accessKeySecret', /default credential chain/],
    [{ provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::123:role/r', accessKeySecret: SECRET }, {}, 'auth.accessKeyId', /default credential chain/],
    [{ provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::123:role/r', accessKeyId: 'LTAI', accessKeySecret: SECRET, durationSeconds: 60 }, {}, 'auth.durationSeconds', /900/],
    [{ provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::123:role/r', accessKeyId: 'LTAI', accessKeySecret: SECRET, stsEndpoint: 'sts.aliyuncs.com' }, {}, 'auth.stsEndpoint', /full http/],
    [
      { provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::123:role/r', accessKeyId: 'LTAI', accessKeySecret: SECRET, stsEndpoint: `https://u:${SECRET}@sts.aliyuncs.com` },
      {},
      'auth.stsEndpoint',
      /without credentials/,
    ],
    [{ provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::123:role/r', accessKeyId: 'LTAI', accessKeySecret: SECRET, policy: '{not json' }, {}, 'auth.policy', /JSON/],
  ])('%o → ConfigError at %s', (config, env, path, message) => {
    const error = configErrorOf(config, env);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(error.provider).toBe('alibaba');
  });

  it('AssumeRole without any key: the default chain finds none here → CredentialsUnavailableError, no network', async () => {
    const saved = { id: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID, secret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET };
    delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
    delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
    try {
      const provider = new AlibabaProvider({ provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::1234567890123456:role/search', stsEndpoint: 'http://127.0.0.1:9' }, context, {});
      await expect(provider.prepare()).rejects.toBeInstanceOf(CredentialsUnavailableError);
      await provider.close();
    } finally {
      if (saved.id !== undefined) process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = saved.id;
      if (saved.secret !== undefined) process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = saved.secret;
    }
  });

  it('AssumeRole takes the role and long-term key from the environment', () => {
    expect(() =>
      new AlibabaProvider({ provider: 'alibaba', mode: 'sts' } as never, context, {
        ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/search',
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIFAKE',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
      }).close(),
    ).not.toThrow();
  });
});
