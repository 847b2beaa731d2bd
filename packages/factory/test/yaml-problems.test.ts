import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, loadConfig } from '@osauth/factory';

// The yaml library's own messages quote the offending source line, and `parse()` prints its
// warnings through process.emitWarning: a secret on that line would reach stderr. loadConfig
// must report every YAML error and warning as a problem (file, line, column, code) and let
// the library print nothing.

const WARN_SECRET = 'FAKEsecretCANARYyamlWARN1';
const ERROR_SECRET = 'FAKEsecretCANARYyamlERROR2';
const SECRETS = [WARN_SECRET, ERROR_SECRET];

const dir = mkdtempSync(join(tmpdir(), 'osauth-yaml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const HEAD = 'node: https://abc123.us-east-1.aoss.amazonaws.com\nauth:\n  provider: basic\n  username: elastic\n';
// Line 5: an unknown tag, a YAML warning (TAG_RESOLVE_FAILED) at column 13.
const WARNING_LINE = `  password: !vault ${WARN_SECRET}\n`;
// Line 8: a nested mapping in a compact one, a YAML error (BLOCK_AS_IMPLICIT_KEY) at column 16.
const ERROR_LINES = `client:\n  headers:\n    x-api-key: ${ERROR_SECRET}: x\n`;

interface Captured {
  readonly error: ConfigError;
  readonly stderr: string;
  readonly warnings: unknown[];
  readonly consoleCalls: unknown[][];
}

/** Runs loadConfig on `path` with stderr, process warnings and console.warn/error captured. */
function load(path: string): Captured {
  const written: string[] = [];
  const warnings: unknown[] = [];
  const consoleCalls: unknown[][] = [];
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => {
    warnings.push(warning);
  });
  const warn = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void consoleCalls.push(args));
  const error = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void consoleCalls.push(args));
  let thrown: unknown;
  try {
    loadConfig({ env: { OSAUTH_CONFIG: path } });
  } catch (e) {
    thrown = e;
  } finally {
    stderr.mockRestore();
    emitWarning.mockRestore();
    warn.mockRestore();
    error.mockRestore();
  }
  if (!(thrown instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${inspect(thrown)}`);
  return { error: thrown, stderr: written.join(''), warnings, consoleCalls };
}

function expectNoSecret(captured: Captured): void {
  const { error } = captured;
  const texts = [error.message, error.stack ?? '', JSON.stringify(error), inspect(error, { depth: 8 }), ...error.problems.map((p) => p.message)];
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

function expectNothingPrinted(captured: Captured): void {
  expect(captured.stderr).toBe('');
  expect(captured.warnings).toEqual([]);
  expect(captured.consoleCalls).toEqual([]);
}

describe('loadConfig: YAML errors and warnings are reported, never printed', () => {
  it('reports a warning and an error in one file, each with file, line, column and code, and no secret', () => {
    const path = file('both.yaml', HEAD + WARNING_LINE + ERROR_LINES);
    const captured = load(path);
    expectNothingPrinted(captured);
    expectNoSecret(captured);
    const messages = captured.error.problems.map((p) => p.message);
    expect(captured.error.problems.map((p) => p.path)).toEqual(['OSAUTH_CONFIG', 'OSAUTH_CONFIG']);
    expect(messages).toEqual(
      expect.arrayContaining([`${path} is not valid YAML or JSON at line 8, column 16 (BLOCK_AS_IMPLICIT_KEY).`, `${path} has a YAML warning at line 5, column 13 (TAG_RESOLVE_FAILED).`]),
    );
  });

  it('a warning alone fails the load (parse() printed it and went on)', () => {
    const path = file('warning.yaml', HEAD + WARNING_LINE);
    const captured = load(path);
    expectNothingPrinted(captured);
    expectNoSecret(captured);
    expect(captured.error.problems).toEqual([{ path: 'OSAUTH_CONFIG', message: `${path} has a YAML warning at line 5, column 13 (TAG_RESOLVE_FAILED).` }]);
  });

  it('an error alone is reported with its position', () => {
    const path = file('error.yaml', HEAD + `  password: x\n` + ERROR_LINES);
    const captured = load(path);
    expectNothingPrinted(captured);
    expectNoSecret(captured);
    expect(captured.error.problems).toEqual([{ path: 'OSAUTH_CONFIG', message: `${path} is not valid YAML or JSON at line 8, column 16 (BLOCK_AS_IMPLICIT_KEY).` }]);
  });

  it('reports every error, not only the first', () => {
    const path = file('errors.yaml', `node: https://abc123.us-east-1.aoss.amazonaws.com\nauth:\n  provider: basic\n  username: ${ERROR_SECRET}: x\n  password: ${WARN_SECRET}: y\n`);
    const captured = load(path);
    expectNothingPrinted(captured);
    expectNoSecret(captured);
    expect(captured.error.problems).toEqual([
      { path: 'OSAUTH_CONFIG', message: `${path} is not valid YAML or JSON at line 4, column 13 (BLOCK_AS_IMPLICIT_KEY).` },
      { path: 'OSAUTH_CONFIG', message: `${path} is not valid YAML or JSON at line 5, column 13 (BLOCK_AS_IMPLICIT_KEY).` },
    ]);
  });

  it('a second document is an error, not silently dropped', () => {
    const path = file('two-docs.yaml', `${HEAD}  password: x\n---\npassword: ${ERROR_SECRET}\n`);
    const captured = load(path);
    expectNothingPrinted(captured);
    expectNoSecret(captured);
    expect(captured.error.problems).toEqual([{ path: 'OSAUTH_CONFIG', message: `${path} is not valid YAML or JSON at line 6, column 1 (MULTIPLE_DOCS).` }]);
  });

  it('a collection as a key is an error, not a key stringified with a printed warning', () => {
    const path = file('collection-key.yaml', `${HEAD}  password: x\n? [${ERROR_SECRET}]\n: x\n`);
    const captured = load(path);
    expectNothingPrinted(captured);
    expectNoSecret(captured);
    expect(captured.error.problems).toEqual([{ path: 'OSAUTH_CONFIG', message: `${path} is not valid YAML or JSON at line 6, column 3 (NON_STRING_KEY).` }]);
  });

  it('a valid YAML file still loads, printing nothing', () => {
    const path = file('ok.yaml', `${HEAD}  password: FAKEelasticPassword1\n`);
    const warnings: unknown[] = [];
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => void warnings.push(warning));
    try {
      const loaded = loadConfig({ env: { OSAUTH_CONFIG: path } });
      expect(loaded.clusters.default?.auth).toEqual({ provider: 'basic', username: 'elastic', password: 'FAKEelasticPassword1' });
    } finally {
      emitWarning.mockRestore();
    }
    expect(warnings).toEqual([]);
  });
});
