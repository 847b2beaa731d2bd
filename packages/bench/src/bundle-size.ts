// A Lambda-style handler bundled with esbuild (`--bundle --minify --platform=node --format=cjs`):
// osauth's createClient against the live anchor, AwsSigv4Signer + @aws-sdk/credential-providers.
// Bundled from the apps the install-size row installed with npm (so resolution is what a user
// gets); from the workspace when the registry is unavailable. Each bundle is then run once, alone
// in a directory without node_modules, against a loopback server that checks it signed.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { BENCH_TMP, currentApps } from './apps';
import { KEYS } from './fixtures';
import { report } from './measure';
import { startSigningProbe } from './signing-probe';

const OSAUTH_CLIENT = `createClient({
    node: process.env.OPENSEARCH_URL,
    auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: { accessKeyId: ${JSON.stringify(KEYS.accessKeyId)}, secretAccessKey: ${JSON.stringify(KEYS.secretAccessKey)} } },
  })`;

/** The handlers, as a user writes them (ESM source; esbuild turns them into one CJS file). */
const HANDLERS = {
  'osauth (@osauth/factory only)': `import { createClient } from '@osauth/factory';
export const handler = async () => {
  const client = ${OSAUTH_CLIENT};
  const r = await client.info();
  return r.statusCode;
};
`,
  "osauth (@osauth/factory + import '@osauth/aws')": `import { createClient } from '@osauth/factory';
import '@osauth/aws';
export const handler = async () => {
  const client = ${OSAUTH_CLIENT};
  const r = await client.info();
  return r.statusCode;
};
`,
  'anchor (AwsSigv4Signer + credential-providers)': `import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
const credentials = fromNodeProviderChain();
export const handler = async () => {
  const client = new Client({ ...AwsSigv4Signer({ region: 'us-east-1', service: 'es', getCredentials: () => credentials() }), node: process.env.OPENSEARCH_URL });
  const r = await client.info();
  return r.statusCode;
};
`,
} as const;
type Variant = keyof typeof HANDLERS;
const ANCHOR: Variant = 'anchor (AwsSigv4Signer + credential-providers)';

interface Bundled {
  readonly bytes?: number;
  readonly buildError?: string;
  readonly runs: boolean;
  readonly runError?: string;
  /** The largest packages in the bundle, by bytes of output. */
  readonly largestPackages?: Record<string, number>;
  readonly alicloudBytes?: number;
}

/** The package an esbuild input path belongs to (`node_modules/<name>` or `@scope/<name>`, the last one), or `(own code)`. */
function packageOf(input: string): string {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) {
    // Bundled from the workspace: @osauth/* are linked to packages/<name>/dist.
    const workspace = parts.lastIndexOf('packages');
    return workspace >= 0 && parts[workspace + 2] === 'dist' ? `@osauth/${parts[workspace + 1] ?? ''}` : '(own code)';
  }
  const first = parts[at + 1] ?? '';
  return first.startsWith('@') ? `${first}/${parts[at + 2] ?? ''}` : first;
}

function byPackage(metafile: Metafile): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      // pnpm's store path (.pnpm/<name>@<version>/node_modules/<name>) ends in the same name.
      const name = packageOf(input);
      sizes[name] = (sizes[name] ?? 0) + bytesInOutput;
    }
  }
  return sizes;
}

