import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CodeBlock, codeBlocksIn } from './markdown-blocks';
import { filesUnder, REPO_ROOT } from './markdown-files';

/** The packages whose TSDoc the site publishes as the API reference. */
const PUBLIC_PACKAGES = ['core', 'aws', 'alibaba', 'factory', 'testing'];

/** The TypeScript sources of the published packages, relative to the repository root. */
export function sourceFiles(): string[] {
  return PUBLIC_PACKAGES.flatMap((name) => filesUnder(`packages/${name}/src`, '.ts')).sort();
}

/**
 * The fenced blocks inside the doc comments of one source file (the `@example`s the API
 * reference shows), read as markdown: each comment line without its leading `*`, kept on its
 * own source line so a problem is reported where the example is written.
 */
export function exampleBlocksOf(file: string): CodeBlock[] {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  let inComment = false;
  const markdown = lines.map((line) => {
    const opens = !inComment && /^\s*\/\*\*/.test(line);
    if (opens) inComment = true;
    const text = inComment && !opens ? line.replace(/^\s*\*(?!\/) ?/, '') : '';
    if (inComment && line.includes('*/')) inComment = false;
    return text.includes('*/') ? '' : text;
  });
  return codeBlocksIn(file, markdown);
}
