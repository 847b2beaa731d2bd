/**
 * One code path, two clouds: `OSAUTH_CONFIG` picks the config file, the file picks the provider.
 *
 *   pnpm start:aws       # OSAUTH_CONFIG=config/aws.json
 *   pnpm start:alibaba   # OSAUTH_CONFIG=config/alibaba.yaml
 *
 * Without OPENSEARCH_ENDPOINT, a local emulator of the chosen cloud stands in for the real
 * endpoint (and fake keys for the real ones); only `node` is overridden.
 */
import { createClientRegistry, loadConfig, OsAuthError } from '@osauth/factory';
import { startAlibabaEmulator, startEmulator } from '@osauth/testing';
import { BookShelf } from './book-shelf';

async function main(): Promise<void> {
  process.env.OSAUTH_CONFIG ??= 'config/aws.json';
  const alibaba = process.env.OSAUTH_CONFIG.includes('alibaba');
  const local = process.env.OPENSEARCH_ENDPOINT === undefined;
  const emulator = !local ? undefined : alibaba ? await startLocalAlibaba() : await startLocalAws();

  const config = loadConfig({ config: emulator ? { node: emulator.url } : { node: process.env.OPENSEARCH_ENDPOINT } });
  const clients = createClientRegistry(config);
  try {
    const shelf = new BookShelf(clients.getClient());
    await shelve(shelf);
    console.log(`${config.clusters.default?.auth.provider} (${emulator ? 'emulator' : 'real endpoint'}): ${await shelf.count()} book(s) on the shelf`);
  } catch (error) {
    if (!(error instanceof OsAuthError)) throw error;
    console.error(`${error.code} (${error.hint ?? 'no hint'})\n${error.remediation}`);
    process.exitCode = 1;
  } finally {
    await clients.closeAll();
    await emulator?.close();
  }
}

async function shelve(shelf: BookShelf): Promise<void> {
  await shelf.shelve('dune', 'Dune');
  await shelf.shelve('solaris', 'Solaris');
}

async function startLocalAws() {
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
  return startEmulator({
    service: 'aoss',
    region: 'us-east-1',
    credentials: [{ accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY }],
  });
}

async function startLocalAlibaba() {
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID ??= 'STS.FAKESWAP0001';
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET ??= 'FAKEswapSECRET0001';
  process.env.ALIBABA_CLOUD_SECURITY_TOKEN ??= 'FAKEswapTOKENCAIS0001';
  return startAlibabaEmulator({
    accessKeys: [
      {
        accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
        accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
        securityToken: process.env.ALIBABA_CLOUD_SECURITY_TOKEN,
      },
    ],
  });
}

void main();
