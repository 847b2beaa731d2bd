import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { NO_METADATA, type CliEmulator } from './cli-emulator';
import type { CodeBlock } from './markdown-blocks';
import { REPO_ROOT } from './markdown-files';
import { snippetPath } from './snippet-files';

/** Stops a snippet that hangs (an unclosed server, a retry loop); not a speed assertion. */
const RUN_TIMEOUT_MS = 30_000;

/** Variables of the developer's own shell that would change what a snippet talks to. */
const CLOUD_VARIABLES = /^(AWS_|OSAUTH_|ALIBABA_CLOUD_|DASHSCOPE_)/;

export interface RunResult {
  readonly ok: boolean;
  /** Exit code or signal, and stderr and stdout with snippet positions mapped to markdown lines. */
  readonly report: string;
}

/**
 * Runs a block as its own node process against the built packages: transpiled to CommonJS
 * (with `typescript`'s transpileModule; top-level `await` works because the module body runs
 * inside an async function), with the environment `emulator` printed and nothing else from
 * the cloud. It passes when it exits 0.
 */
export async function runBlock(block: CodeBlock, emulator: CliEmulator): Promise<RunResult> {
  // Named as a CommonJS-mode file: transpileModule would keep an `.mts` file an ES module.
  const source = snippetPath(block).replace(/\.m([jt]s)$/, '.$1');
  const script = source.replace(/\.[jt]s$/, '.run.cjs');
  writeFileSync(script, toCommonJs(block, source));

  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CLOUD_VARIABLES.test(name) && !emulator.unset.includes(name)));
  Object.assign(env, emulator.exports, NO_METADATA);
  const outcome = await new Promise<{ code: number | string; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['--enable-source-maps', script], { cwd: join(REPO_ROOT, 'packages', 'site'), env, timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const code = error ? ((error as { signal?: string }).signal ?? (typeof error.code === 'number' ? error.code : 1)) : 0;
      resolve({ code, stdout, stderr });
    });
  });
  // Quoted, so jest prints the child's stack as text instead of taking it for the test's own.
  const where = (text: string) => toMarkdownPositions(text, block, source).replace(/^/gm, '  | ');
  const timedOut = outcome.code === 'SIGKILL' ? ` (stopped after ${RUN_TIMEOUT_MS / 1000}s)` : '';
  return {
    ok: outcome.code === 0,
    report: `${block.file}:${block.line}: the ${block.run} snippet exited with ${outcome.code}${timedOut}\nstderr:\n${where(outcome.stderr)}\nstdout:\n${where(outcome.stdout)}`,
  };
}

function toCommonJs(block: CodeBlock, fileName: string): string {
  const { outputText } = ts.transpileModule(block.code, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true, inlineSourceMap: true },
  });
  const mapAt = outputText.lastIndexOf('//# sourceMappingURL=');
  // Opened on the first line, so line numbers (and the source map) stay as emitted; named, so
  // its frame in a stack trace reads `at snippet (docs/x.md:LINE:COLUMN)`.
  return `(async function snippet() { ${outputText.slice(0, mapAt)}\n})().catch((error) => { console.error(error); process.exitCode = 1; });\n${outputText.slice(mapAt)}`;
}

/** `…/.snippets/docs/x.md/L8.ts:3:7` in a stack trace (source-mapped) becomes `docs/x.md:10:7`. */
function toMarkdownPositions(text: string, block: CodeBlock, source: string): string {
  const escaped = source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`${escaped}:(\\d+)`, 'g'), (_, line: string) => `${block.file}:${block.line + Number(line) - 1}`);
}
