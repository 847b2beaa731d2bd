/**
 * A bearer API key: AI Search Open Platform workspace keys and Alibaba Cloud OpenSearch API
 * tokens. The key comes from DASHSCOPE_API_KEY (the variable Alibaba documents) — never
 * from code.
 *
 * - Default: a local emulator with a fake key.
 * - `OPENSEARCH_ENDPOINT=https://… DASHSCOPE_API_KEY=… pnpm start`
 */
import { createClient, OsAuthError } from '@osauth/factory';
import { startAlibabaEmulator } from '@osauth/testing';
import '@osauth/alibaba'; // registers the `alibaba` provider (and its config type); bundlers need this one line

async function main(): Promise<void> {
  const endpoint = process.env.OPENSEARCH_ENDPOINT;
  const emulator = endpoint ? undefined : await startAlibabaEmulator({ apiKeys: ['FAKE-sk-dashscope-0001'] });
  if (emulator) process.env.DASHSCOPE_API_KEY ??= 'FAKE-sk-dashscope-0001';

  // No key in the config: the provider reads DASHSCOPE_API_KEY.
  const client = createClient({ node: emulator?.url ?? (endpoint as string), auth: { provider: 'alibaba', mode: 'bearer' } });
  try {
    const { body } = await client.info();
    console.log(`${emulator ? 'emulator' : endpoint}: connected to ${(body as { cluster_name?: string }).cluster_name ?? 'the service'}`);
  } catch (error) {
    if (!(error instanceof OsAuthError)) throw error;
    console.error(`${error.code} (${error.hint ?? 'no hint'})\n${error.remediation}`);
    process.exitCode = 1;
  } finally {
    await client.close();
    await emulator?.close();
  }
}

void main();
