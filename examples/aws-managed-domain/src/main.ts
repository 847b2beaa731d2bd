/**
 * Writes and counts log events on an Amazon OpenSearch Service domain, with gzip bodies.
 *
 * - Default: a local `es` emulator (no AWS account needed).
 * - `OPENSEARCH_ENDPOINT=https://search-<name>-<id>.<region>.es.amazonaws.com pnpm start`:
 *   your domain, with credentials from the default AWS chain.
 */
import { createClient, ErrorCodes, type OsAuthConfig, OsAuthError } from '@osauth/factory';
import { startEmulator } from '@osauth/testing';
import { LogStore } from './log-store';
import '@osauth/aws'; // registers the `aws` provider (and its config type); bundlers need this one line

async function main(): Promise<void> {
  const endpoint = process.env.OPENSEARCH_ENDPOINT;
  const emulator = endpoint ? undefined : await startEmulator({ service: 'es', region: 'eu-west-1' });
  const client = createClient({
    node: emulator?.url ?? (endpoint as string),
    auth: emulator
      ? {
          provider: 'aws',
          service: 'es',
          region: 'eu-west-1',
          credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
        }
      : { provider: 'aws' },
    client: { compression: 'gzip', maxRetries: 3, requestTimeout: 10_000 },
  } satisfies OsAuthConfig);

  try {
    const logs = new LogStore(client, 'osauth-example-logs');
    await logs.write([
      { level: 'info', service: 'checkout', message: 'order placed' },
      { level: 'error', service: 'checkout', message: 'payment declined' },
      { level: 'error', service: 'search', message: 'timeout talking to the cluster' },
    ]);
    console.log(`${emulator ? 'emulator' : endpoint}: ${await logs.count('error')} error event(s)`);
  } catch (error) {
    if (!(error instanceof OsAuthError)) throw error;
    // Branch on the stable code, not on message text.
    if (error.code === ErrorCodes.ACCESS_DENIED) console.error('The signing identity lacks a permission:');
    console.error(`${error.code} (${error.hint ?? 'no hint'})\n${error.remediation}`);
    process.exitCode = 1;
  } finally {
    await client.close();
    await emulator?.close();
  }
}

void main();
