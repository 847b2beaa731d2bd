import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** A request as a server received it, with what botocore needs to sign it again. */
export interface BotocoreInput {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Record<string, string>;
  readonly bodyBase64: string;
  readonly signedHeaders: readonly string[];
  readonly amzDate: string;
  readonly region: string;
  readonly service: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface BotocoreOutput {
  readonly canonicalRequest: string;
  readonly signature: string;
}

const SCRIPT = join(__dirname, '..', '..', '..', 'aws', 'scripts', 'botocore-sign.py');
const PYTHON = '/usr/bin/python3';

/** Whether Debian's python3-botocore is installed here. */
export function botocoreAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import botocore.auth'], { stdio: 'ignore' }).status === 0;
}

/** botocore's signatures for `inputs`, in order. */
export function botocoreSign(inputs: readonly BotocoreInput[]): BotocoreOutput[] {
  const run = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(inputs), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`botocore-sign.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as BotocoreOutput[];
}
