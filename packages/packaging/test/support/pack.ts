import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root. */
export const WORKSPACE = path.resolve(__dirname, '../../../..');

/** Runs a command in a directory and resolves with its stdout (rejecting when it fails). */
export type RunForStdout = (command: string, args: string[], cwd: string) => Promise<string>;

/**
 * Packs workspace package `name` with `pnpm pack` (which rewrites `workspace:` ranges, as a
 * publish does) into `destination`, and returns the tarball's path: the last `.tgz` line pnpm
 * prints.
 */
export async function packTarball(name: string, destination: string, run: RunForStdout): Promise<string> {
  const stdout = await run('pnpm', ['--filter', name, 'pack', '--pack-destination', destination], WORKSPACE);
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .reverse()
    .find((l) => l.endsWith('.tgz'));
  const tarball = line ? path.resolve(destination, line) : '';
  if (!existsSync(tarball)) throw new Error(`pnpm pack of ${name} named no tarball that exists:\n${stdout}`);
  return tarball;
}
