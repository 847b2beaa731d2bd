// Hashing a 50 MB NDJSON bulk body: osauth's authorize() (hash + sign) vs raw node:crypto
// SHA-256, alternating; and the memory it needs beyond the body itself.
import { createHash } from 'node:crypto';
import { AwsSigV4Provider } from '@osauth/aws';
import { alternate, median, QUICK, report } from './measure';
import { HOST, KEYS } from './fixtures';

function ndjson(bytes: number): Buffer {
  const line = `${JSON.stringify({ index: { _index: 'logs' } })}\n${JSON.stringify({ level: 'info', message: 'x'.repeat(200) })}\n`;
  return Buffer.from(line.repeat(Math.ceil(bytes / line.length))).subarray(0, bytes);
}

async function main(): Promise<void> {
  const size = (QUICK ? 10 : 50) * 1024 * 1024;
  const body = ndjson(size);
  const provider = new AwsSigV4Provider({ provider: 'aws', credentials: KEYS }, { nodes: [new URL(`https://${HOST}`)], configPath: 'auth' });
  const request = { method: 'POST', protocol: 'https:' as const, hostname: HOST, path: '/_bulk', query: '', headers: { 'content-type': 'application/x-ndjson' }, body };
  const mbPerSecond = (start: bigint) => size / 1024 / 1024 / (Number(process.hrtime.bigint() - start) / 1e9);
  const variants = {
    'raw node:crypto': async () => {
      const start = process.hrtime.bigint();
      createHash('sha256').update(body).digest('hex');
      return mbPerSecond(start);
    },
    osauth: async () => {
      const start = process.hrtime.bigint();
      await provider.authorize(request);
      return mbPerSecond(start);
    },
  };
  await variants.osauth();
  const samples = await alternate(variants, QUICK ? 3 : 7);
  const medians = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));

  // Extra memory while authorizing: sampled around the call, relative to the body size.
  global.gc?.();
  const before = process.memoryUsage();
  let peak = before.rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 1);
  await provider.authorize(request);
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  report({
    comparison: 'bulk-hash',
    unit: `MB/s hashing a ${size / 1024 / 1024} MB NDJSON body`,
    medians,
    ratios: { 'osauth / raw': (medians.osauth as number) / (medians['raw node:crypto'] as number) },
    memory: { bodyBytes: size, extraRssBytesDuringAuthorize: peak - before.rss, extraAsShareOfBody: (peak - before.rss) / size },
    goal: '≥ 0.8× raw; extra memory ≤ 20% of the body',
  });
}

void main();
