// Credential-source calls for 1000 concurrent requests on a cold client, then for 1000
// more once the credentials are due for refresh: osauth vs opensearch-js's AwsSigv4Signer,
// counted live.
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws';
import { createClient } from '@osauth/factory';
import { report } from './measure';
import { KEYS } from './fixtures';
import { startEchoServerProcess } from './loopback';

type Source = () => Promise<typeof KEYS & { expiration: Date }>;

/**
 * Calls for a cold wave of 1000 requests, then for a second wave once the credentials have
 * entered the client's own refresh margin (`refreshMarginMs` before expiry: osauth refreshes
 * 5 minutes ahead, AwsSigv4Signer `requestTimeout` (30 s) ahead).
 */
async function callsFor(refreshMarginMs: number, build: (source: Source) => Client): Promise<{ cold: number; refresh: number }> {
  let calls = 0;
  const source: Source = async () => {
    calls += 1;
    await new Promise((resolve) => setTimeout(resolve, 20)); // a real source takes a while
    // Due for refresh 500 ms from now, by the client's own rule.
    return { ...KEYS, expiration: new Date(Date.now() + refreshMarginMs + 500) };
  };
  const client = build(source);
  const wave = () => Promise.all(Array.from({ length: 1000 }, () => client.transport.request({ method: 'GET', path: '/' })));
  await wave();
  const cold = calls;
  await new Promise((resolve) => setTimeout(resolve, 700));
  await wave();
  await new Promise((resolve) => setTimeout(resolve, 100)); // let a background refresh land
  await client.close();
  return { cold, refresh: calls - cold };
}

async function main(): Promise<void> {
  const server = await startEchoServerProcess();
  const osauth = await callsFor(5 * 60_000, (credentials) => createClient({ node: server.url, auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials } }));
  const signer = await callsFor(30_000, (getCredentials) => new Client({ node: server.url, ...AwsSigv4Signer({ region: 'us-east-1', service: 'aoss', getCredentials }) }));
  await server.close();
  report({
    comparison: 'cold-start',
    unit: 'credential-source calls, 1000 concurrent requests cold, then 1000 when due for refresh',
    medians: { 'osauth, cold': osauth.cold, 'osauth, refresh': osauth.refresh, 'AwsSigv4Signer, cold': signer.cold, 'AwsSigv4Signer, refresh': signer.refresh },
    goal: 'osauth = 1 cold, 1 per refresh',
  });
}

void main();
