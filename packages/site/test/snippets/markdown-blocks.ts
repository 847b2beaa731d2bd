import { readFileSync } from 'node:fs';

/** The emulators a runnable block may name in `run=…`: the kinds `osauth emulate` starts. */
export const EMULATOR_KINDS = ['aoss', 'es', 'alibaba'] as const;
export type EmulatorKind = (typeof EMULATOR_KINDS)[number];

/** A fenced code block the harness compiles: ```ts, ```typescript or ```js, with its options. */
export interface CodeBlock {
  /** The markdown file, relative to the repository root (`docs/aws-es.md`). */
  readonly file: string;
  /** The 1-based markdown line of the block's first code line (the line after the fence). */
  readonly line: number;
  readonly language: 'ts' | 'js';
  /** The code, with the fence's own indentation (a block inside a list item) removed. */
  readonly code: string;
  /** `run=aoss|es|alibaba`: also run against that emulator. */
  readonly run: EmulatorKind | undefined;
  /** `file=name.ts`: the module other blocks of the same page import as `./name`. */
  readonly moduleName: string | undefined;
  /** Options in the info string the harness does not know (a typo such as `rn=aoss`). */
  readonly unknownOptions: readonly string[];
}

const LANGUAGES: Readonly<Record<string, CodeBlock['language']>> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js' };
const FENCE = /^( *)(`{3,}|~{3,})(.*)$/;

/** The compiled blocks of one markdown file (see {@link fencedBlocksIn} for what a block is). */
export function codeBlocksOf(file: string, absolutePath: string): CodeBlock[] {
  return codeBlocksIn(file, readFileSync(absolutePath, 'utf8').split('\n'));
}

/** A fenced block of any language: where it is, its info string split, and its code. */
export interface FencedBlock {
  /** The 1-based markdown line of the block's first code line (the line after the fence). */
  readonly line: number;
  /** The info string's first word (`ts`, `yaml`, or `''`). */
  readonly tag: string;
  /** The rest of the info string, split on white space. */
  readonly options: readonly string[];
  /** The code, with the fence's own indentation removed, ending in a newline. */
  readonly code: string;
}

/**
 * Every fenced block of markdown given as lines (line 1 is `lines[0]`), in order. Fences are
 * CommonMark's: a block closes only at a fence of the same character at least as long, so a
 * ```ts shown inside a ````md block is an example, not a block.
 */
export function fencedBlocksIn(lines: readonly string[]): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const body: string[] = [];
    let end = index + 1;
    for (; end < lines.length; end++) {
      const close = /^ *(`{3,}|~{3,}) *$/.exec(lines[end] ?? '');
      if (close?.[1] && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      // Content is indented like its fence; strip at most that much.
      body.push((lines[end] ?? '').replace(new RegExp(`^ {0,${indent.length}}`), ''));
    }
    const [tag = '', ...options] = info.trim().split(/\s+/);
    blocks.push({ line: index + 2, tag: tag.toLowerCase(), options, code: body.join('\n') + '\n' });
    index = end;
  }
  return blocks;
}

/** The compiled blocks of markdown given as lines (line 1 is `lines[0]`), reported as `file`. */
export function codeBlocksIn(file: string, lines: readonly string[]): CodeBlock[] {
  return fencedBlocksIn(lines).flatMap((block) => {
    const language = LANGUAGES[block.tag];
    return language ? [{ file, line: block.line, language, code: block.code, ...parseOptions(block.options) }] : [];
  });
}

function parseOptions(options: readonly string[]): Pick<CodeBlock, 'run' | 'moduleName' | 'unknownOptions'> {
  let run: EmulatorKind | undefined;
  let moduleName: string | undefined;
  const unknownOptions: string[] = [];
  for (const option of options) {
    const [key, value = ''] = option.split('=', 2);
    if (key === 'run' && (EMULATOR_KINDS as readonly string[]).includes(value)) run = value as EmulatorKind;
    else if (key === 'file' && /^[a-z0-9-]+\.(ts|js)$/.test(value)) moduleName = value.replace(/\.(ts|js)$/, '');
    else unknownOptions.push(option);
  }
  return { run, moduleName, unknownOptions };
}
