import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@osauth/core';
import { resolveCliConfig } from '../src/cli-config';

const dir = mkdtempSync(path.join(os.tmpdir(), 'osauth-cli-config-'));
const file = path.join(dir, 'osauth.yaml');
writeFileSync(
  file,
  [
    'clusters:',
    '  logs:',
    '    node: https://search-logs-abc.eu-west-1.es.amazonaws.com',
    '    auth: { provider: aws }',
    '  local:',
    '    node: http://127.0.0.1:9200',
    '    auth: { provider: none }',
    '',
  ].join('\n'),
);

describe('resolveCliConfig', () => {
  it('a URL and flags alone: the node is the origin, flags fill auth', () => {
    const { config, sources } = resolveCliConfig('http://127.0.0.1:9200/books/_search?q=x', { service: 'aoss', region: 'us-east-1' }, {});
    expect(config.node).toBe('http://127.0.0.1:9200');
    expect(config.auth).toMatchObject({ provider: 'aws', service: 'aoss', region: 'us-east-1' });
    expect(sources).toEqual(['flags']);
  });

  it('--profile and --role-arn become aws credentials; --role-arn on alibaba is sts mode', () => {
    const url = 'https://search-x-abc.us-east-1.es.amazonaws.com';
    expect(resolveCliConfig(url, { profile: 'dev' }, {}).config.auth).toMatchObject({ provider: 'aws', credentials: { profile: 'dev' } });
    expect(resolveCliConfig(url, { roleArn: 'arn:aws:iam::123456789012:role/r', profile: 'dev' }, {}).config.auth).toMatchObject({
      credentials: { roleArn: 'arn:aws:iam::123456789012:role/r', source: { profile: 'dev' } },
    });
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIFAKE0001', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'FAKEsecret0001' };
    expect(resolveCliConfig('http://127.0.0.1:9200', { provider: 'alibaba', roleArn: 'acs:ram::1234567890123456:role/r' }, env).config.auth).toMatchObject({
      provider: 'alibaba',
      mode: 'sts',
      roleArn: 'acs:ram::1234567890123456:role/r',
    });
  });

  it('the environment layer, then flags over it', () => {
    const env = { OSAUTH_NODE: 'http://127.0.0.1:9200', OSAUTH_PROVIDER: 'aws', OSAUTH_AWS_SERVICE: 'es', AWS_REGION: 'eu-west-1' };
    const { config, sources } = resolveCliConfig(undefined, { region: 'us-west-2' }, env);
    expect(config.auth).toMatchObject({ provider: 'aws', service: 'es', region: 'us-west-2' });
    expect(sources).toEqual(['flags', 'environment']);
  });

  it('--cluster picks one of the OSAUTH_CONFIG file; several and no --cluster is a ConfigError', () => {
    const env = { OSAUTH_CONFIG: file };
    const { config, sources } = resolveCliConfig(undefined, { cluster: 'local' }, env);
    expect(config).toMatchObject({ node: 'http://127.0.0.1:9200', auth: { provider: 'none' } });
    expect(sources).toEqual([`OSAUTH_CONFIG=${file}`]);
    expect(resolveCliConfig(undefined, { cluster: 'logs', region: 'eu-west-1' }, env).config.auth).toMatchObject({ provider: 'aws', region: 'eu-west-1' });
    expect(() => resolveCliConfig(undefined, {}, env)).toThrow(/several clusters \(logs, local\): pick one with --cluster/);
    expect(() => resolveCliConfig(undefined, { cluster: 'nope' }, env)).toThrow(ConfigError);
  });
});
