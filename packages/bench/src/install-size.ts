// What an AWS-only application installs: node_modules of a fresh `npm install` of osauth
// (packed from this workspace) against the live anchor, opensearch-js + @aws-sdk/credential-
// providers, installed from the registry in the same run. Sizes, package counts, and whether
// any @alicloud/* package came along. Needs the npm registry: without it the row says so.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANCHOR_SPECS, installApps, workspaceClosure } from './apps';
import { report } from './measure';

interface Tree {
  readonly bytes: number;
  readonly files: number;
  readonly packages: string[];
}

/** Sum of the sizes of every file under `dir` (symlinks counted as themselves, not followed). */
function bytesUnder(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = bytesUnder(path);
      bytes += inner.bytes;
      files += inner.files;
    } else {
      bytes += lstatSync(path).size;
      files += 1;
    }
  }
  return { bytes, files };
}

/**
 * The installed packages: a `package.json` with a name directly in a package folder of a
 * `node_modules` (`x` or `@scope/x`), at any depth of nested `node_modules`. Package.json files
 * elsewhere (test fixtures, `dist/esm/package.json` type markers) are not packages.
 */
function packagesUnder(nodeModules: string, found: string[] = []): string[] {
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || !(entry.isDirectory() || entry.isSymbolicLink())) continue;
    const dirs = entry.name.startsWith('@') ? readdirSync(join(nodeModules, entry.name)).map((inner) => join(nodeModules, entry.name, inner)) : [join(nodeModules, entry.name)];
    for (const dir of dirs) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
        if (typeof manifest.name === 'string' && manifest.name) found.push(manifest.name);
      } catch {
        // not a package folder
      }
      try {
        packagesUnder(join(dir, 'node_modules'), found);
      } catch {
        // no nested node_modules
      }
    }
  }
  return found;
}

function tree(app: string): Tree {
  const nodeModules = join(app, 'node_modules');
  return { ...bytesUnder(nodeModules), packages: packagesUnder(nodeModules).sort() };
}

function main(): void {
  const start = process.hrtime.bigint();
  const unit = 'node_modules of a fresh npm install: MB (10^6 bytes, file sizes summed) and installed packages';
  const goal = 'osauth / anchor size ≤ 1.5';
  const apps = installApps();
  if ('unavailable' in apps) {
    report({ comparison: 'install-size', unit, unavailable: apps.unavailable, goal });
    return;
  }
  const osauth = tree(apps.osauth);
  const anchor = tree(apps.anchor);
  const awsNeeds = workspaceClosure(['@osauth/aws']);
  const alicloud = (t: Tree) => t.packages.filter((name) => name.startsWith('@alicloud/'));
  const osauthLabel = `osauth AWS app (${apps.tarballs.map((t) => t.name).join(', ')} tarballs + @opensearch-project/opensearch)`;
  const anchorLabel = `anchor (${ANCHOR_SPECS.join(' + ')})`;
  report({
    comparison: 'install-size',
    unit,
    medians: {
      [`${osauthLabel}, MB`]: osauth.bytes / 1e6,
      [`${anchorLabel}, MB`]: anchor.bytes / 1e6,
      'osauth AWS app, packages': osauth.packages.length,
      'anchor, packages': anchor.packages.length,
    },
    ratios: { 'osauth / anchor (bytes)': osauth.bytes / anchor.bytes, 'osauth / anchor (packages)': osauth.packages.length / anchor.packages.length },
    notes: [
      `@alicloud/* in the osauth AWS app: ${alicloud(osauth).length > 0 ? `yes (${alicloud(osauth).join(', ')})` : 'no'}`,
      // A workspace package the AWS provider does not need, installed only because another depends on it.
      ...apps.tarballs.filter((t) => t.requiredBy.length > 0 && !awsNeeds.has(t.name)).map((t) => `${t.name} installed only because ${t.requiredBy.join(', ')} depends on it`),
    ],
    bytes: { osauth: osauth.bytes, anchor: anchor.bytes },
    files: { osauth: osauth.files, anchor: anchor.files },
    packages: { osauth: osauth.packages, anchor: anchor.packages },
    alicloudInOsauthApp: alicloud(osauth),
    alicloudInAnchor: alicloud(anchor),
    tarballs: apps.tarballs.map((t) => ({ name: t.name, requiredBy: t.requiredBy, sha256: t.sha256 })),
    installSeconds: apps.installSeconds,
    apps: { osauth: apps.osauth, anchor: apps.anchor },
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    goal,
  });
}

main();
