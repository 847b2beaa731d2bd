import { type CodeBlock, EMULATOR_KINDS } from './markdown-blocks';

/**
 * Info-string mistakes, as `docs/x.md:LINE: message` on the fence's line: an option the
 * harness does not know (`rn=aoss` would silently not run), or two `file=` blocks of one page
 * with the same name.
 */
export function blockOptionProblems(blocks: readonly CodeBlock[]): string[] {
  const problems: string[] = [];
  const modules = new Set<string>();
  for (const block of blocks) {
    const fence = `${block.file}:${block.line - 1}`;
    for (const option of block.unknownOptions) {
      problems.push(`${fence}: unknown fence option \`${option}\` (known: run=${EMULATOR_KINDS.join('|')}, file=<name>.ts)`);
    }
    if (block.moduleName === undefined) continue;
    const key = `${block.file}/${block.moduleName}`;
    if (modules.has(key)) problems.push(`${fence}: a second \`file=${block.moduleName}.${block.language}\` block on this page`);
    modules.add(key);
  }
  return problems;
}
