// Credential-source calls for 1000 concurrent requests on a cold client: osauth vs
// opensearch-js's AwsSigv4Signer, counted live.
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws';
import { createClient } from '@osauth/factory';
import { report } from './measure';
import { KEYS } from './fixtures';
import { startEchoServerProcess } from './loopback';

async function callsFor(build: (source: () => Promise<typeof KEYS & { expiration: Date }>) => Client): Promise<number> {
  let calls = 0;
  const source = async () => {
    calls += 1;
    await new Promise((resolve) => setTimeout(resolve, 20)); // a real source takes a while
    return { ...KEYS, expiration: new Date(Date.now() + 3_600_000) };
  };
  const client = build(source);
  await Promise.all(Array.from({ length: 1000 }, () => client.transport.request({ method: 'GET', path: '/' })));
  await client.close();
  return calls;
}

async function main(): Promise<void> {
  const server = await startEchoServerProcess();
  const osauth = await callsFor((credentials) => createClient({ node: server.url, auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials } }));
  const signer = await callsFor((getCredentials) => new Client({ node: server.url, ...AwsSigv4Signer({ region: 'us-east-1', service: 'aoss', getCredentials }) }));
  await server.close();
  report({ comparison: 'cold-start', unit: 'credential-source calls for 1000 concurrent cold requests', medians: { osauth, 'opensearch-js AwsSigv4Signer': signer }, goal: 'osauth = 1' });
}

void main();
