/**
 * What the npm page and a release need from every publishable package, checked on the
 * workspace and on the tarballs `pnpm pack` makes (no registry: this file runs offline):
 *
 * - each package directory has a LICENSE byte-identical to the root one, a CHANGELOG.md with
 *   an entry for its current version, and a package.json with `repository` (its directory),
 *   `homepage` (a page of the docs site that exists), `bugs`, `keywords`, `files` and
 *   `publishConfig` (public, with provenance);
 * - each tarball holds exactly package.json, README.md, CHANGELOG.md, LICENSE (the root's) and
 *   dist, and its package.json keeps that metadata;
 * - every link in a publishable README works on the npm page: absolute `https://` (the docs site,
 *   GitHub, npm) or an `#anchor` of the README itself; a docs-site or GitHub link names a page,
 *   heading or path that exists in the repository;
 * - the changeset config ignores exactly the private workspace packages, and every changeset
 *   names only publishable ones.
 *
 * docs/releasing.md is the procedure these checks back up.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packTarball, WORKSPACE } from './support/pack';

const REPOSITORY_URL = 'git+https://github.com/osauth/osauth.git';
const GITHUB = 'https://github.com/osauth/osauth';
const SITE = 'https://osauth.github.io/osauth/';
const BUGS_URL = 'https://github.com/osauth/osauth/issues';
/** What `files` lists, and so all a tarball may hold at its top level. */
const PACKED_FILES = ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json'];

interface Manifest {
  name?: string;
  version?: string;
  private?: boolean;
  homepage?: string;
  keywords?: string[];
  bugs?: { url?: string } | string;
  repository?: { type?: string; url?: string; directory?: string } | string;
  files?: string[];
  publishConfig?: Record<string, unknown>;
}

interface WorkspacePackage {
  name: string;
  version: string;
  /** Relative to the workspace root, with `/`: `packages/core`. */
  dir: string;
  manifest: Manifest;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** The `packages:` globs of pnpm-workspace.yaml (only the `dir/*` form is used here, and only it is understood). */
function workspaceGlobs(): string[] {
  const lines = readFileSync(path.join(WORKSPACE, 'pnpm-workspace.yaml'), 'utf8').split('\n');
  const start = lines.findIndex((line) => /^packages:\s*$/.test(line));
  if (start < 0) throw new Error('pnpm-workspace.yaml has no `packages:` list');
  const globs: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\s+-\s+['"]?([^'"#\s]+)['"]?\s*$/.exec(line);
    if (item) globs.push(item[1] as string);
    else if (/^\S/.test(line)) break;
  }
  for (const glob of globs) if (!/^[\w.-]+\/\*$/.test(glob)) throw new Error(`this test reads only \`dir/*\` workspace globs, not "${glob}"`);
  return globs;
}

/** Every workspace package but the root, in the order of their names. */
function workspacePackages(): WorkspacePackage[] {
  return workspaceGlobs()
    .flatMap((glob) => {
      const parent = glob.slice(0, -2);
      const abs = path.join(WORKSPACE, parent);
      if (!existsSync(abs)) return [];
      return readdirSync(abs)
        .filter((entry) => existsSync(path.join(abs, entry, 'package.json')))
        .map((entry) => {
          const manifest = readJson<Manifest>(path.join(abs, entry, 'package.json'));
          return { name: manifest.name ?? `${parent}/${entry}`, version: manifest.version ?? '0.0.0', dir: `${parent}/${entry}`, manifest };
        });
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

const ALL = workspacePackages();
const PUBLISHABLE = ALL.filter((p) => p.manifest.private !== true);
const PRIVATE = ALL.filter((p) => p.manifest.private === true);
const ROOT_LICENSE = readFileSync(path.join(WORKSPACE, 'LICENSE'));

// ---------------------------------------------------------------------------------------
// links

/** The lines of a Markdown file, those of fenced code blocks (and their fences) blanked. */
function outsideFences(markdown: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      out.push('');
    } else if (marker !== undefined) {
      fence = marker;
      out.push('');
    } else out.push(line);
  }
  return out;
}

/** Markdown without fenced code blocks and inline code spans: links there are examples, not links. */
function withoutCode(markdown: string): string {
  return outsideFences(markdown)
    .map((line) => line.replace(/(`+)[^`]*?\1/g, ''))
    .join('\n');
}

/** Every link target of a Markdown file: inline links and images, reference definitions, HTML href/src, autolinks. */
function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown);
  const targets: string[] = [];
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+["'(][^)]*)?\)/g)) targets.push(m[1] as string);
  for (const m of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) targets.push(m[1] as string);
  for (const m of text.matchAll(/\b(?:href|src)\s*=\s*["']([^"']*)["']/gi)) targets.push(m[1] as string);
  for (const m of text.matchAll(/<([a-z][a-z0-9+.-]*:[^\s>]+)>/gi)) targets.push(m[1] as string);
  return targets;
}

