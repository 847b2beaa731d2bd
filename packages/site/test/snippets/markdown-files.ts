import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, from packages/site/test/snippets. */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The markdown files whose code blocks are compiled, relative to the repository root:
 * README.md, docs/**\/*.md, packages/*\/README.md and examples/*\/README.md.
 */
export function markdownFiles(): string[] {
  const files = ['README.md', ...filesUnder('docs', '.md'), ...readmesIn('packages'), ...readmesIn('examples')];
  return files.filter((file) => existsSync(join(REPO_ROOT, file))).sort();
}

/** Every file under `dir` (relative to the repository root) whose name ends with `extension`. */
export function filesUnder(dir: string, extension: string): string[] {
  if (!existsSync(join(REPO_ROOT, dir))) return [];
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return filesUnder(path, extension);
    return entry.name.endsWith(extension) ? [path] : [];
  });
}

function readmesIn(group: string): string[] {
  if (!existsSync(join(REPO_ROOT, group))) return [];
  return readdirSync(join(REPO_ROOT, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${group}/${entry.name}/README.md`);
}
