/**
 * What a new user gets from npm: every publishable workspace package is packed with
 * `pnpm pack` (which rewrites `workspace:*`) and the tarballs are installed with npm into
 * two fresh apps outside the workspace, in parallel:
 *
 * - the full app: every tarball, the latest opensearch-js 3.x, `@types/node@^20` of its own
 *   and the tools. It runs CommonJS, ESM, `tsc` (node16 and bundler, `skipLibCheck: false`,
 *   with the documented `import '@osauth/aws';`), a plain jest test, publint and attw;
 * - the AWS-only app: the tarballs of core, aws, factory and testing only, the latest
 *   opensearch-js 2.x and jest. It runs CommonJS, ESM and the plain jest test, and shows
 *   what an AWS user gets without `@osauth/alibaba`.
 *
 * CI tests both majors that `@osauth/factory`'s peer range admits: the latest 2.x and the
 * latest 3.x. Nothing here is skipped: without the npm registry the whole file fails and
 * says why.
 *
 * `OSAUTH_PACKAGING_KEEP=1` keeps the temp apps and tarballs for a look afterwards.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packTarball, WORKSPACE } from './support/pack';

const OPENSEARCH = '@opensearch-project/opensearch';
/** The two majors of opensearch-js CI must test, each at its latest release: 3.x in the full app, 2.x in the AWS-only one. */
const OPENSEARCH_MAJOR_FULL = 3;
const OPENSEARCH_MAJOR_AWS_ONLY = 2;
/**
 * The app's own `@types/node`: opensearch-js's declarations need one, and choosing it is the
 * app's business (issue 14: our packages must force no version of it on the app).
 */
const APP_TYPES_NODE = '^20';
const TOOLS: Record<string, string> = { typescript: '~5.9', jest: '^30', publint: '0.3.25', '@arethetypeswrong/cli': '0.18.5', '@types/node': APP_TYPES_NODE };
/** Publishable, but dev tools (emulators, the `osauth` command line): not something an app runs in production. */
const DEV_TOOL_PACKAGES = new Set(['@osauth/testing', '@osauth/cli']);
/** What the AWS-only app installs of ours. */
const AWS_ONLY_PACKAGES = ['@osauth/core', '@osauth/aws', '@osauth/factory', '@osauth/testing'];
/** The emulator's default key (docs/testing.md): obviously fake. */
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const KEEP = process.env.OSAUTH_PACKAGING_KEEP === '1';
const PARALLEL = Math.max(2, os.availableParallelism());

interface Manifest {
  name?: string;
  version?: string;
  private?: boolean;
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

interface Publishable {
  name: string;
  version: string;
  dir: string;
  manifest: Manifest;
  tarball: string;
}

interface Installed {
  name: string;
  version: string;
  dir: string;
  manifest: Manifest;
}

interface RunResult {
  code: number | string;
  stdout: string;
  stderr: string;
  ms: number;
}

// ---------------------------------------------------------------------------------------
// child processes

/**
 * The environment of every child: ours, without what pnpm/npm/jest put there for *this*
 * workspace (npm in the app must read only its own config), plus the metadata switches.
 */
function childEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig', 'npm_config_proxy', 'npm_config_https_proxy', 'npm_config_noproxy', 'npm_config_strict_ssl', 'npm_config_cafile']);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_') && !keep.has(lower)) continue;
    if (key.startsWith('PNPM_') || key === 'INIT_CWD' || key === 'JEST_WORKER_ID') continue;
    env[key] = value;
  }
  return { ...env, AWS_EC2_METADATA_DISABLED: 'true', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', npm_config_update_notifier: 'false' };
}

