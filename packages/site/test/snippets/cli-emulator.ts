import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorKind } from './markdown-blocks';
import { REPO_ROOT } from './markdown-files';

/** The built CLI, as `npx osauth` runs it. */
const CLI = join(REPO_ROOT, 'packages', 'cli', 'dist', 'cli.js');

/** No credential chain may ever ask a cloud metadata address (169.254.169.254, 100.100.100.200). */
export const NO_METADATA = { AWS_EC2_METADATA_DISABLED: 'true', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' } as const;

/** A running `osauth emulate <kind>` and the environment it told us to export. */
export interface CliEmulator {
  readonly kind: EmulatorKind;
  /** The variables its `export` lines set; its `unset` lines name `unset`. */
  readonly exports: Readonly<Record<string, string>>;
  readonly unset: readonly string[];
  stop(): Promise<void>;
}

/**
 * Starts the emulator the way docs/testing.md tells users to, `osauth emulate <kind>` (on a
 * free port), and reads the `export` lines it prints: the snippets then run with exactly the
 * environment a reader pastes.
 */
export async function startCliEmulator(kind: EmulatorKind): Promise<CliEmulator> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`turbo run build\` first.`);
  const child = spawn(process.execPath, [CLI, 'emulate', kind, '--port', '0'], { env: { ...process.env, ...NO_METADATA }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  try {
    // The last line it prints is the `# then: osauth curl …` hint.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => stdout.includes('# then:') && resolve());
      child.once('exit', (code) => reject(new Error(`osauth emulate ${kind} exited (${code}) before it was ready:\n${stderr}`)));
    });
  } catch (error) {
    child.kill();
    throw error;
  }
  return { kind, ...parseShellLines(stdout), stop: () => stop(child) };
}

function parseShellLines(stdout: string): { exports: Record<string, string>; unset: string[] } {
  const exports: Record<string, string> = {};
  const unset: string[] = [];
  for (const line of stdout.split('\n')) {
    const exported = /^export ([A-Z0-9_]+)=(.*)$/.exec(line);
    if (exported?.[1] !== undefined && exported[2] !== undefined) exports[exported[1]] = exported[2];
    const removed = /^unset (.+)$/.exec(line);
    if (removed?.[1]) unset.push(...removed[1].trim().split(/\s+/));
  }
  return { exports, unset };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
