// Switching only the config (file, then environment) switches the cloud; each emulator
// verifies the requests it receives.
import { join } from 'node:path';
import { createClientRegistry, loadConfig } from '@osauth/factory';
import { type AlibabaEmulator, type Emulator, startAlibabaEmulator, startEmulator } from '@osauth/testing';
import { BookShelf } from '../src/book-shelf';
import '@osauth/aws'; // registers the `aws` provider (and its config type); bundlers need this one line
import '@osauth/alibaba'; // registers the `alibaba` provider (and its config type); bundlers need this one line

const AWS_KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const ALI_KEYS = { accessKeyId: 'STS.FAKESWAP0001', accessKeySecret: 'FAKEswapSECRET0001', securityToken: 'FAKEswapTOKENCAIS0001' };
const ENV = {
  AWS_ACCESS_KEY_ID: AWS_KEYS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: AWS_KEYS.secretAccessKey,
  ALIBABA_CLOUD_ACCESS_KEY_ID: ALI_KEYS.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: ALI_KEYS.accessKeySecret,
  ALIBABA_CLOUD_SECURITY_TOKEN: ALI_KEYS.securityToken,
};

describe('the same BookShelf on either cloud, chosen by config', () => {
  let aws: Emulator;
  let alibaba: AlibabaEmulator;
  beforeAll(async () => {
    aws = await startEmulator({ service: 'aoss', region: 'us-east-1', credentials: [AWS_KEYS] });
    alibaba = await startAlibabaEmulator({ accessKeys: [ALI_KEYS], users: [{ username: 'elastic', password: 'FAKEelasticPassword1' }] });
  });
  afterAll(async () => {
    await aws.close();
    await alibaba.close();
  });

  async function run(env: NodeJS.ProcessEnv, node: string): Promise<{ provider: string; count: number }> {
    const config = loadConfig({ env, config: { node } });
    const clients = createClientRegistry(config);
    const shelf = new BookShelf(clients.getClient());
    await shelf.shelve('dune', 'Dune');
    const count = await shelf.count();
    await clients.closeAll();
    return { provider: config.clusters.default?.auth.provider ?? '', count };
  }

  it('OSAUTH_CONFIG=config/aws.json → SigV4, verified by the aoss emulator', async () => {
    const result = await run({ ...ENV, OSAUTH_CONFIG: join(__dirname, '..', 'config', 'aws.json') }, aws.url);
    expect(result).toEqual({ provider: 'aws', count: 1 });
    expect(aws.requests.length).toBeGreaterThan(0);
    expect(aws.requests.every((r) => r.verified)).toBe(true);
  });

  it('OSAUTH_CONFIG=config/alibaba.yaml → OpenSearch v3 STS signature, verified by the Alibaba emulator', async () => {
    const before = alibaba.requests.length;
    const result = await run({ ...ENV, OSAUTH_CONFIG: join(__dirname, '..', 'config', 'alibaba.yaml') }, alibaba.url);
    expect(result.provider).toBe('alibaba');
    const mine = alibaba.requests.slice(before);
    expect(mine.every((r) => r.verified && r.scheme === 'opensearch')).toBe(true);
  });

  it('environment only: OSAUTH_PROVIDER=alibaba with ALIBABA_CLOUD_* variables, then OSAUTH_PROVIDER=basic', async () => {
    const before = alibaba.requests.length;
    const sts = await run({ ...ENV, OSAUTH_PROVIDER: 'alibaba' }, alibaba.url);
    const basic = await run({ OSAUTH_PROVIDER: 'basic', OSAUTH_USERNAME: 'elastic', OSAUTH_PASSWORD: 'FAKEelasticPassword1' }, alibaba.url);
    expect([sts.provider, basic.provider]).toEqual(['alibaba', 'basic']);
    const mine = alibaba.requests.slice(before);
    expect(mine.every((r) => r.verified)).toBe(true);
    expect(new Set(mine.map((r) => r.scheme))).toEqual(new Set(['opensearch', 'basic']));
  });
});
