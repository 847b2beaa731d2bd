// End-to-end throughput against a loopback server in its own process (as a remote cluster),
// or with `--server-in-process` inside the client's process, 32 requests in flight, alternating A/B:
// the same opensearch-js client unsigned, signed by osauth (AWS, Alibaba STS), and signed by
// opensearch-js's own AwsSigv4Signer; plus the SigV4 headers alone and the floor signer in
// the Connection, which bound what any signer can reach.
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws';
import { createClient } from '@osauth/factory';
import { alternate, median, QUICK, report } from './measure';
import { ALIBABA_STS_AUTH, BODY_1KB, KEYS } from './fixtures';
import { floorSignedConnection } from './floor-connection';
import { headersOnlyConnection } from './headers-only-connection';
import { startEchoServer, startEchoServerProcess } from './loopback';

const IN_FLIGHT = 32;
// The server sharing the client's CPU: every request then costs client + server time, so the
// signer's share is smaller (the 0.72–0.78 anchor for AwsSigv4Signer fits this setup better).
const SERVER_IN_PROCESS = process.argv.includes('--server-in-process');

async function requestsPerSecond(client: Client, total: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      await client.transport.request({ method: 'POST', path: '/books/_search', body: BODY_1KB });
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return total / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function main(): Promise<void> {
  const server = SERVER_IN_PROCESS ? await startEchoServer() : await startEchoServerProcess();
  const clients: Record<string, Client> = {
    unsigned: new Client({ node: server.url }),
    'osauth aws': createClient({ node: server.url, auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: KEYS } }),
    'osauth alibaba sts': createClient({
      node: server.url,
      auth: ALIBABA_STS_AUTH,
    }),
    // The SigV4 headers with fixed values, no hashing: the part of the cost no signer avoids.
    'headers only (no hashing)': new Client({ node: server.url, Connection: headersOnlyConnection() }),
    // What no SigV4 signer inside opensearch-js can beat: the floor, synchronous, in the Connection.
    'ceiling (floor SigV4, synchronous)': new Client({ node: server.url, Connection: floorSignedConnection('us-east-1', 'aoss') }),
    'opensearch-js AwsSigv4Signer': new Client({
      node: server.url,
      ...AwsSigv4Signer({ region: 'us-east-1', service: 'aoss', getCredentials: () => Promise.resolve(KEYS) }),
    }),
  };
  const total = QUICK ? 2_000 : 10_000;
  const variants = Object.fromEntries(Object.entries(clients).map(([name, client]) => [name, () => requestsPerSecond(client, total)]));
  for (const run of Object.values(variants)) await run(); // warm-up: sockets, JIT, credentials
  const samples = await alternate(variants, QUICK ? 3 : 7);
  const medians = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  const unsigned = medians.unsigned as number;
  await Promise.all(Object.values(clients).map((c) => c.close()));
  await server.close();
  report({
    comparison: 'throughput',
    unit: `requests/s, ${IN_FLIGHT} in flight, 1 KB body, server ${SERVER_IN_PROCESS ? 'in the same process' : 'in its own process'}`,
    medians,
    ratios: {
      'osauth aws / unsigned': (medians['osauth aws'] as number) / unsigned,
      'osauth alibaba sts / unsigned': (medians['osauth alibaba sts'] as number) / unsigned,
      'AwsSigv4Signer / unsigned': (medians['opensearch-js AwsSigv4Signer'] as number) / unsigned,
      'headers only / unsigned': (medians['headers only (no hashing)'] as number) / unsigned,
      'ceiling / unsigned': (medians['ceiling (floor SigV4, synchronous)'] as number) / unsigned,
      'osauth aws / ceiling': (medians['osauth aws'] as number) / (medians['ceiling (floor SigV4, synchronous)'] as number),
    },
    goal: 'osauth / unsigned ≥ 0.92',
  });
}

void main();
