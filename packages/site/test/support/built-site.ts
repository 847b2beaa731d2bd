// Where the built docs site lives (the repository root's site/, written by `pnpm run docs`),
// and the one clear failure when it has not been built.
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
// OSAUTH_SITE_DIR points the tests at another build (a copy to break on purpose, say) without
// touching the shared site/.
export const SITE_DIR = process.env.OSAUTH_SITE_DIR ? path.resolve(process.env.OSAUTH_SITE_DIR) : path.join(REPO_ROOT, 'site');

/** Throws, saying how to build it, unless site/index.html exists. */
export function assertSiteBuilt(siteDir: string = SITE_DIR): void {
  const start = path.join(siteDir, 'index.html');
  if (!existsSync(start)) {
    throw new Error(`The docs site is not built: ${start} does not exist. Run \`pnpm run docs\` (from the repository root) first.`);
  }
}

/** Every file under siteDir whose name ends with one of the extensions, as a '/'-separated path relative to it. */
export function siteFiles(siteDir: string, extensions: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const relative = prefix + entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${relative}/`);
      else if (extensions.some((extension) => entry.name.endsWith(extension))) found.push(relative);
    }
  };
  walk(siteDir, '');
  return found.sort();
}
