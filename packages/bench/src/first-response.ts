// Time to the first signed response, in fresh processes: osauth (`createClient` from
// @osauth/factory) against the live anchor of what opensearch-js documents (Client +
// AwsSigv4Signer + @aws-sdk/credential-providers), and a bare-Node floor. Also each child's
// `require` time of the client packages. Interleaved runs, medians, ratios; no absolute goal.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { alternate, median, QUICK, report } from './measure';
import { KEYS } from './fixtures';
import { startSigningProbe } from './signing-probe';

const CHILD = join(__dirname, 'first-response-child.cjs');
const VARIANTS = { osauth: 'osauth (@osauth/factory createClient)', anchor: 'opensearch-js AwsSigv4Signer + credential-providers', node: 'bare node:http GET (floor)' } as const;
type Variant = keyof typeof VARIANTS;

interface ChildLine {
  readonly statusCode: number;
  readonly firstResponseMs: number;
  readonly requireMs: Record<string, number>;
}

// Plain Node in every child: no TypeScript loader or other preload inherited from the bench.
const { NODE_OPTIONS: _nodeOptions, ...inherited } = process.env;
const CHILD_ENV = {
  ...inherited,
  AWS_EC2_METADATA_DISABLED: 'true',
  ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
  // For the anchor's fromNodeProviderChain (fromEnv answers first); osauth gets them in its config.
  AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
};

/** One fresh process: wall time from spawn to exit (ms) and what the child measured itself. */
function runChild(variant: Variant, url: string): Promise<{ wallMs: number; line: ChildLine }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let wallMs = 0;
    let stdout = '';
    let stderr = '';
    const child = spawn(process.execPath, [CHILD, variant, url], { cwd: __dirname, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    });
    child.once('close', (code) => {
      const json = stdout.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !json) {
        reject(new Error(`${variant} child failed (exit ${code}): ${stderr.trim()}`));
        return;
      }
      resolve({ wallMs, line: JSON.parse(json) as ChildLine });
    });
  });
}

async function main(): Promise<void> {
  const server = await startSigningProbe(KEYS.accessKeyId);
  const samples: Record<Variant, { wallMs: number; line: ChildLine }[]> = { osauth: [], anchor: [], node: [] };
  const once = (variant: Variant) => async () => {
    const signedBefore = server.signed();
    const run = await runChild(variant, server.url);
    const signed = server.signed() - signedBefore;
    if (variant !== 'node' && signed !== 1) throw new Error(`${variant}: expected one SigV4-signed request, the server saw ${signed}`);
    samples[variant].push(run);
    return run.wallMs;
  };
  // Warm-up: one of each (file-system cache), not counted.
  for (const variant of Object.keys(VARIANTS) as Variant[]) await runChild(variant, server.url);
  const start = process.hrtime.bigint();
  const rounds = QUICK ? 5 : 15;
  await alternate({ osauth: once('osauth'), anchor: once('anchor'), node: once('node') }, rounds);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await server.close();

  const med = (variant: Variant, pick: (run: { wallMs: number; line: ChildLine }) => number) => median(samples[variant].map(pick));
  const wall = { osauth: med('osauth', (r) => r.wallMs), anchor: med('anchor', (r) => r.wallMs), node: med('node', (r) => r.wallMs) };
  const inChild = { osauth: med('osauth', (r) => r.line.firstResponseMs), anchor: med('anchor', (r) => r.line.firstResponseMs), node: med('node', (r) => r.line.firstResponseMs) };
  const requireOf = (variant: Variant, names: string[]) => med(variant, (r) => names.reduce((sum, name) => sum + (r.line.requireMs[name] ?? Number.NaN), 0));
  const requires = {
    factory: requireOf('osauth', ['@osauth/factory']),
    opensearch: requireOf('anchor', ['@opensearch-project/opensearch']),
    anchorAll: requireOf('anchor', ['@opensearch-project/opensearch', '@opensearch-project/opensearch/aws', '@aws-sdk/credential-providers']),
  };
  report({
    comparison: 'first-response',
    unit: `ms, fresh process: spawn → first signed response → exit (${rounds} interleaved runs each)`,
    medians: {
      [`${VARIANTS.osauth}, spawn → exit`]: wall.osauth,
      [`${VARIANTS.anchor}, spawn → exit`]: wall.anchor,
      [`${VARIANTS.node}, spawn → exit`]: wall.node,
      'osauth, first response (child clock, from process start)': inChild.osauth,
      'anchor, first response (child clock, from process start)': inChild.anchor,
      "require('@osauth/factory')": requires.factory,
      "require('@opensearch-project/opensearch')": requires.opensearch,
      'anchor: opensearch + /aws + credential-providers requires': requires.anchorAll,
    },
    ratios: {
      'osauth / anchor (spawn → exit)': wall.osauth / wall.anchor,
      'osauth / anchor (child clock)': inChild.osauth / inChild.anchor,
      'osauth / anchor above bare node': (wall.osauth - wall.node) / (wall.anchor - wall.node),
      'require factory / require opensearch-js': requires.factory / requires.opensearch,
      'require factory / anchor requires': requires.factory / requires.anchorAll,
    },
    samples: Object.fromEntries(Object.entries(samples).map(([variant, runs]) => [variant, runs.map((r) => Math.round(r.wallMs * 10) / 10)])),
    seconds,
    goal: 'osauth / anchor (spawn → exit) ≤ 1.1',
  });
}

void main();
