// What the local signing proxy (`osauth proxy`, packages/cli) costs: the same 1 KB search sent by
// an osauth client straight to the loopback server in its own process, against a plain unsigned
// opensearch-js client sending it through the proxy (its own process too), which signs and
// forwards it to the same server. Throughput at 32 in flight, and the p50 of per-request latency
// at 1 in flight (the latency the proxy adds). Alternating A/B rounds, medians.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { createClient } from '@osauth/factory';
import { alternate, median, QUICK, report } from './measure';
import { BODY_1KB, KEYS } from './fixtures';
import { startEchoServerProcess } from './loopback';

const IN_FLIGHT = 32;
const CLI = join(__dirname, '..', '..', 'cli', 'dist', 'cli.js');

/** `osauth proxy <node>` in a child process, signing for aoss in us-east-1 with KEYS; `close` sends SIGTERM and waits for its exit. */
async function startProxy(node: string): Promise<{ url: string; close(): Promise<void> }> {
  // Plain Node, and no credentials, profile or osauth settings inherited from the bench's environment.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS' && !/^(AWS_|OSAUTH_|ALIBABA_CLOUD_)/.test(k)));
  const home = mkdtempSync(join(tmpdir(), 'osauth-bench-proxy-'));
  const env = {
    ...inherited,
    HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
    AWS_REGION: 'us-east-1',
  };
  const args = [CLI, 'proxy', node, '--listen', '127.0.0.1:0', '--log', 'off', '--provider', 'aws', '--service', 'aoss', '--region', 'us-east-1'];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: home, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(stderr);
      if (match) resolve(match[1] as string);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`osauth proxy exited (${code}) before listening: ${stderr.trim()}`)));
  });
  return {
    url,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(home, { recursive: true, force: true });
    },
  };
}

const search = (client: Client) => client.transport.request({ method: 'POST', path: '/books/_search', body: BODY_1KB });

async function requestsPerSecond(client: Client, total: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      await search(client);
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return total / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** One request at a time; returns the p50 of their latencies (ms) and keeps every latency in `all`. */
async function p50Latency(client: Client, total: number, all: number[]): Promise<number> {
  const latencies: number[] = [];
  for (let i = 0; i < total; i += 1) {
    const start = process.hrtime.bigint();
    await search(client);
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  all.push(...latencies);
  return median(latencies);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const server = await startEchoServerProcess();
  const proxy = await startProxy(server.url);
  const direct = createClient({ node: server.url, auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: KEYS } });
  const viaProxy = new Client({ node: proxy.url });
  try {
    await measure(direct, viaProxy, started);
  } finally {
    // Also on failure: the proxy is not an IPC child and would outlive this process.
    await Promise.all([direct.close(), viaProxy.close()]);
    await proxy.close();
    await server.close();
  }
}

async function measure(direct: Client, viaProxy: Client, started: bigint): Promise<void> {
  const total = QUICK ? 600 : 3_000;
  const throughputVariants = { direct: () => requestsPerSecond(direct, total), proxy: () => requestsPerSecond(viaProxy, total) };
  for (const run of Object.values(throughputVariants)) await run(); // warm-up: sockets, JIT, credentials
  const throughput = await alternate(throughputVariants, QUICK ? 3 : 7);

  const sequential = QUICK ? 200 : 1_000;
  const latencies = { direct: [] as number[], proxy: [] as number[] };
  const latencyVariants = { direct: () => p50Latency(direct, sequential, latencies.direct), proxy: () => p50Latency(viaProxy, sequential, latencies.proxy) };
  for (const run of Object.values(latencyVariants)) await run(); // warm-up, not kept
  latencies.direct.length = 0;
  latencies.proxy.length = 0;
  const p50 = await alternate(latencyVariants, QUICK ? 3 : 7);

  const directRps = median(throughput.direct as number[]);
  const proxyRps = median(throughput.proxy as number[]);
  const directP50 = median(p50.direct as number[]);
  const proxyP50 = median(p50.proxy as number[]);
  const addedP50 = proxyP50 - directP50;
  report({
    comparison: 'proxy-overhead',
    unit: `osauth proxy (packages/cli) vs osauth client direct, 1 KB body, server and proxy in their own processes`,
    medians: {
      [`osauth client direct (req/s, ${IN_FLIGHT} in flight)`]: directRps,
      [`opensearch-js unsigned through the proxy (req/s, ${IN_FLIGHT} in flight)`]: proxyRps,
      'osauth client direct (p50 ms, 1 in flight)': directP50,
      'through the proxy (p50 ms, 1 in flight)': proxyP50,
    },
    ratios: { 'proxy / direct (throughput)': proxyRps / directRps },
    notes: [`added p50 at 1 in flight: ${addedP50.toFixed(3)} ms`],
    addedP50Ms: addedP50,
    latencyMs: {
      direct: { p50: percentile(latencies.direct, 50), p90: percentile(latencies.direct, 90), p99: percentile(latencies.direct, 99) },
      proxy: { p50: percentile(latencies.proxy, 50), p90: percentile(latencies.proxy, 90), p99: percentile(latencies.proxy, 99) },
    },
    samples: { throughput, p50 },
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    goal: 'proxy / direct ≥ 0.7',
  });
}

void main();
