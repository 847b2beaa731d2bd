// `pnpm bench`: every comparison in its own process (so one cannot warm or pollute
// another), then one table and bench/results.json at the repository root.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

// install-size before bundle-size: the bundle row bundles from the apps it installed.
const COMPARISONS = ['sign-cost', 'throughput', 'cold-start', 'bulk-hash', 'rss-stability', 'redaction-cost', 'first-response', 'proxy-overhead', 'install-size', 'bundle-size'];
const quick = process.argv.includes('--quick');

interface Result {
  readonly comparison: string;
  readonly unit: string;
  readonly medians?: Record<string, number>;
  readonly ratios?: Record<string, number>;
  readonly [key: string]: unknown;
}

const results: Result[] = [];
for (const name of COMPARISONS) {
  process.stderr.write(`running ${name}…\n`);
  // RSS: the young generation fixed at V8's default maximum (16 MB semi-spaces), so its one-time
  // growth (a step of ~4 MB at a moment V8 picks) is not read as per-request growth.
  const script = name === 'rss-stability' ? ['--min-semi-space-size=16', join(__dirname, `${name}.cjs`)] : ['--import', 'tsx', join(__dirname, `${name}.ts`)];
  const run = spawnSync(process.execPath, ['--expose-gc', ...script, ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  if (run.status !== 0 || !line) {
    process.stderr.write(run.stderr);
    throw new Error(`${name} failed (exit ${run.status})`);
  }
  results.push(JSON.parse(line) as Result);
}

const rows: string[] = ['| comparison | variant | median | ratio / goal |', '|---|---|---|---|'];
for (const result of results) {
  // A row that needs something absent (install-size without the npm registry) says so.
  if (typeof result.unavailable === 'string') {
    rows.push(`| ${result.comparison} (${result.unit}) | unavailable | — | ${result.unavailable} (goal ${String(result.goal)}) |`);
    continue;
  }
  const ratios = Object.entries(result.ratios ?? {}).map(([k, v]) => `${k}: ${v.toFixed(2)}`);
  if (typeof result.ratioToFloor === 'number') ratios.push(`osauth / floor: ${result.ratioToFloor.toFixed(2)}`);
  if (typeof result.maxDriftFromFirst === 'number') ratios.push(`max RSS drift: ${(result.maxDriftFromFirst * 100).toFixed(1)}%`);
  const memory = result.memory as { extraAsShareOfBodyByKind?: Record<string, number> } | undefined;
  for (const [kind, share] of Object.entries(memory?.extraAsShareOfBodyByKind ?? {})) ratios.push(`extra peak memory (${kind}): ${(share * 100).toFixed(1)}% of body`);
  if (Array.isArray(result.notes)) ratios.push(...(result.notes as string[]));
  const entries = Object.entries(result.medians ?? { samples: Number.NaN });
  if (entries.length === 0) rows.push(`| ${result.comparison} (${result.unit}) | — | — | ${ratios.join('; ')} (goal ${String(result.goal)}) |`);
  entries.forEach(([variant, value], index) => {
    const shown = Number.isNaN(value) ? (result.rssMb as number[]).join(' ') + ' MB' : Number.isInteger(value) || value >= 100 ? value.toFixed(0) : value.toFixed(2);
    rows.push(`| ${index === 0 ? `${result.comparison} (${result.unit})` : ''} | ${variant} | ${shown} | ${index === 0 ? `${ratios.join('; ')} (goal ${String(result.goal)})` : ''} |`);
  });
}
const table = rows.join('\n');
process.stdout.write(`${table}\n`);

const out = join(__dirname, '..', '..', '..', 'bench');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, quick, results }, null, 2)}\n`);
process.stdout.write(`\nwritten: bench/results.json\n`);
