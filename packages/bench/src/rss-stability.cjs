// RSS over 1,000,000 signed requests (1 KB body, the path the client takes: authorize() answering at
// once, awaited only when it returns a promise) after a warm-up of 500,000: no per-request growth. Plain Node (no TypeScript loader in the process), so only
// osauth's own allocations are measured.
'use strict';
const { AwsSigV4Provider } = require('@osauth/aws');

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const HOST = 'abc123.us-east-1.aoss.amazonaws.com';
const BODY = JSON.stringify({ query: { match: { title: 'x'.repeat(960) } } });
const REQUEST = {
  method: 'POST',
  protocol: 'https:',
  hostname: HOST,
  path: '/books/_search',
  query: '',
  headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(BODY)) },
  body: BODY,
};

async function main() {
  const quick = process.argv.includes('--quick');
  const total = quick ? 200_000 : 1_000_000;
  const every = total / 10;
  const provider = new AwsSigV4Provider({ provider: 'aws', credentials: KEYS }, { nodes: [new URL(`https://${HOST}`)], configPath: 'auth' });
  for (let i = 0; i < total / 2; i += 1) {
    const waiting = settle(provider.authorize(REQUEST));
    if (waiting) await waiting;
  }
  // The first full collection itself moves RSS: do it before the baseline.
  globalThis.gc?.();
  const rss = [];
  const heap = [];
  for (let i = 1; i <= total; i += 1) {
    const waiting = settle(provider.authorize(REQUEST));
    if (waiting) await waiting;
    if (i % every === 0) {
      globalThis.gc?.();
      const usage = process.memoryUsage();
      rss.push(usage.rss);
      heap.push(usage.heapUsed);
    }
  }
  const base = rss[0];
  const drift = Math.max(...rss.map((s) => Math.abs(s - base) / base));
  const mb = (values) => values.map((s) => Math.round(s / 1e5) / 10);
  process.stdout.write(
    `${JSON.stringify({ comparison: 'rss-stability', unit: `RSS every ${every} of ${total} signed requests, after ${total / 2} warm-up`, rssMb: mb(rss), heapUsedMb: mb(heap), maxDriftFromFirst: drift, goal: '≤ 5%' })}\n`,
  );
}

void main();

/** The authorization itself (the hot path) or, when the provider had to wait, its promise. */
function settle(authorization) {
  return typeof authorization?.then === 'function' ? authorization : undefined;
}