/** Runs `bundle`'s handler once in a fresh process (cwd without node_modules); its status code, or why it failed. */
function runBundle(bundle: string, cwd: string, url: string): Promise<{ statusCode?: number; error?: string }> {
  const runner = `require(${JSON.stringify(bundle)}).handler().then((code) => { process.stdout.write(JSON.stringify({ statusCode: code }) + '\\n'); process.exit(0); }, (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;
  const { NODE_OPTIONS: _nodeOptions, ...inherited } = process.env;
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(process.execPath, ['-e', runner], {
      cwd,
      env: {
        ...inherited,
        OPENSEARCH_URL: url,
        AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: 'true',
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) => resolve({ error: error.message }));
    child.once('close', (code) => {
      const json = stdout.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !json) resolve({ error: (stderr.trim().split('\n').slice(0, 3).join(' ') || `exit ${code}`).slice(0, 400) });
      else resolve(JSON.parse(json) as { statusCode: number });
    });
  });
}

async function main(): Promise<void> {
  const start = process.hrtime.bigint();
  const installed = currentApps();
  // Where each handler is written, so that esbuild resolves its imports from that app's node_modules.
  const workspaceNodeModules = join(__dirname, '..', 'node_modules');
  let bundledFrom: string;
  let dirFor: (variant: Variant) => string;
  mkdirSync(BENCH_TMP, { recursive: true });
  const scratch = mkdtempSync(join(BENCH_TMP, 'bundles-'));
  if ('unavailable' in installed) {
    bundledFrom = `the workspace (packages/bench/node_modules), because the npm apps are unavailable: ${installed.unavailable}`;
    dirFor = () => join(scratch, 'src');
  } else {
    const { apps, reused } = installed;
    bundledFrom = `the npm-installed temp apps (${reused ? `installed ${apps.installedAt}, reused` : 'installed for this row'}): ${apps.root}`;
    dirFor = (variant) => (variant === ANCHOR ? apps.anchor : apps.osauth);
  }
  const server = await startSigningProbe(KEYS.accessKeyId);
  const out = join(scratch, 'out'); // no node_modules anywhere above it: the bundle must stand alone
  mkdirSync(out, { recursive: true });
  const results: Partial<Record<Variant, Bundled>> = {};
  let index = 0;
  for (const [variant, source] of Object.entries(HANDLERS) as [Variant, string][]) {
    index += 1;
    const dir = dirFor(variant);
    mkdirSync(dir, { recursive: true });
    const entry = join(dir, `osauth-bench-handler-${index}.mjs`);
    const outfile = join(out, `handler-${index}.cjs`);
    writeFileSync(entry, source);
    let metafile: Metafile;
    try {
      const built = await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        minify: true,
        platform: 'node',
        format: 'cjs',
        metafile: true,
        logLevel: 'silent',
        ...('unavailable' in installed ? { nodePaths: [workspaceNodeModules] } : {}),
      });
      metafile = built.metafile;
    } catch (error) {
      results[variant] = { buildError: (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 3).join(' '), runs: false };
      continue;
    } finally {
      rmSync(entry, { force: true });
    }
    const sizes = byPackage(metafile);
    const largestPackages = Object.fromEntries(
      Object.entries(sizes)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6),
    );
    const alicloudBytes = Object.entries(sizes)
      .filter(([name]) => name.startsWith('@alicloud/'))
      .reduce((sum, [, bytes]) => sum + bytes, 0);
    const signedBefore = server.signed();
    const ran = await runBundle(outfile, out, server.url);
    const signed = server.signed() - signedBefore;
    const runs = ran.statusCode === 200 && signed === 1;
    const runError = ran.error ?? (runs ? undefined : `status ${ran.statusCode}, ${signed} signed request(s) seen by the server`);
    results[variant] = { bytes: statSync(outfile).size, runs, ...(runError ? { runError } : {}), largestPackages, alicloudBytes };
  }
  await server.close();
  rmSync(scratch, { recursive: true, force: true });

  const anchor = results[ANCHOR];
  const medians: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  const notes: string[] = [];
  for (const [variant, result] of Object.entries(results) as [Variant, Bundled][]) {
    if (result.bytes !== undefined) medians[`${variant}, kB`] = result.bytes / 1000;
    if (variant !== ANCHOR && result.bytes !== undefined && anchor?.bytes !== undefined) ratios[`${variant} / anchor`] = result.bytes / anchor.bytes;
    notes.push(
      result.buildError
        ? `${variant}: does not bundle (${result.buildError})`
        : `${variant}: ${result.runs ? 'runs, signed, 200' : `bundle FAILS to run (${result.runError ?? ''})`}${result.alicloudBytes ? `, ${(result.alicloudBytes / 1000).toFixed(0)} kB of @alicloud/*` : ''}`,
    );
  }
  report({
    comparison: 'bundle-size',
    unit: 'kB (10^3 bytes) of a Lambda-style handler, esbuild --bundle --minify --platform=node --format=cjs',
    medians,
    ratios,
    notes,
    bundles: results,
    bundledFrom,
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    goal: 'osauth / anchor ≤ 1.25',
  });
}

void main();
