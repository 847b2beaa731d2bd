/**
 * Runs the built `osauth` bin as a child process, as a user would. The environment is
 * minimal and hermetic: an empty HOME (no real ~/.aws profile), the cloud metadata
 * endpoints switched off, and only the variables a test passes.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLI = path.resolve(__dirname, '../dist/cli.js');
export const HOME = mkdtempSync(path.join(os.tmpdir(), 'osauth-cli-home-'));

/** The emulator's default key pair (obviously fake). */
export const AWS_KEYS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

export function ensureBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm --filter @osauth/cli build\` first (\`pnpm test\` builds before jest).`);
}

export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME,
    AWS_EC2_METADATA_DISABLED: 'true',
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(HOME, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(HOME, 'no-aws-credentials'),
    NO_COLOR: '1',
    ...extra,
  };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `osauth args…` to completion (killed after `timeoutMs`). */
export function runCli(args: readonly string[], options: { env?: Record<string, string>; input?: string | Buffer; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(options.env), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A long-running `osauth` (proxy, emulate) and what it printed so far. */
export interface LongRunning {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: { stdout: string; stderr: string };
  /** Resolves with the first match of `pattern` in stdout or stderr. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal) once it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: readonly string[], env: Record<string, string> = {}): LongRunning {
  const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(env), stdio: 'pipe' });
  const output = { stdout: '', stderr: '' };
  const waiters: (() => void)[] = [];
  const notify = (): void => waiters.forEach((w) => w());
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((output.stdout += chunk), notify()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((output.stderr += chunk), notify()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => (resolve({ code, signal }), notify())));
  const waitFor = (pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const match = pattern.exec(`${output.stdout}\n${output.stderr}`);
        if (match) resolve(match);
        else if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`osauth exited before printing ${pattern}:\n${output.stdout}\n${output.stderr}`));
        else return false;
        return true;
      };
      if (check()) return;
      const timer = setTimeout(() => reject(new Error(`no ${pattern} after ${timeoutMs} ms:\n${output.stdout}\n${output.stderr}`)), timeoutMs);
      waiters.push(() => {
        if (check()) clearTimeout(timer);
      });
    });
  return { child, output, waitFor, exited };
}

/** Open file descriptors of a process (Linux). */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** `config` written as a JSON config file in a fresh temporary folder, for `OSAUTH_CONFIG`. */
export function configFile(config: unknown): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'osauth-cli-config-')), 'osauth.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}