/** The text of every ATX heading, fenced code excluded. */
function headings(markdown: string): string[] {
  return outsideFences(markdown).flatMap((line) => (/^\s{0,3}#{1,6}\s/.test(line) ? [line.replace(/^\s{0,3}#{1,6}\s+/, '').replace(/\s+#+\s*$/, '')] : []));
}

/** The anchors npm and GitHub give a README's headings (github-slugger): code text kept, punctuation dropped. */
function githubAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const heading of headings(markdown)) {
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(base);
    seen.set(base, (count ?? -1) + 1);
    anchors.add(count === undefined ? base : `${base}-${count + 1}`);
  }
  return anchors;
}

/**
 * The anchors the site gives a guide's headings: typedoc's (0.28) lower-cased slug of the heading's
 * text, inline code included (packages/site/scripts/github-heading-anchors.mjs gives typedoc the code
 * text, so that the anchors match GitHub's).
 */
function siteAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const heading of headings(markdown)) {
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/(`+)([^`]*?)\1/g, '$2').replace(/\*/g, '');
    const serialized =
      text
        .trim()
        .replace(/[\u2000-\u206F\u2E00-\u2E7F\\'!"#$%&()*+,./:;<=>?@[\]^`{|}~]/g, '')
        .replace(/\s/g, '-')
        .replace(/--+/, '-') || '_';
    const base = serialized.toLowerCase();
    let slug = base;
    let count = seen.get(base);
    if (count !== undefined) {
      do {
        count++;
        slug = `${base}-${count}`;
      } while (seen.has(slug));
    }
    seen.set(base, count ?? 0);
    anchors.add(slug);
  }
  return anchors;
}

/** typedoc's module page of a package: `@osauth/core` → `modules/_osauth_core.html`. */
function siteModulePages(): Map<string, string> {
  const config = readJson<{ entryPoints?: string[] }>(path.join(WORKSPACE, 'packages/site/typedoc.json'));
  const pages = new Map<string, string>();
  for (const entry of config.entryPoints ?? []) {
    const manifest = readJson<Manifest>(path.join(WORKSPACE, 'packages/site', entry, 'package.json'));
    const name = manifest.name as string;
    pages.set(`modules/${name.toLowerCase().replace(/[^a-z0-9]/g, '_')}.html`, name);
  }
  return pages;
}

/**
 * Why `target` (a link of the README at `file`) would not work on the npm page, or `undefined`
 * when it does: relative paths break there; links into this repository's site or GitHub tree
 * must name what exists here.
 */
