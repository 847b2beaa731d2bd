import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Container } from 'inversify';
import { AUTH_PROVIDER, AuthenticationError, createClient } from '@osauth/factory';
import { type AlibabaEmulator, startAlibabaEmulator } from '@osauth/testing';
import { FileTokenProvider } from '../src/file-token-provider';

describe('a custom provider bound from outside', () => {
  let emulator: AlibabaEmulator;
  const tokenFile = join(mkdtempSync(join(tmpdir(), 'osauth-token-')), 'token');
  const container = new Container();
  container.bind(AUTH_PROVIDER).toConstantValue(FileTokenProvider).whenNamed('file-token');

  beforeAll(async () => {
    emulator = await startAlibabaEmulator({ apiKeys: ['FAKE-token-v2'] });
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dirname(tokenFile), { recursive: true, force: true });
  });

  it('is used from config, and re-reads a rotated token file after a 401', async () => {
    writeFileSync(tokenFile, 'FAKE-token-v1\n');
    const client = createClient({ node: emulator.url, auth: { provider: 'file-token', path: tokenFile } as never }, { container });
    writeFileSync(tokenFile, 'FAKE-token-v2\n'); // rotated before the first request is answered
    await client.transport.request({ method: 'GET', path: '/' }).catch(() => undefined);
    expect((await client.info()).statusCode).toBe(200);
    await client.close();
    expect(emulator.requests.map((r) => r.headers.authorization)).toContain('Bearer FAKE-token-v2');
  });

  it('a token that stays wrong becomes its AuthenticationError after one re-read', async () => {
    writeFileSync(tokenFile, 'FAKE-token-revoked\n');
    const client = createClient({ node: emulator.url, auth: { provider: 'file-token', path: tokenFile } as never }, { container });
    const error = await client.info().catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).remediation).toMatch(/rotating/);
  });
});
