// What the local signing proxy (`osauth proxy`, packages/cli) costs: the same 1 KB search sent by
// an osauth client straight to the loopback server in its own process, against a plain unsigned
// opensearch-js client sending it through the proxy (its own process too), which signs and
// forwards it to the same server. Throughput at 32 in flight, and the p50 of per-request latency
// at 1 in flight (the latency the proxy adds). Alternating A/B rounds, medians. Also the CPU each
// round costs per request in this process (the client) and, on Linux, in the proxy's.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { createClient } from '@osauth/factory';
import { alternate, median, QUICK, report } from './measure';
import { BODY_1KB, KEYS } from './fixtures';
import { startEchoServerProcess } from './loopback';

const IN_FLIGHT = 32;
const CLI = join(__dirname, '..', '..', 'cli', 'dist', 'cli.js');

/** CPU time (user + system, µs) process `pid` has used, from /proc; `undefined` where there is no /proc. */
function cpuMicrosOf(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

/** `osauth proxy <node>` in a child process, signing for aoss in us-east-1 with KEYS; `close` sends SIGTERM and waits for its exit. */
async function startProxy(node: string): Promise<{ url: string; pid: number | undefined; close(): Promise<void> }> {
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
    pid: child.pid,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(home, { recursive: true, force: true });
    },
  };
}

const search = (client: Client) => client.transport.request({ method: 'POST', path: '/books/_search', body: BODY_1KB });

/** CPU µs per request of each round, by variant: this process (the client), and the proxy's. */
const cpu = { direct: { client: [] as number[] }, proxy: { client: [] as number[], proxy: [] as number[] } };

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

/** {@link requestsPerSecond}, recording the CPU per request of the client and of `proxyPid` (when given) in `into`. */
async function measuredRequestsPerSecond(client: Client, total: number, into: { client: number[]; proxy?: number[] }, proxyPid?: number): Promise<number> {
  const clientBefore = process.cpuUsage();
  const proxyBefore = proxyPid === undefined ? undefined : cpuMicrosOf(proxyPid);
  const rps = await requestsPerSecond(client, total);
  const used = process.cpuUsage(clientBefore);
  into.client.push((used.user + used.system) / total);
  const proxyAfter = proxyPid === undefined ? undefined : cpuMicrosOf(proxyPid);
  if (into.proxy !== undefined && proxyBefore !== undefined && proxyAfter !== undefined) into.proxy.push((proxyAfter - proxyBefore) / total);
  return rps;
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
    await measure(direct, viaProxy, proxy.pid, started);
  } finally {
    // Also on failure: the proxy is not an IPC child and would outlive this process.
    await Promise.all([direct.close(), viaProxy.close()]);
    await proxy.close();
    await server.close();
  }
}

async function measure(direct: Client, viaProxy: Client, proxyPid: number | undefined, started: bigint): Promise<void> {
  const total = QUICK ? 600 : 3_000;
  const throughputVariants = {
    direct: () => measuredRequestsPerSecond(direct, total, cpu.direct),
    proxy: () => measuredRequestsPerSecond(viaProxy, total, cpu.proxy, proxyPid),
  };
  for (const run of Object.values(throughputVariants)) await run(); // warm-up: sockets, JIT, credentials
  cpu.direct.client.length = 0;
  cpu.proxy.client.length = 0;
  cpu.proxy.proxy.length = 0;
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
    notes: [
      `added p50 at 1 in flight: ${addedP50.toFixed(3)} ms`,
      `CPU µs per request (medians of the throughput rounds): direct client ${median(cpu.direct.client).toFixed(0)}; through the proxy: client ${median(cpu.proxy.client).toFixed(0)}, proxy ${cpu.proxy.proxy.length > 0 ? median(cpu.proxy.proxy).toFixed(0) : 'n/a (no /proc)'}`,
    ],
    addedP50Ms: addedP50,
    cpuMicrosPerRequest: {
      directClient: median(cpu.direct.client),
      proxiedClient: median(cpu.proxy.client),
      ...(cpu.proxy.proxy.length > 0 ? { proxy: median(cpu.proxy.proxy) } : {}),
    },
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