function brokenLink(file: string, markdown: string, target: string): string | undefined {
  if (target.startsWith('#')) return githubAnchors(markdown).has(target.slice(1)) ? undefined : `${target}: no heading of ${file} has that anchor`;
  if (!/^https:\/\//.test(target)) return `${target}: not absolute (relative links break on the npm page; use ${SITE}documents/<page>.html or ${GITHUB}/tree/main/<path>)`;
  const url = new URL(target);
  if (target.startsWith(SITE)) {
    const page = url.pathname.slice(new URL(SITE).pathname.length);
    if (page === '' || page === 'index.html') return undefined;
    const doc = /^documents\/([\w-]+)\.html$/.exec(page)?.[1];
    if (doc !== undefined) {
      const source = path.join(WORKSPACE, 'docs', `${doc}.md`);
      if (!existsSync(source)) return `${target}: no docs/${doc}.md for that page`;
      const anchor = decodeURIComponent(url.hash.slice(1));
      if (anchor && !siteAnchors(readFileSync(source, 'utf8')).has(anchor)) return `${target}: no heading of docs/${doc}.md has the anchor #${anchor} (the site's anchors are lower-cased, punctuation dropped)`;
      return undefined;
    }
    if (siteModulePages().has(page)) return undefined;
    return `${target}: not a page the docs site has (documents/<docs file>.html, a module page of packages/site/typedoc.json's entry points, or the root)`;
  }
  if (target.startsWith(`${GITHUB}/`)) {
    const tree = /^\/osauth\/osauth\/(?:tree|blob)\/main\/(.+?)\/?$/.exec(url.pathname)?.[1];
    if (tree === undefined) return /^\/osauth\/osauth\/(issues|pulls|releases)?\/?$/.test(url.pathname) ? undefined : `${target}: not a tree/main or blob/main path of the repository`;
    return existsSync(path.join(WORKSPACE, decodeURIComponent(tree))) ? undefined : `${target}: ${tree} does not exist in the repository`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// child processes

/** Our environment without what pnpm/npm/jest set for this run (as in packed-install.test.ts). */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_') && !['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig'].includes(lower)) continue;
    if (key.startsWith('PNPM_') || key === 'INIT_CWD' || key === 'JEST_WORKER_ID') continue;
    env[key] = value;
  }
  return { ...env, AWS_EC2_METADATA_DISABLED: 'true', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', npm_config_update_notifier: 'false' };
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env: childEnv(), timeout: 120_000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n--- stdout ---\n${String(stdout)}\n--- stderr ---\n${String(stderr)}`));
      else resolve(String(stdout));
    });
  });
}

// ---------------------------------------------------------------------------------------

describe('release metadata of the workspace', () => {
  it('finds the publishable packages (packages/* and examples/*, not private)', () => {
    expect(PUBLISHABLE.map((p) => p.name)).toEqual(expect.arrayContaining(['@osauth/core', '@osauth/aws', '@osauth/alibaba', '@osauth/factory', '@osauth/testing', '@osauth/cli']));
    expect(PUBLISHABLE.filter((p) => !p.dir.startsWith('packages/')).map((p) => p.dir)).toEqual([]);
  });

  it.each(PUBLISHABLE.map((p) => [p.name, p] as const))('%s has a LICENSE byte-identical to the root LICENSE', (_name, pkg) => {
    const file = path.join(WORKSPACE, pkg.dir, 'LICENSE');
    expect({ file: `${pkg.dir}/LICENSE`, exists: existsSync(file) }).toEqual({ file: `${pkg.dir}/LICENSE`, exists: true });
    expect({ file: `${pkg.dir}/LICENSE`, identicalToRoot: readFileSync(file).equals(ROOT_LICENSE) }).toEqual({ file: `${pkg.dir}/LICENSE`, identicalToRoot: true });
  });

  it.each(PUBLISHABLE.map((p) => [p.name, p] as const))('%s: package.json has repository (its directory), homepage, bugs, keywords, files and publishConfig', (_name, pkg) => {
    const m = pkg.manifest;
    const problems: string[] = [];
    if (typeof m.repository !== 'object' || m.repository.type !== 'git' || m.repository.url !== REPOSITORY_URL || m.repository.directory !== pkg.dir)
      problems.push(`repository must be { "type": "git", "url": "${REPOSITORY_URL}", "directory": "${pkg.dir}" }, is ${JSON.stringify(m.repository)}`);
    if (typeof m.homepage !== 'string' || !m.homepage.startsWith(SITE)) problems.push(`homepage must be a page of ${SITE}, is ${JSON.stringify(m.homepage)}`);
    else {
      const broken = brokenLink(`${pkg.dir}/package.json`, '', m.homepage);
      if (broken) problems.push(`homepage ${broken}`);
    }
    const bugs = typeof m.bugs === 'object' ? m.bugs.url : m.bugs;
    if (bugs !== BUGS_URL) problems.push(`bugs must be { "url": "${BUGS_URL}" }, is ${JSON.stringify(m.bugs)}`);
    if (!Array.isArray(m.keywords) || m.keywords.length === 0) problems.push('keywords missing');
    const files = [...(m.files ?? [])].sort();
    if (JSON.stringify(files) !== JSON.stringify(PACKED_FILES.filter((f) => f !== 'package.json'))) problems.push(`files must be ${JSON.stringify(PACKED_FILES.filter((f) => f !== 'package.json'))} (in any order), is ${JSON.stringify(m.files)}`);
    if (JSON.stringify(m.publishConfig) !== JSON.stringify({ access: 'public', provenance: true })) problems.push(`publishConfig must be { "access": "public", "provenance": true }, is ${JSON.stringify(m.publishConfig)}`);
    expect(problems).toEqual([]);
  });

  it.each(PUBLISHABLE.map((p) => [p.name, p] as const))("%s: CHANGELOG.md is titled with the package's name and has an entry for its current version", (_name, pkg) => {
    const file = path.join(WORKSPACE, pkg.dir, 'CHANGELOG.md');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    expect({ file: `${pkg.dir}/CHANGELOG.md`, title: text.split('\n')[0], entry: text.split('\n').includes(`## ${pkg.version}`) }).toEqual({ file: `${pkg.dir}/CHANGELOG.md`, title: `# ${pkg.name}`, entry: true });
  });

  it.each(PUBLISHABLE.map((p) => [p.name, p] as const))('%s: every link in README.md works on the npm page (absolute https, or an #anchor of the README)', (_name, pkg) => {
    const file = `${pkg.dir}/README.md`;
    const markdown = readFileSync(path.join(WORKSPACE, file), 'utf8');
    const targets = linkTargets(markdown);
    const broken = targets.map((target) => brokenLink(file, markdown, target)).filter((problem): problem is string => problem !== undefined);
    expect({ file, broken }).toEqual({ file, broken: [] });
  });

  it('the link check itself: finds relative links, code-block links are ignored, and anchors are checked', () => {
    const sample = ['# Title', '', '## The `osauth` CLI', '', 'See [a](../../docs/x.md), [b](docs/y.md), [c](./LICENSE), <a href="../factory">d</a>, [e][ref], [f](#the-osauth-cli), [g](#nope).', '', '[ref]: ../core', '', '```md', '[ignored](../../inside-code.md)', '```', 'and `[ignored](inline.md)` too.'].join('\n');
    expect(linkTargets(sample)).toEqual(['../../docs/x.md', 'docs/y.md', './LICENSE', '#the-osauth-cli', '#nope', '../core', '../factory']);
    const broken = linkTargets(sample).filter((target) => brokenLink('sample.md', sample, target) !== undefined);
    expect(broken).toEqual(['../../docs/x.md', 'docs/y.md', './LICENSE', '#nope', '../core', '../factory']);
    expect(brokenLink('s', '', `${SITE}documents/no-such-guide.html`)).toMatch(/no docs\/no-such-guide\.md/);
    expect(brokenLink('s', '', `${SITE}documents/cli.html#exit-codes`)).toBeUndefined();
    expect(brokenLink('s', '', `${SITE}documents/cli.html#no-such-heading`)).toMatch(/no heading/);
    expect(brokenLink('s', '', `${GITHUB}/tree/main/packages/no-such-package`)).toMatch(/does not exist/);
  });
});

