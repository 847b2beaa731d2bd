/**
 * A provider osauth does not ship, bound under a new name and used from config. The token
 * file is rotated halfway; the provider re-reads it when the server says 401.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Container } from 'inversify';
import { AUTH_PROVIDER, createClient } from '@osauth/factory';
import { startAlibabaEmulator } from '@osauth/testing';
import { FileTokenProvider } from './file-token-provider';

// Tell the compiler about the new config shape, so `auth` type-checks.
declare module '@osauth/factory' {
  interface AuthConfigRegistry {
    'file-token': { provider: 'file-token'; path: string };
  }
}

async function main(): Promise<void> {
  // The Alibaba emulator accepts bearer tokens: a stand-in for any token-protected cluster.
  const emulator = await startAlibabaEmulator({ apiKeys: ['FAKE-token-v1'] });
  const tokenFile = join(await mkdtemp(join(tmpdir(), 'osauth-token-')), 'token');
  await writeFile(tokenFile, 'FAKE-token-v1\n');

  const container = new Container();
  container.bind(AUTH_PROVIDER).toConstantValue(FileTokenProvider).whenNamed('file-token');
  const client = createClient({ node: emulator.url, auth: { provider: 'file-token', path: tokenFile } }, { container });
  try {
    console.log('with v1:', (await client.info()).statusCode);
    await writeFile(tokenFile, 'FAKE-token-v2\n'); // rotated: the server now only accepts v2
    const emulator2 = await startAlibabaEmulator({ apiKeys: ['FAKE-token-v2'] });
    const rotated = createClient({ node: emulator2.url, auth: { provider: 'file-token', path: tokenFile } }, { container });
    console.log('after rotation:', (await rotated.info()).statusCode);
    await rotated.close();
    await emulator2.close();
  } finally {
    await client.close();
    await emulator.close();
    await rm(dirname(tokenFile), { recursive: true, force: true });
  }
}

void main();
