import { readFileSync } from 'node:fs';
import { fencedBlocksIn } from './markdown-blocks';

/**
 * A config file shown in the docs: a ```yaml (or ```json) block whose top level is a
 * cluster (`node:`) or several (`clusters:`). Each one is loaded with `loadConfig()`.
 */
export interface ConfigBlock {
  /** The markdown file, relative to the repository root. */
  readonly file: string;
  /** The 1-based markdown line of the block's first line. */
  readonly line: number;
  /** `yaml` or `json`: the file name's extension it is loaded with. */
  readonly format: 'yaml' | 'json';
  readonly code: string;
  /** `env=NAME=value` options: the environment it is loaded with (nothing else is set). */
  readonly env: Readonly<Record<string, string>>;
  /** With `throws`: the `ConfigError` message the docs show, the next fenced block's text. */
  readonly throws: string | undefined;
  /** Mistakes in the info string, as `file:line: message` on the fence's line. */
  readonly problems: readonly string[];
}

const FORMATS: Readonly<Record<string, ConfigBlock['format']>> = { yaml: 'yaml', yml: 'yaml', json: 'json' };

/** The config blocks of one markdown file. */
export function configBlocksOf(file: string, absolutePath: string): ConfigBlock[] {
  const fenced = fencedBlocksIn(readFileSync(absolutePath, 'utf8').split('\n'));
  return fenced.flatMap((block, index) => {
    const format = FORMATS[block.tag];
    if (format === undefined || !isConfig(block.code, format)) return [];
    const fence = `${file}:${block.line - 1}`;
    const env: Record<string, string> = {};
    const problems: string[] = [];
    let throws: string | undefined;
    for (const option of block.options) {
      const variable = /^env=([A-Z_][A-Z0-9_]*)=(.*)$/.exec(option);
      if (variable) env[variable[1] as string] = variable[2] as string;
      else if (option === 'throws') {
        throws = fenced[index + 1]?.code.trimEnd();
        if (throws === undefined) problems.push(`${fence}: \`throws\` needs the expected message in the next fenced block`);
      } else problems.push(`${fence}: unknown fence option \`${option}\` for a config block (known: throws, env=NAME=value)`);
    }
    return [{ file, line: block.line, format, code: block.code, env, throws, problems }];
  });
}

/** Whether a block is a config file rather than some other YAML or JSON (a policy, front matter). */
function isConfig(code: string, format: ConfigBlock['format']): boolean {
  if (format === 'yaml') return /^(node|clusters):/m.test(code);
  try {
    const value = JSON.parse(code) as unknown;
    return typeof value === 'object' && value !== null && ('node' in value || 'clusters' in value);
  } catch {
    return false;
  }
}
