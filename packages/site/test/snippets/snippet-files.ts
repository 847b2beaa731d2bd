import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CodeBlock } from './markdown-blocks';
import { REPO_ROOT } from './markdown-files';

/** Where the blocks are written as modules (git-ignored; rewritten on every run). */
export const SNIPPETS_DIR = join(REPO_ROOT, 'packages', 'site', '.snippets');

/**
 * The module a block is written to, under a folder named after its markdown file
 * (`.snippets/docs/aws-es.md/L8.mts`). Inside packages/site, whose node_modules has every
 * osauth package as a user's app would, so imports resolve to the built packages.
 *
 * A plain block is an ES module (`.mts`): top-level `await` is allowed, as in an ESM app. A
 * `file=name.ts` block is `name.ts` there, a CommonJS-mode module like the repository's own
 * package sources, so another block of the page can import it as `./name`.
 */
export function snippetPath(block: CodeBlock): string {
  const base = block.moduleName ?? `L${block.line}`;
  const extension = block.moduleName ? block.language : `m${block.language}`;
  return join(SNIPPETS_DIR, block.file, `${base}.${extension}`);
}

/** Writes every block to its module, replacing what an earlier run left. */
export function writeSnippets(blocks: readonly CodeBlock[]): void {
  rmSync(SNIPPETS_DIR, { recursive: true, force: true });
  for (const block of blocks) {
    const path = snippetPath(block);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, block.code);
  }
}