/** Runs a command without a shell; never throws: the exit code (or why there is none) is in the result. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: childEnv(), timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      let code: number | string = 0;
      if (error) {
        if (error.killed) code = `killed after ${timeoutMs} ms`;
        else if (typeof error.code === 'number') code = error.code;
        else code = String(error.code ?? error.signal ?? error.message);
      }
      resolve({ code, stdout: String(stdout), stderr: String(stderr), ms: Date.now() - started });
    });
  });
}

function describeRun(what: string, result: RunResult): string {
  return `${what} exited with ${result.code} after ${result.ms} ms\n--- stdout ---\n${result.stdout.trim()}\n--- stderr ---\n${result.stderr.trim()}`;
}

/** Throws, with the command's whole output, unless it exited 0. */
function ensureOk(what: string, result: RunResult): RunResult {
  if (result.code !== 0) throw new Error(describeRun(what, result));
  return result;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------
// the workspace and the installed tree

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Every packages/* whose package.json is not private. */
function discoverPublishable(): Omit<Publishable, 'tarball'>[] {
  const root = path.join(WORKSPACE, 'packages');
  return readdirSync(root)
    .map((name) => path.join(root, name, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => ({ dir: path.dirname(file), manifest: readJson<Manifest>(file) }))
    .filter(({ manifest }) => manifest.private !== true && typeof manifest.name === 'string')
    .map(({ dir, manifest }) => ({ name: manifest.name as string, version: manifest.version ?? '0.0.0', dir, manifest }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `1.2.3` against `1.10.0`, numerically; prereleases are not expected here (npm view `^N` lists none). */
function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map(Number);
  const pb = b.split(/[.+-]/).map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Whether `version` satisfies `range`, for the only form our peer ranges use: `^A.B.C`
 * alternatives joined by `||` with A ≥ 1. Anything else throws, so that the check never
 * passes by not understanding the range.
 */
function satisfiesCaretRange(version: string, range: string): boolean {
  return range.split('||').some((part) => {
    const match = /^\^([1-9]\d*)\.(\d+)\.(\d+)$/.exec(part.trim());
    if (!match) throw new Error(`cannot read the range part "${part.trim()}" of "${range}" (this test knows only ^A.B.C with A >= 1)`);
    return version.split('.')[0] === match[1] && compareVersions(version, `${match[1]}.${match[2]}.${match[3]}`) >= 0;
  });
}

/** The newest version `npm view name@range version --json` printed (a string or an unordered array). */
function newestOf(viewJson: string): string {
  const parsed = JSON.parse(viewJson) as string | string[];
  const versions = Array.isArray(parsed) ? parsed : [parsed];
  const newest = [...versions].sort(compareVersions).pop();
  if (!newest) throw new Error(`npm view printed no version: ${viewJson}`);
  return newest;
}

/** Every package directory under `nodeModules`, nested ones included. */
function listInstalled(nodeModules: string): Installed[] {
  const found: Installed[] = [];
  const visit = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith('.')) continue;
      const candidates = entry.startsWith('@') ? readdirSync(path.join(dir, entry)).map((sub) => path.join(dir, entry, sub)) : [path.join(dir, entry)];
      for (const pkgDir of candidates) {
        const file = path.join(pkgDir, 'package.json');
        if (!existsSync(file)) continue;
        const manifest = readJson<Manifest>(file);
        found.push({ name: manifest.name ?? path.relative(dir, pkgDir), version: manifest.version ?? '?', dir: pkgDir, manifest });
        visit(path.join(pkgDir, 'node_modules'));
      }
    }
  };
  visit(nodeModules);
  return found;
}

/** Node's lookup of `name` from a package directory, not above the app. */
function resolveFrom(appDir: string, fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === appDir || dir === path.dirname(dir)) return undefined;
  }
}

/**
 * What installing `roots` alone would bring: dependencies, optional dependencies and
 * non-optional peers (npm installs those), followed through the installed tree. Each entry
 * keeps the chain that pulled it in.
 */
function runtimeClosure(appDir: string, roots: readonly string[]): Map<string, { pkg: Installed; chain: string[] }> {
  const seen = new Map<string, { pkg: Installed; chain: string[] }>();
  const queue: { dir: string; chain: string[] }[] = [];
  for (const root of roots) {
    const dir = resolveFrom(appDir, appDir, root);
    if (dir) queue.push({ dir, chain: [] });
  }
  while (queue.length > 0) {
    const { dir, chain } = queue.shift() as { dir: string; chain: string[] };
    if (seen.has(dir)) continue;
    const manifest = readJson<Manifest>(path.join(dir, 'package.json'));
    const pkg: Installed = { name: manifest.name ?? path.basename(dir), version: manifest.version ?? '?', dir, manifest };
    const here = [...chain, `${pkg.name}@${pkg.version}`];
    seen.set(dir, { pkg, chain: here });
    const peers = Object.keys(manifest.peerDependencies ?? {}).filter((name) => manifest.peerDependenciesMeta?.[name]?.optional !== true);
    const wanted = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {}), ...peers]);
    for (const name of wanted) {
      const target = resolveFrom(appDir, dir, name);
      if (target && !seen.has(target)) queue.push({ dir: target, chain: here });
    }
  }
  return seen;
}

// ---------------------------------------------------------------------------------------
// files written into the app

