// The two applications the install-size and bundle-size rows compare, installed with npm from
// the registry in temp dirs outside the workspace (so resolution is what a user gets):
//   osauth: the packed tarballs of @osauth/factory + @osauth/aws and every workspace package they
//           depend on (today that includes @osauth/alibaba, a dependency of factory), plus
//           @opensearch-project/opensearch;
//   anchor: @opensearch-project/opensearch + @aws-sdk/credential-providers.
// One npm cache under the OS temp dir is shared by every run, so reruns are quick.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BENCH_TMP = join(tmpdir(), 'osauth-bench');
const NPM_CACHE = join(BENCH_TMP, 'npm-cache');
const LATEST = join(BENCH_TMP, 'latest-apps.json');
const ROOT = join(__dirname, '..', '..', '..');
/** What an AWS-only application imports. */
export const OSAUTH_ENTRY_PACKAGES = ['@osauth/factory', '@osauth/aws'];
export const ANCHOR_SPECS = ['@opensearch-project/opensearch', '@aws-sdk/credential-providers'];
const NPM_TIMEOUT_MS = 5 * 60_000;

interface Manifest {
  readonly name: string;
  readonly main?: string;
  readonly dependencies?: Record<string, string>;
}

export interface Tarball {
  readonly name: string;
  readonly file: string;
  readonly sha256: string;
  /** The workspace packages that depend on it ([] for an entry package). */
  readonly requiredBy: readonly string[];
}

export interface Apps {
  readonly root: string;
  readonly osauth: string;
  readonly anchor: string;
  readonly tarballs: readonly Tarball[];
  readonly installedAt: string;
  readonly installSeconds: { readonly osauth: number; readonly anchor: number };
}

export type Unavailable = { readonly unavailable: string };

function workspaceManifests(): Map<string, { dir: string; manifest: Manifest }> {
  const found = new Map<string, { dir: string; manifest: Manifest }>();
  for (const entry of readdirSync(join(ROOT, 'packages'))) {
    const file = join(ROOT, 'packages', entry, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    found.set(manifest.name, { dir: join(ROOT, 'packages', entry), manifest });
  }
  return found;
}

/** The entry packages and every workspace package they depend on (runtime dependencies only), with who needs each. */
export function workspaceClosure(entries: readonly string[]): Map<string, string[]> {
  const manifests = workspaceManifests();
  const closure = new Map<string, string[]>(entries.map((name) => [name, []]));
  const queue = [...entries];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    const deps = manifests.get(name)?.manifest.dependencies ?? {};
    for (const [dep, spec] of Object.entries(deps)) {
      if (!spec.startsWith('workspace:')) continue;
      const requiredBy = closure.get(dep);
      if (requiredBy) {
        if (!requiredBy.includes(name) && !entries.includes(dep)) requiredBy.push(name);
        continue;
      }
      closure.set(dep, [name]);
      queue.push(dep);
    }
  }
  return closure;
}

/** `pnpm pack` of each package in the closure into `dest` (each must be built: its `main` must exist). */
export function packTarballs(dest: string): Tarball[] | Unavailable {
  const manifests = workspaceManifests();
  const tarballs: Tarball[] = [];
  mkdirSync(dest, { recursive: true });
  for (const [name, requiredBy] of workspaceClosure(OSAUTH_ENTRY_PACKAGES)) {
    const found = manifests.get(name);
    if (!found) return { unavailable: `${name} is not a workspace package` };
    if (found.manifest.main && !existsSync(join(found.dir, found.manifest.main))) return { unavailable: `${name} is not built (no ${found.manifest.main}): run pnpm -r --filter './packages/*' build` };
    const before = new Set(readdirSync(dest));
    const run = spawnSync('pnpm', ['--filter', name, 'pack', '--pack-destination', dest], { cwd: ROOT, encoding: 'utf8', timeout: NPM_TIMEOUT_MS });
    const file = readdirSync(dest).find((f) => !before.has(f) && f.endsWith('.tgz'));
    if (run.status !== 0 || !file) return { unavailable: `pnpm pack ${name} failed: ${(run.error?.message ?? run.stderr).trim().split('\n').slice(-3).join(' ')}` };
    const path = join(dest, file);
    tarballs.push({ name, file: path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), requiredBy });
  }
  return tarballs;
}

/** `npm install` of `specs` into a new app in `dir`; seconds taken, or why it failed. */
function npmInstall(dir: string, specs: readonly string[]): number | Unavailable {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'osauth-bench-app', version: '1.0.0', private: true }, null, 2)}\n`);
  const start = process.hrtime.bigint();
  const run = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', '--cache', NPM_CACHE, ...specs], {
    cwd: dir,
    encoding: 'utf8',
    timeout: NPM_TIMEOUT_MS,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (run.status !== 0) return { unavailable: `npm install failed in ${dir}: ${(run.error?.message ?? run.stderr).trim().split('\n').slice(-3).join(' ')}` };
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Packs the workspace and installs both apps afresh; remembers them for the bundle row. */
export function installApps(): Apps | Unavailable {
  mkdirSync(BENCH_TMP, { recursive: true });
  const root = mkdtempSync(join(BENCH_TMP, 'apps-'));
  const failed = (reason: Unavailable): Unavailable => {
    rmSync(root, { recursive: true, force: true });
    return reason;
  };
  const tarballs = packTarballs(join(root, 'tarballs'));
  if ('unavailable' in tarballs) return failed(tarballs);
  const osauth = join(root, 'osauth');
  const anchor = join(root, 'anchor');
  // Every tarball in one npm command, so npm takes the workspace's packages from them and never
  // looks for @osauth/* on the registry.
  const osauthSeconds = npmInstall(osauth, [...tarballs.map((t) => t.file), '@opensearch-project/opensearch']);
  if (typeof osauthSeconds !== 'number') return failed(osauthSeconds);
  const anchorSeconds = npmInstall(anchor, ANCHOR_SPECS);
  if (typeof anchorSeconds !== 'number') return failed(anchorSeconds);
  const apps: Apps = { root, osauth, anchor, tarballs, installedAt: new Date().toISOString(), installSeconds: { osauth: osauthSeconds, anchor: anchorSeconds } };
  const previous = readLatest();
  if (previous && previous.root !== root) rmSync(previous.root, { recursive: true, force: true });
  writeFileSync(LATEST, `${JSON.stringify(apps, null, 2)}\n`);
  return apps;
}

function readLatest(): Apps | undefined {
  try {
    return JSON.parse(readFileSync(LATEST, 'utf8')) as Apps;
  } catch {
    return undefined;
  }
}

/**
 * The apps installed last (by the install-size row, just before, in `pnpm bench`) when the
 * workspace still packs to the same tarballs; otherwise installs them now.
 */
export function currentApps(): { apps: Apps; reused: boolean } | Unavailable {
  const latest = readLatest();
  if (latest && existsSync(join(latest.osauth, 'node_modules')) && existsSync(join(latest.anchor, 'node_modules'))) {
    const scratch = mkdtempSync(join(BENCH_TMP, 'pack-'));
    const fresh = packTarballs(scratch);
    rmSync(scratch, { recursive: true, force: true });
    if ('unavailable' in fresh) return fresh;
    const same = fresh.length === latest.tarballs.length && fresh.every((t) => latest.tarballs.some((l) => l.name === t.name && l.sha256 === t.sha256));
    if (same) return { apps: latest, reused: true };
  }
  const apps = installApps();
  return 'unavailable' in apps ? apps : { apps, reused: false };
}
