/**
 * Runs the catalogue against OpenSearch Serverless.
 *
 * - Default: a local aoss emulator (no AWS account needed).
 * - `OPENSEARCH_ENDPOINT=https://<id>.<region>.aoss.amazonaws.com pnpm start`: your collection,
 *   with credentials from the default AWS chain (env, profile, SSO, role…).
 */
import { createClient, type OsAuthConfig, OsAuthError } from '@osauth/factory';
import { startEmulator } from '@osauth/testing';
import { Catalog } from './catalog';
import '@osauth/aws'; // registers the `aws` provider (and its config type); bundlers need this one line

async function main(): Promise<void> {
  const endpoint = process.env.OPENSEARCH_ENDPOINT;
  const emulator = endpoint ? undefined : await startEmulator({ service: 'aoss', region: 'us-east-1' });

  const config: OsAuthConfig = emulator
    ? {
        node: emulator.url,
        auth: {
          provider: 'aws',
          service: 'aoss',
          region: 'us-east-1',
          credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
        },
      }
    : { node: endpoint as string, auth: { provider: 'aws' } }; // service and region from the host

  const client = createClient(config);
  try {
    const catalog = new Catalog(client, 'osauth-example-books');
    await catalog.add([
      { id: 'dune', title: 'Dune', author: 'Frank Herbert' },
      { id: 'dune-messiah', title: 'Dune Messiah', author: 'Frank Herbert' },
    ]);
    console.log(`${emulator ? 'emulator' : endpoint}: found`, await catalog.findByTitle('dune'));
  } catch (error) {
    if (!(error instanceof OsAuthError)) throw error;
    console.error(`${error.code} (${error.hint ?? 'no hint'}): ${error.message}\n${error.remediation}`);
    process.exitCode = 1;
  } finally {
    await client.close();
    await emulator?.close();
  }
}

void main();