/** The smoke script, CommonJS or ESM: signed requests through the emulator, then a wrong secret. */
function smokeScript(kind: 'cjs' | 'esm'): string {
  const imports =
    kind === 'cjs'
      ? "const { createClient, OsAuthError } = require('@osauth/factory');\nconst { startEmulator } = require('@osauth/testing');\n"
      : "import { createClient, OsAuthError } from '@osauth/factory';\nimport { startEmulator } from '@osauth/testing';\n";
  return `${imports}
const KEYS = ${JSON.stringify(KEYS)};

async function main() {
  const emulator = await startEmulator({ service: 'aoss', region: 'us-east-1' });
  const connect = (credentials) => createClient({ node: emulator.url, auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials } });
  const client = connect(KEYS);
  const wrong = connect({ ...KEYS, secretAccessKey: 'FAKEnotTheSecretOfThisKey' });
  try {
    const created = await client.indices.create({ index: 'books' });
    const indexed = await client.index({ index: 'books', id: 'dune', body: { title: 'Dune' }, refresh: true });
    const searched = await client.search({ index: 'books', body: { query: { match: { title: 'dune' } } } });
    let rejected = null;
    try {
      await wrong.info();
    } catch (err) {
      rejected = { osAuthError: err instanceof OsAuthError, name: err && err.name, code: err && err.code };
    }
    console.log(JSON.stringify({
      created: created.statusCode,
      indexed: indexed.statusCode,
      searched: searched.statusCode,
      hits: searched.body.hits.total.value,
      requests: emulator.requests.map((r) => ({ method: r.method, path: r.path, verified: r.verified, outcome: r.outcome, signed: /^AWS4-HMAC-SHA256 /.test(r.headers.authorization || '') })),
      rejected,
    }));
  } finally {
    await Promise.all([client.close(), wrong.close()]);
    await emulator.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
`;
}

/**
 * Typed use of the public API; `const c: Client` fails if the client type is a second copy.
 * `import '@osauth/aws';` is the documented line of a TypeScript (or bundled) app: the import
 * is what adds `provider: 'aws'` to the config type (module augmentation).
 */
const TYPED_INDEX = `import type { Client } from '${OPENSEARCH}';
import '@osauth/aws';
import { createClient, OsAuthError, SignatureMismatchError, type ErrorCode } from '@osauth/factory';
import { startEmulator, type Emulator } from '@osauth/testing';

export async function probe(): Promise<ErrorCode | number> {
  const emulator: Emulator = await startEmulator({ service: 'aoss', region: 'us-east-1' });
  const c: Client = createClient({
    node: emulator.url,
    auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: ${JSON.stringify(KEYS)} },
  });
  try {
    const { statusCode } = await c.info();
    return statusCode ?? 0;
  } catch (error: unknown) {
    if (error instanceof SignatureMismatchError) return error.code;
    if (error instanceof OsAuthError) {
      const code: ErrorCode = error.code;
      return code;
    }
    throw error;
  } finally {
    await c.close();
    await emulator.close();
  }
}
`;

function tsconfig(module: string, moduleResolution: string): string {
  // index.ts is CommonJS under node16 (the app has no "type"), index.mts is ESM: both conditions get checked.
  const compilerOptions = { module, moduleResolution, target: 'es2022', strict: true, skipLibCheck: false, noEmit: true };
  return `${JSON.stringify({ compilerOptions, files: ['index.ts', 'index.mts'] }, null, 2)}\n`;
}

const APP_JEST_TEST = `const { createClient, OsAuthError } = require('@osauth/factory');
const { startEmulator } = require('@osauth/testing');

const KEYS = ${JSON.stringify(KEYS)};
let emulator;

beforeAll(async () => {
  emulator = await startEmulator({ service: 'aoss', region: 'us-east-1' });
});
afterAll(() => emulator.close());

const connect = (credentials) => createClient({ node: emulator.url, auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials } });

test('a signed request reaches the emulator', async () => {
  const client = connect(KEYS);
  const { statusCode } = await client.index({ index: 'books', id: 'dune', body: { title: 'Dune' }, refresh: true });
  expect(statusCode).toBe(201);
  expect(emulator.requests.map((r) => r.verified)).toEqual([true]);
  await client.close();
});

test('a wrong secret is a typed error', async () => {
  const client = connect({ ...KEYS, secretAccessKey: 'FAKEnotTheSecretOfThisKey' });
  await expect(client.info()).rejects.toBeInstanceOf(OsAuthError);
  await client.close();
});
`;

// ---------------------------------------------------------------------------------------
// the two apps

interface App {
  /** For test names, messages and facts. */
  label: string;
  /** Our packages that go in, each from its tarball. */
  ours: readonly string[];
  /** The opensearch-js major the app installs, at its latest release (`^major`). */
  opensearchMajor: number;
  devDependencies: Record<string, string>;
  files: Record<string, string>;
  dir: string;
  /** The newest version the registry has for `^opensearchMajor`: what a fresh install must get. */
  opensearchLatest: string;
  installed: Installed[];
  facts: Record<string, unknown>;
}