describe('changesets', () => {
  const config = readJson<{ changelog?: unknown; baseBranch?: string; access?: string; ignore?: string[]; privatePackages?: unknown }>(path.join(WORKSPACE, '.changeset/config.json'));

  it('the config ignores exactly the private workspace packages, and versions or tags no private package', () => {
    expect([...(config.ignore ?? [])].sort()).toEqual(PRIVATE.map((p) => p.name).sort());
    expect(config.privatePackages).toEqual({ version: false, tag: false });
  });

  it('writes changelogs without the network, against main, for public packages', () => {
    expect({ changelog: config.changelog, baseBranch: config.baseBranch, access: config.access }).toEqual({ changelog: '@changesets/cli/changelog', baseBranch: 'main', access: 'public' });
  });

  it('every changeset names only publishable packages, each with a bump type', () => {
    const dir = path.join(WORKSPACE, '.changeset');
    const names = new Set(PUBLISHABLE.map((p) => p.name));
    const problems: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
      const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(readFileSync(path.join(dir, file), 'utf8'))?.[1];
      if (frontmatter === undefined) {
        problems.push(`${file}: no frontmatter`);
        continue;
      }
      for (const line of frontmatter.split('\n').filter((l) => l.trim() !== '')) {
        const m = /^\s*['"]?([^'":]+)['"]?\s*:\s*(patch|minor|major)\s*$/.exec(line);
        if (!m) problems.push(`${file}: cannot read "${line}"`);
        else if (!names.has(m[1] as string)) problems.push(`${file}: ${m[1]} is not a publishable package`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the tarballs pnpm pack makes', () => {
  let packDir = '';
  const tarballs = new Map<string, { entries: string[]; extracted: string }>();

  beforeAll(async () => {
    const unbuilt = PUBLISHABLE.filter((pkg) => !existsSync(path.join(WORKSPACE, pkg.dir, 'dist')));
    if (unbuilt.length > 0) throw new Error(`not built (no dist/): ${unbuilt.map((p) => p.name).join(', ')}: run \`pnpm build\` first (\`pnpm test\` does)`);
    packDir = mkdtempSync(path.join(realpathSync(os.tmpdir()), 'osauth-release-packed-'));
    await Promise.all(
      PUBLISHABLE.map(async (pkg) => {
        const out = path.join(packDir, pkg.dir.replace(/\//g, '-'));
        const tarball = await packTarball(pkg.name, out, run);
        const entries = (await run('tar', ['-tzf', tarball], out)).split('\n').filter(Boolean);
        await run('tar', ['-xzf', tarball, '-C', out], out);
        tarballs.set(pkg.name, { entries, extracted: path.join(out, 'package') });
      }),
    );
  }, 180_000);

  afterAll(() => {
    if (packDir) rmSync(packDir, { recursive: true, force: true });
  });

  it.each(PUBLISHABLE.map((p) => [p.name] as const))('%s: holds package.json, README.md, CHANGELOG.md, LICENSE and dist, nothing else at the top', (name) => {
    const { entries } = tarballs.get(name) as { entries: string[] };
    const top = [...new Set(entries.map((e) => e.replace(/^package\//, '').split('/')[0] as string))].sort();
    expect({ name, top }).toEqual({ name, top: PACKED_FILES });
  });

  it.each(PUBLISHABLE.map((p) => [p.name] as const))('%s: its LICENSE is the root LICENSE, and README.md and CHANGELOG.md are those of the package', (name) => {
    const { extracted } = tarballs.get(name) as { extracted: string };
    const pkg = PUBLISHABLE.find((p) => p.name === name) as WorkspacePackage;
    const same = (file: string): boolean => existsSync(path.join(extracted, file)) && statSync(path.join(extracted, file)).isFile() && readFileSync(path.join(extracted, file)).equals(readFileSync(path.join(WORKSPACE, pkg.dir, file)));
    expect({ name, license: existsSync(path.join(extracted, 'LICENSE')) && readFileSync(path.join(extracted, 'LICENSE')).equals(ROOT_LICENSE), readme: same('README.md'), changelog: same('CHANGELOG.md') }).toEqual({ name, license: true, readme: true, changelog: true });
  });

  it.each(PUBLISHABLE.map((p) => [p.name] as const))('%s: the packed package.json keeps repository, homepage, bugs and publishConfig', (name) => {
    const { extracted } = tarballs.get(name) as { extracted: string };
    const pkg = PUBLISHABLE.find((p) => p.name === name) as WorkspacePackage;
    const packed = readJson<Manifest>(path.join(extracted, 'package.json'));
    expect({ name, repository: packed.repository, homepage: packed.homepage, bugs: packed.bugs, publishConfig: packed.publishConfig }).toEqual({
      name,
      repository: { type: 'git', url: REPOSITORY_URL, directory: pkg.dir },
      homepage: pkg.manifest.homepage ?? '(package.json names no homepage)',
      bugs: { url: BUGS_URL },
      publishConfig: { access: 'public', provenance: true },
    });
  });
});
