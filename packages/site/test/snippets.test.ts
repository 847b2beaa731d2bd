// Every ```ts / ```js block in README.md, docs/, the package READMEs and the TSDoc of the
// published packages' sources (the API reference's @examples) is type-checked, and
// each ```ts run=aoss|es|alibaba block is run against that `osauth emulate` emulator: a docs
// snippet that no longer works fails `pnpm test`. The convention is in docs/contributing.md
// ("Code in the docs"). Runs against the built packages (`turbo run build` comes first).
import { join } from 'node:path';
import { blockOptionProblems } from './snippets/block-options';
import { type CliEmulator, startCliEmulator } from './snippets/cli-emulator';
import { type CodeBlock, codeBlocksOf, EMULATOR_KINDS } from './snippets/markdown-blocks';
import { markdownFiles, REPO_ROOT } from './snippets/markdown-files';
import { providerImportProblems } from './snippets/provider-imports';
import { runBlock } from './snippets/run-block';
import { exampleBlocksOf, sourceFiles } from './snippets/tsdoc-examples';
import { writeSnippets } from './snippets/snippet-files';
import { typeCheck } from './snippets/type-check';

const blocks = [...markdownFiles().flatMap((file) => codeBlocksOf(file, join(REPO_ROOT, file))), ...sourceFiles().flatMap((file) => exampleBlocksOf(file))];
const files = [...new Set(blocks.map((block) => block.file))];
const runnable = blocks.filter((block) => block.run !== undefined);
const where = (block: CodeBlock) => `${block.file}:${block.line}`;

describe(`code in the docs: ${blocks.length} blocks compiled from ${files.length} files, ${runnable.length} run`, () => {
  let problems: string[] = [];
  beforeAll(() => {
    writeSnippets(blocks);
    problems = [...blockOptionProblems(blocks), ...providerImportProblems(blocks), ...typeCheck(blocks)];
  }, 120_000);

  it.each(files.map((file) => [file, blocks.filter((block) => block.file === file).length]))('%s: its %i blocks type-check', (file) => {
    expect(problems.filter((problem) => problem.startsWith(`${file}:`))).toEqual([]);
  });

  it('has no problem outside a block (compiler options, global types)', () => {
    expect(problems.filter((problem) => !files.some((file) => problem.startsWith(`${file}:`)))).toEqual([]);
  });

  it.each(EMULATOR_KINDS.map((kind) => [kind, runnable.filter((block) => block.run === kind).length]))('runs at least one block against the %s emulator (%i)', (_kind, count) => {
    expect(count).toBeGreaterThan(0);
  });

  for (const kind of EMULATOR_KINDS) {
    const ofKind = runnable.filter((block) => block.run === kind);
    if (ofKind.length === 0) continue;
    describe(`against \`osauth emulate ${kind}\``, () => {
      let emulator: CliEmulator | undefined;
      beforeAll(async () => {
        emulator = await startCliEmulator(kind);
      }, 30_000);
      afterAll(() => emulator?.stop());

      it.each(ofKind.map((block) => [where(block), block]))(
        '%s runs and exits 0',
        async (_where, block) => {
          if (!emulator) throw new Error(`the ${kind} emulator did not start`);
          const result = await runBlock(block, emulator);
          if (!result.ok) throw new Error(result.report);
        },
        60_000,
      );
    });
  }
});
