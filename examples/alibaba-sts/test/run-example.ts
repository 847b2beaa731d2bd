import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs `pnpm start` of this example as a user would (tsx, built packages), against the local
 * emulator: no endpoint and no Alibaba credentials in the environment.
 */
export function runExample(extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ...extraEnv };
  return new Promise((resolve) => {
    execFile(process.execPath, [require.resolve('tsx/cli'), 'src/main.ts'], { cwd: join(__dirname, '..'), env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
