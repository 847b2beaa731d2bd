// Hashing a 50 MB NDJSON bulk body: osauth's authorize() (hash + sign) vs raw node:crypto
// SHA-256 of the same body, alternating; as a Buffer and as a string (what opensearch-js's
// bulk serializer hands the connection). Then the peak memory authorize() needs beyond the
// body, each body kind in a fresh process.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AwsSigV4Provider } from '@osauth/aws';
import { alternate, median, QUICK, report } from './measure';
import { HOST, KEYS } from './fixtures';

function ndjson(bytes: number): string {
  const line = `${JSON.stringify({ index: { _index: 'logs' } })}\n${JSON.stringify({ level: 'info', message: 'x'.repeat(200) })}\n`;
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

function peakMemory(kind: 'buffer' | 'string', size: number): { extraPeakRssBytes: number; extraAsShareOfBody: number } {
  const run = spawnSync(process.execPath, ['--expose-gc', join(__dirname, 'bulk-memory.cjs'), kind, String(size)], { encoding: 'utf8', env: process.env });
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  if (run.status !== 0 || !line) throw new Error(`bulk-memory ${kind} failed: ${run.stderr}`);
  return JSON.parse(line) as { extraPeakRssBytes: number; extraAsShareOfBody: number };
}

async function main(): Promise<void> {
  const size = (QUICK ? 10 : 50) * 1024 * 1024;
  const text = ndjson(size);
  const bytes = Buffer.from(text);
  const provider = new AwsSigV4Provider({ provider: 'aws', credentials: KEYS }, { nodes: [new URL(`https://${HOST}`)], configPath: 'auth' });
  const request = (body: string | Buffer) => ({ method: 'POST', protocol: 'https:' as const, hostname: HOST, path: '/_bulk', query: '', headers: { 'content-type': 'application/x-ndjson' }, body });
  const mbPerSecond = (start: bigint) => size / 1024 / 1024 / (Number(process.hrtime.bigint() - start) / 1e9);
  const timed = (fn: () => unknown) => async () => {
    const start = process.hrtime.bigint();
    await fn();
    return mbPerSecond(start);
  };
  const variants = {
    'raw node:crypto (Buffer)': timed(() => createHash('sha256').update(bytes).digest('hex')),
    'osauth (Buffer)': timed(() => provider.authorize(request(bytes))),
    'raw node:crypto (string)': timed(() => createHash('sha256').update(text).digest('hex')),
    'osauth (string)': timed(() => provider.authorize(request(text))),
  };
  for (const run of Object.values(variants)) await run(); // warm-up
  const samples = await alternate(variants, QUICK ? 3 : 7);
  const medians = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  const buffer = peakMemory('buffer', size);
  const string = peakMemory('string', size);
  report({
    comparison: 'bulk-hash',
    unit: `MB/s hashing a ${size / 1024 / 1024} MB NDJSON body`,
    medians,
    ratios: {
      'osauth / raw (Buffer)': (medians['osauth (Buffer)'] as number) / (medians['raw node:crypto (Buffer)'] as number),
      'osauth / raw (string)': (medians['osauth (string)'] as number) / (medians['raw node:crypto (string)'] as number),
      'osauth (string) / raw (Buffer)': (medians['osauth (string)'] as number) / (medians['raw node:crypto (Buffer)'] as number),
    },
    memory: {
      bodyBytes: size,
      extraPeakRssBytes: { buffer: buffer.extraPeakRssBytes, string: string.extraPeakRssBytes },
      extraAsShareOfBody: Math.max(buffer.extraAsShareOfBody, string.extraAsShareOfBody),
      extraAsShareOfBodyByKind: { buffer: buffer.extraAsShareOfBody, string: string.extraAsShareOfBody },
    },
    goal: '≥ 0.8× raw; extra peak memory ≤ 20% of the body (Buffer and string bodies)',
  });
}

void main();
