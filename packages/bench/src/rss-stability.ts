// RSS over 1,000,000 signed requests (provider.authorize, 1 KB body): no per-request growth.
import { AwsSigV4Provider } from '@osauth/aws';
import { QUICK, report } from './measure';
import { HOST, KEYS, SEARCH_REQUEST } from './fixtures';

async function main(): Promise<void> {
  const total = QUICK ? 200_000 : 1_000_000;
  const every = total / 10;
  const provider = new AwsSigV4Provider({ provider: 'aws', credentials: KEYS }, { nodes: [new URL(`https://${HOST}`)], configPath: 'auth' });
  const samples: number[] = [];
  const heap: number[] = [];
  for (let i = 1; i <= total; i += 1) {
    await provider.authorize(SEARCH_REQUEST);
    if (i % every === 0) {
      global.gc?.();
      const usage = process.memoryUsage();
      samples.push(usage.rss);
      heap.push(usage.heapUsed);
    }
  }
  // The first sample is after warm-up (JIT, caches); later ones must stay within ±5% of it.
  const base = samples[0] as number;
  const drift = Math.max(...samples.map((s) => Math.abs(s - base) / base));
  report({ comparison: 'rss-stability', unit: `RSS every ${every} of ${total} signed requests`, rssMb: samples.map((s) => Math.round(s / 1e5) / 10), heapUsedMb: heap.map((s) => Math.round(s / 1e5) / 10), maxDriftFromFirst: drift, goal: '≤ 5%' });
}

void main();