/** The files both apps run: the smoke scripts and the plain jest test. */
const RUNTIME_FILES: Record<string, string> = { 'smoke.cjs': smokeScript('cjs'), 'smoke.mjs': smokeScript('esm'), 'emulator.test.js': APP_JEST_TEST };

function newApp(label: string, ours: readonly string[], opensearchMajor: number, devDependencies: Record<string, string>, files: Record<string, string>): App {
  return { label, ours, opensearchMajor, devDependencies, files, dir: '', opensearchLatest: '', installed: [], facts: {} };
}

/** Writes the app (no "type": index.ts stays CommonJS under node16) and npm installs it. */
async function installApp(app: App, packages: readonly Publishable[], tmp: string): Promise<void> {
  app.dir = mkdtempSync(path.join(tmp, `osauth-app-${app.label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-`));
  if (app.dir.startsWith(`${WORKSPACE}${path.sep}`)) throw new Error(`the temp app ${app.dir} is inside the workspace`);
  const tarballs = app.ours.map((name) => {
    const pkg = packages.find((p) => p.name === name);
    if (!pkg) throw new Error(`the ${app.label} app wants ${name}, which is not a publishable package (found ${packages.map((p) => p.name).join(', ')})`);
    return pkg;
  });
  // All of the app's tarballs in one install, so that 0.1.0 dependencies between our
  // packages (not on npm) resolve to the local tarballs.
  const manifest = {
    name: 'osauth-packaging-app',
    version: '1.0.0',
    private: true,
    dependencies: { ...Object.fromEntries(tarballs.map((p) => [p.name, `file:${p.tarball}`])), [OPENSEARCH]: `^${app.opensearchMajor}` },
    devDependencies: app.devDependencies,
  };
  writeFileSync(path.join(app.dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [file, text] of Object.entries(app.files)) writeFileSync(path.join(app.dir, file), text);
  const started = Date.now();
  ensureOk(`npm install in the ${app.label} app`, await run('npm', ['install', '--no-audit', '--no-fund'], app.dir, 200_000));
  app.facts.installMs = Date.now() - started;
  app.installed = listInstalled(path.join(app.dir, 'node_modules'));
}

// ---------------------------------------------------------------------------------------

describe('the packed packages, installed from their tarballs into fresh npm apps', () => {
  let packDir = '';
  let packages: Publishable[] = [];
  const facts: Record<string, unknown> = {};
  const notes: string[] = [];

  const full = newApp('full', [], OPENSEARCH_MAJOR_FULL, { ...TOOLS }, {
    ...RUNTIME_FILES,
    'index.ts': TYPED_INDEX,
    'index.mts': TYPED_INDEX,
    'tsconfig.node16.json': tsconfig('node16', 'node16'),
    'tsconfig.bundler.json': tsconfig('esnext', 'bundler'),
  });
  const awsOnly = newApp('AWS-only', AWS_ONLY_PACKAGES, OPENSEARCH_MAJOR_AWS_ONLY, { jest: TOOLS.jest as string }, RUNTIME_FILES);
  const apps = [full, awsOnly];

  const bin = (app: App, name: string): string => path.join(app.dir, 'node_modules', '.bin', name);
  const installedManifest = (app: App, name: string): Manifest => readJson<Manifest>(path.join(app.dir, 'node_modules', name, 'package.json'));
  const where = (app: App, pkg: Installed): string => `${pkg.version} at ${path.relative(app.dir, pkg.dir)}`;
  const chainsOf = (closure: ReturnType<typeof runtimeClosure>, test: (pkg: Installed) => boolean): string[] =>
    [...closure.values()].filter(({ pkg }) => test(pkg)).map(({ chain }) => chain.join(' > ')).sort();
  const isAlicloud = (pkg: Installed): boolean => pkg.name.startsWith('@alicloud/');
  const isTypesNode = (pkg: Installed): boolean => pkg.name === '@types/node';
  /** Chains to `test` from each of `names` on its own, so that every one of ours that drags it in is named. */
  const chainsFromEach = (app: App, names: readonly string[], test: (pkg: Installed) => boolean): string[] => names.flatMap((name) => chainsOf(runtimeClosure(app.dir, [name]), test));
  const runtimeNames = (names: readonly string[]): string[] => names.filter((name) => !DEV_TOOL_PACKAGES.has(name));

  beforeAll(async () => {
    const started = Date.now();
    const discovered = discoverPublishable();
    if (discovered.length === 0) throw new Error('found no publishable package under packages/*');
    for (const pkg of discovered) {
      // A bin-only package (the CLI) is built when its bin is.
      const main = path.join(pkg.dir, pkg.manifest.main ?? Object.values(pkg.manifest.bin ?? {})[0] ?? 'index.js');
      if (!existsSync(main)) throw new Error(`${pkg.name} is not built (${path.relative(WORKSPACE, main)} is missing): run \`pnpm -r --filter './packages/*' build\` first (\`pnpm test\` does)`);
    }
    full.ours = discovered.map((p) => p.name);

    const tmp = realpathSync(os.tmpdir());
    packDir = mkdtempSync(path.join(tmp, 'osauth-packed-'));

    // The registry first, so that offline the failure says so instead of timing out in npm install.
    const view = (app: App): Promise<RunResult> =>
      run('npm', ['view', `${OPENSEARCH}@^${app.opensearchMajor}`, 'version', '--json', '--fetch-retries=0', '--fetch-timeout=30000'], packDir, 60_000);
    const [registry, packed] = await Promise.all([
      Promise.all(apps.map(view)),
      mapLimit(discovered, PARALLEL, async (pkg) => {
        const tarball = await packTarball(pkg.name, packDir, async (command, args, cwd) => ensureOk(`pnpm --filter ${pkg.name} pack`, await run(command, args, cwd, 120_000)).stdout);
        return { ...pkg, tarball };
      }),
    ]);
    registry.forEach((result, index) => {
      const app = apps[index] as App;
      if (result.code !== 0) {
        throw new Error(
          `The npm registry is unreachable: \`npm view ${OPENSEARCH}@^${app.opensearchMajor} version\` exited with ${result.code}.\n${result.stderr.trim()}\n` +
            'This test installs the packed tarballs with npm as a new user would; it needs the registry and is not skipped offline.',
        );
      }
      app.opensearchLatest = newestOf(result.stdout);
    });
    packages = packed;
    facts.packed = packages.map((p) => path.basename(p.tarball));
    facts.packMs = Date.now() - started;

    // Both apps at once: npm install is mostly waiting on the network and the disk.
    await Promise.all(apps.map((app) => installApp(app, packages, tmp)));
    facts.bothInstalledMs = Date.now() - started;
  }, 240_000);

  afterAll(() => {
    for (const app of apps) {
      if (app.dir) app.facts.appDir = KEEP ? app.dir : `${app.dir} (removed; OSAUTH_PACKAGING_KEEP=1 keeps it)`;
      facts[app.label] = app.facts;
    }
    console.log(`packaging facts:\n${JSON.stringify(facts, null, 2)}${notes.length > 0 ? `\n\nnotes:\n${notes.join('\n\n')}` : ''}`);
    if (!KEEP) {
      for (const dir of [...apps.map((app) => app.dir), packDir]) if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Each of `names` is installed once, from its tarball, with no `workspace:` range left. */
  const expectFromTarballs = (app: App, names: readonly string[]): void => {
    const lock = readJson<{ packages: Record<string, { resolved?: string; version?: string }> }>(path.join(app.dir, 'package-lock.json'));
    for (const name of names) {
      const pkg = packages.find((p) => p.name === name) as Publishable;
      const manifest = installedManifest(app, name);
      expect({ name, version: manifest.version }).toEqual({ name, version: pkg.version });
      expect({ name, workspaceRanges: JSON.stringify(manifest).includes('workspace:') }).toEqual({ name, workspaceRanges: false });
      // One copy of each of ours, the tarball's: no nested copy resolved from elsewhere.
      const locations = Object.entries(lock.packages).filter(([location]) => location.endsWith(`node_modules/${name}`));
      expect(locations.map(([location, entry]) => [location, entry.resolved])).toEqual([[`node_modules/${name}`, `file:${path.relative(app.dir, pkg.tarball)}`]]);
    }
  };

  /** CommonJS and ESM smoke scripts and the plain jest test: what both apps run. */
  const runtimeTests = (app: App): void => {
    it.each([
      ['CommonJS', 'smoke.cjs'],
      ['ESM', 'smoke.mjs'],
    ])('%s: createClient signs requests the emulator verifies, and a wrong secret rejects with an OsAuthError', async (kind, file) => {
      const result = ensureOk(`node ${file} in the ${app.label} app`, await run(process.execPath, [file], app.dir, 60_000));
      const lastLine = result.stdout.trim().split('\n').pop() ?? '';
      const outcome = JSON.parse(lastLine) as {
        created: number;
        indexed: number;
        searched: number;
        hits: number;
        requests: { verified: boolean; outcome: string; signed: boolean }[];
        rejected: { osAuthError: boolean; name: string; code: string } | null;
      };
      notes.push(`${app.label} app, ${kind}: ${lastLine}`);
      expect({ created: outcome.created, indexed: outcome.indexed, searched: outcome.searched, hits: outcome.hits }).toEqual({ created: 200, indexed: 201, searched: 200, hits: 1 });
      expect(outcome.requests.slice(0, 3)).toEqual(Array.from({ length: 3 }, () => ({ method: expect.any(String), path: expect.any(String), verified: true, outcome: 'ok', signed: true })));
      expect(outcome.requests.slice(3).map((r) => r.outcome)).toEqual(expect.arrayContaining(['signature-mismatch']));
      // On aoss every signature failure is the gw-helper-deny 403 (docs/testing.md).
      expect(outcome.rejected).toEqual({ osAuthError: true, name: 'AuthorizationError', code: 'ACCESS_DENIED' });
    }, 60_000);

    it('a plain jest test in the app (no jest config, require) reaches the emulator with a signed request', async () => {
      const result = ensureOk(`jest in the ${app.label} app`, await run(process.execPath, [path.join(app.dir, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--no-watchman', '--colors=false'], app.dir, 90_000));
      expect(result.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
    }, 90_000);
  };

  /** One opensearch-js, at the top, the registry's latest of the app's major. */
  const singleOpenSearchTest = (app: App): void => {
    it(`has a single copy of ${OPENSEARCH}, the latest ${app.opensearchMajor}.x`, () => {
      const copies = app.installed.filter((p) => p.name === OPENSEARCH).map((p) => where(app, p));
      expect(copies).toEqual([`${app.opensearchLatest} at node_modules/${OPENSEARCH}`]);
      expect(app.opensearchLatest.split('.')[0]).toBe(String(app.opensearchMajor));
    });
  };

  /** What the install put in node_modules, for the report. */
  const recordFacts = async (app: App): Promise<void> => {
    const du = ensureOk(`du -sk node_modules in the ${app.label} app`, await run('du', ['-sk', 'node_modules'], app.dir, 60_000));
    const alicloud = app.installed.filter(isAlicloud).map((p) => `${p.name}@${p.version}`);
    Object.assign(app.facts, {
      opensearchRange: `^${app.opensearchMajor}`,
      opensearchLatestOnRegistry: app.opensearchLatest,
      opensearchCopies: app.installed.filter((p) => p.name === OPENSEARCH).map((p) => where(app, p)),
      installedPackageCount: app.installed.length,
      installedDistinctNameVersions: new Set(app.installed.map((p) => `${p.name}@${p.version}`)).size,
      runtimeClosureOfFactory: runtimeClosure(app.dir, ['@osauth/factory']).size,
      runtimeClosureOfOurRuntimePackages: runtimeClosure(app.dir, runtimeNames(app.ours)).size,
      runtimeClosureOfAllOurPackages: runtimeClosure(app.dir, app.ours).size,
      alicloudInstalled: alicloud.length > 0,
      alicloudPackages: alicloud.sort(),
      typesNode: app.installed.filter(isTypesNode).map((p) => where(app, p)),
      typesNodeDeclaredBy: app.installed
        .filter((p) => p.manifest.dependencies?.['@types/node'] !== undefined)
        .map((p) => `${p.name}@${p.version} (${p.manifest.dependencies?.['@types/node']})`)
        .sort(),
      nodeModulesKiB: Number(du.stdout.trim().split(/\s+/)[0]),
    });
    const listFile = path.join(realpathSync(os.tmpdir()), `osauth-packaging-installed-${app.label.toLowerCase()}.json`);
    writeFileSync(listFile, `${JSON.stringify(app.installed.map((p) => `${path.relative(app.dir, p.dir)} ${p.version}`).sort(), null, 2)}\n`);
    app.facts.installedListFile = listFile;
  };

  describe(`the full app: every tarball, ${OPENSEARCH}@^${full.opensearchMajor}, its own @types/node@${APP_TYPES_NODE}, tsc, publint and attw`, () => {
    it('packs every publishable package and npm installs each from its tarball, workspace:* rewritten', () => {
      expect(packages.map((p) => p.name)).toEqual(discoverPublishable().map((p) => p.name));
      expectFromTarballs(full, full.ours);
    });

    runtimeTests(full);

    it.each([
      ['module node16, moduleResolution node16', 'tsconfig.node16.json'],
      ['module esnext, moduleResolution bundler', 'tsconfig.bundler.json'],
    ])(`tsc --noEmit passes with %s, strict, skipLibCheck false, the documented \`import '@osauth/aws';\` and the app's own @types/node`, async (_label, config) => {
      notes.push(`@types/node in the full app while tsc -p ${config} ran: ${full.installed.filter(isTypesNode).map((p) => where(full, p)).join(', ') || 'none'}`);
      ensureOk(`tsc -p ${config}`, await run(process.execPath, [path.join(full.dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], full.dir, 120_000));
    }, 120_000);

    it('publint finds no error in any tarball', async () => {
      const results = await mapLimit(packages, PARALLEL, async (pkg) => ({ pkg, result: await run(bin(full, 'publint'), ['run', pkg.tarball], full.dir, 60_000) }));
      for (const { pkg, result } of results) {
        const output = `${result.stdout}${result.stderr}`;
        if (/warning|suggestion/i.test(output)) notes.push(`publint ${pkg.name}:\n${output.trim()}`);
      }
      const failures = results.filter(({ result }) => result.code !== 0).map(({ pkg, result }) => describeRun(`publint ${path.basename(pkg.tarball)}`, result));
      expect(failures).toEqual([]);
    }, 90_000);

    // Every resolution attw knows, node10 included: TypeScript's node10 ("moduleResolution":
    // "node", still the default with "module": "commonjs") is a compiler setting, not a Node
    // version, so `engines.node >= 20` does not rule it out, and `--profile node16` would stop
    // checking it for every entry point. node10 ignores `exports`: a subpath export needs a
    // `typesVersions` entry to have types there, e.g. for `@osauth/core/internal`:
    //   "typesVersions": { "*": { "internal": ["./dist/internal.d.ts"] } }
    // (node16 and bundler resolve through `exports` and ignore it).
    it('attw (are the types wrong) finds no problem in any tarball, on every resolution (node10, node16 from CJS and ESM, bundler)', async () => {
      // Libraries only: a bin-only package (the CLI) has no types to check.
      const libraries = packages.filter((pkg) => pkg.manifest.types !== undefined);
      const results = await mapLimit(libraries, PARALLEL, async (pkg) => ({ pkg, result: await run(bin(full, 'attw'), [pkg.tarball, '--format', 'ascii'], full.dir, 90_000) }));
      const failures = results
        .filter(({ result }) => result.code !== 0)
        .map(({ pkg, result }) => {
          const node10 = [...result.stdout.matchAll(/"([^"\n]+)"\s*\n\s*node10: 💀/g)].map((m) => m[1] as string).filter((entry) => entry.startsWith(`${pkg.name}/`));
          const hint = node10.map((entry) => `hint: ${entry} has no types under node10, which ignores "exports": add "typesVersions": { "*": { "${entry.slice(pkg.name.length + 1)}": ["<its .d.ts>"] } } to ${pkg.name}'s package.json`);
          return [describeRun(`attw ${path.basename(pkg.tarball)}`, result), ...hint].join('\n');
        });
      expect(failures).toEqual([]);
    }, 120_000);

    it('`npx osauth --help` and `--version` work from the installed @osauth/cli tarball', async () => {
      const help = ensureOk('npx osauth --help', await run('npx', ['--no-install', 'osauth', '--help'], full.dir, 60_000));
      expect(help.stdout).toMatch(/^Usage: osauth/);
      expect(help.stdout).toMatch(/curl \[options\] <url>/);
      const version = ensureOk('npx osauth --version', await run('npx', ['--no-install', 'osauth', '--version'], full.dir, 60_000));
      expect(version.stdout.trim()).toBe((packages.find((p) => p.name === '@osauth/cli') as Publishable).version);
    }, 60_000);

    singleOpenSearchTest(full);

    it(`@osauth/factory takes ${OPENSEARCH} as a peer whose range admits both tested majors, and @osauth/aws and @osauth/alibaba as optional peers; none of ours depends on ${OPENSEARCH}`, () => {
      const problems: string[] = [];
      for (const pkg of packages) {
        const manifest = installedManifest(full, pkg.name);
        const own = manifest.dependencies?.[OPENSEARCH] ?? manifest.optionalDependencies?.[OPENSEARCH];
        if (own !== undefined) problems.push(`${pkg.name}: a dependency on ${OPENSEARCH} "${own}" (a second copy whenever the app's version is outside it)`);
      }
      const factory = installedManifest(full, '@osauth/factory');
      const range = factory.peerDependencies?.[OPENSEARCH];
      if (range === undefined) problems.push(`@osauth/factory: no peerDependencies["${OPENSEARCH}"]`);
      else {
        for (const app of apps) {
          if (!satisfiesCaretRange(app.opensearchLatest, range)) problems.push(`@osauth/factory: peerDependencies["${OPENSEARCH}"] = "${range}" does not admit ${app.opensearchLatest} (the ${app.label} app's)`);
        }
      }
      for (const provider of ['@osauth/aws', '@osauth/alibaba']) {
        if (factory.peerDependencies?.[provider] === undefined) problems.push(`@osauth/factory: no peerDependencies["${provider}"]`);
        else if (factory.peerDependenciesMeta?.[provider]?.optional !== true) problems.push(`@osauth/factory: peer ${provider} is not optional (npm would install it into every app)`);
        const own = factory.dependencies?.[provider] ?? factory.optionalDependencies?.[provider];
        if (own !== undefined) problems.push(`@osauth/factory: ${provider} is a dependency "${own}" (installed into every app), not only an optional peer`);
      }
      expect(problems).toEqual([]);
    });

    it('@osauth/factory alone (its providers are optional peers) brings no @alicloud package', () => {
      expect(chainsOf(runtimeClosure(full.dir, ['@osauth/factory']), isAlicloud)).toEqual([]);
    });

    it("core, aws and factory bring no @types/node, alibaba none older than 20 (@osauth/testing's is reported, not failed)", () => {
      const runtime = runtimeNames(full.ours);
      const devTools = full.ours.filter((name) => DEV_TOOL_PACKAGES.has(name));
      const fromDevTools = chainsFromEach(full, devTools, isTypesNode);
      full.facts.typesNodeViaDevTools = fromDevTools;
      notes.push(
        `@types/node brought by our dev tools (${devTools.join(', ')}), reported and not failed: a test-time dependency, and @osauth/testing's independent Alibaba verifier @alicloud/openapi-util brings it:\n` +
          (fromDevTools.length > 0 ? fromDevTools.map((chain) => `  ${chain}`).join('\n') : '  none'),
      );
      expect(runtime).toEqual(expect.arrayContaining(['@osauth/core', '@osauth/aws', '@osauth/alibaba', '@osauth/factory']));
      // @osauth/alibaba needs @alicloud/pop-core for AssumeRole, whose httpx dependency pins
      // @types/node ^20: a current version (our .d.ts and node: imports work with it), so it
      // is reported; anything older (the @types/node@12 that @alicloud/credentials brought)
      // would break a TypeScript app and fails. core, aws and factory must bring none at all.
      const chains = chainsFromEach(full, runtime, isTypesNode);
      notes.push(`@types/node brought by our runtime packages: ${chains.length > 0 ? chains.join('; ') : 'none'}`);
      const majorOf = (chain: string): number => Number(/@types\/node@(\d+)/.exec(chain.slice(chain.lastIndexOf('@types/node')))?.[1] ?? 0);
      expect(chains.filter((chain) => majorOf(chain) < 20)).toEqual([]);
      expect(chains.filter((chain) => !chain.startsWith('@osauth/alibaba'))).toEqual([]);
    });

    it('records what the install put in node_modules', async () => {
      await recordFacts(full);
      full.facts.alicloudViaFactory = chainsOf(runtimeClosure(full.dir, ['@osauth/factory']), isAlicloud);
      expect(full.installed.length).toBeGreaterThan(packages.length);
    }, 60_000);
  });

  describe(`the AWS-only app: the tarballs of ${AWS_ONLY_PACKAGES.join(', ')} and ${OPENSEARCH}@^${awsOnly.opensearchMajor}`, () => {
    it('installs only those of ours, each from its tarball, workspace:* rewritten (no @osauth/alibaba)', () => {
      expectFromTarballs(awsOnly, AWS_ONLY_PACKAGES);
      const ours = awsOnly.installed.filter((p) => p.name.startsWith('@osauth/')).map((p) => where(awsOnly, p));
      expect(ours.sort()).toEqual(AWS_ONLY_PACKAGES.map((name) => `${(packages.find((p) => p.name === name) as Publishable).version} at node_modules/${name}`).sort());
    });

    runtimeTests(awsOnly);

    singleOpenSearchTest(awsOnly);

    it('has no @alicloud package but those @osauth/testing brings, and core, aws and factory bring none', () => {
      const broughtByTesting = runtimeClosure(awsOnly.dir, ['@osauth/testing']);
      awsOnly.facts.alicloudViaTesting = chainsOf(broughtByTesting, isAlicloud);
      const stray = awsOnly.installed.filter((p) => isAlicloud(p) && !broughtByTesting.has(p.dir)).map((p) => `${p.name}@${where(awsOnly, p)}`);
      expect(stray).toEqual([]);
      expect(chainsFromEach(awsOnly, runtimeNames(AWS_ONLY_PACKAGES), isAlicloud)).toEqual([]);
    });

    it(`core, aws and factory (with ${OPENSEARCH} ${awsOnly.opensearchMajor}.x as the peer) bring no @types/node`, () => {
      expect(chainsFromEach(awsOnly, runtimeNames(AWS_ONLY_PACKAGES), isTypesNode)).toEqual([]);
    });

    it('records what the install put in node_modules', async () => {
      await recordFacts(awsOnly);
      expect(awsOnly.installed.length).toBeGreaterThan(AWS_ONLY_PACKAGES.length);
    }, 60_000);
  });
});
