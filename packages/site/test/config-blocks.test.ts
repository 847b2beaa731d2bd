// Every config file shown in the docs (```yaml or ```json whose top level is `node:` or
// `clusters:`) is loaded with loadConfig(), with the aws and alibaba providers installed and
// only the environment its fence names: it loads, or, marked `throws`, it throws exactly
// the ConfigError the next block shows. Secret files it references (`fromFile`) are
// stood in for by temporary files holding a fake value.
import '@osauth/aws';
import '@osauth/alibaba';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@osauth/factory';
import { type ConfigBlock, configBlocksOf } from './snippets/config-blocks';
import { markdownFiles, REPO_ROOT } from './snippets/markdown-files';

const blocks = markdownFiles().flatMap((file) => configBlocksOf(file, join(REPO_ROOT, file)));

/** The block as a config file, each `fromFile` path pointing at a temporary file with a fake secret. */
function writeConfigFile(block: ConfigBlock): string {
  const dir = mkdtempSync(join(tmpdir(), 'osauth-docs-config-'));
  let secrets = 0;
  const code = block.code.replace(/(["']?fromFile["']?\s*:\s*)(["']?)([^\s"',}]+)\2/g, (_match, key: string, quote: string) => {
    const secret = join(dir, `secret-${(secrets += 1)}`);
    writeFileSync(secret, 'FAKEdocsSECRETvalue\n');
    return `${key}${quote || '"'}${secret}${quote || '"'}`;
  });
  const file = join(dir, `osauth.${block.format}`);
  writeFileSync(file, code);
  return file;
}

function thrownBy(load: () => unknown): unknown {
  try {
    load();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe(`config files in the docs: ${blocks.length} loaded with loadConfig()`, () => {
  it('finds them (a parser that found none would pass everything)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(blocks.some((block) => block.throws !== undefined)).toBe(true);
  });

  it('have fence options it knows', () => {
    expect(blocks.flatMap((block) => block.problems)).toEqual([]);
  });

  it.each(blocks.map((block) => [`${block.file}:${block.line}`, block]))('%s', (_where, block) => {
    const load = () => loadConfig({ file: writeConfigFile(block), env: { ...block.env } });
    if (block.throws === undefined) {
      const error = thrownBy(load);
      if (error instanceof Error) throw new Error(`${block.file}:${block.line}: ${error.message}`);
      expect(Object.keys(load().clusters).length).toBeGreaterThan(0);
      return;
    }
    const error = thrownBy(load);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(block.throws);
  });
});
