import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsStsEmulator, type Emulator, type EmulatorCredential, type EmulatorOptions, startAlibabaEmulator, startAlibabaStsEmulator, startAwsStsEmulator, startEmulator } from '@osauth/testing';

// The built binary, run as users run it (build first: pnpm --filter @osauth/cli build).
const CLI = join(__dirname, '..', 'dist', 'cli.js');
const KEY: EmulatorCredential = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SESSION: EmulatorCredential = {
  accessKeyId: 'ASIAFAKESESSION0001',
  secretAccessKey: 'FAKEsessionSecretKey0001abcdefghijklmnop',
  sessionToken: 'FAKEsessionToken0001abcdefghijklmnopqrstuvwxyz',
};
const SECRETS = [KEY.secretAccessKey, SESSION.secretAccessKey, SESSION.sessionToken as string];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let home: string;
const started: { close(): Promise<void> }[] = [];
// Every secret the emulators issue (AssumeRole), checked against every output too.
const issued: string[] = [];

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync('pnpm', ['--filter', '@osauth/cli', 'build'], { cwd: join(__dirname, '..', '..', '..'), stdio: 'ignore' });
  // An empty HOME: no real ~/.aws or ~/.alibabacloud profile is read.
  home = mkdtempSync(join(tmpdir(), 'osauth-doctor-'));
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs `osauth doctor …` asynchronously (the emulators answer from this process). */
function doctor(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'doctor', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      for (const secret of [...SECRETS, ...issued]) {
        expect(stdout).not.toContain(secret);
        expect(stderr).not.toContain(secret);
      }
      resolve({ code, stdout, stderr });
    });
  });
}

async function emulator(options: EmulatorOptions): Promise<Emulator> {
  const e = await startEmulator(options);
  started.push(e);
  return e;
}

async function sts(onIssue?: (c: EmulatorCredential) => void): Promise<AwsStsEmulator> {
  const s = await startAwsStsEmulator({
    onIssue: (c) => {
      issued.push(c.secretAccessKey, c.sessionToken as string);
      onIssue?.(c);
    },
  });
  started.push(s);
  return s;
}

function envKeys(credential: EmulatorCredential, stsUrl: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credential.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credential.secretAccessKey,
    ...(credential.sessionToken ? { AWS_SESSION_TOKEN: credential.sessionToken } : {}),
    AWS_ENDPOINT_URL_STS: stsUrl,
  };
}

interface Report {
  ok: boolean;
  checks: { id: string; status: string; summary: string; details?: string[] }[];
  diagnosis?: { code: string; hint?: string; remediation: string };
}

function parse(run: Run): Report {
  // Exactly one JSON object, nothing else on stdout.
  expect(run.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(run.stdout) as Report;
}

function check(report: Report, id: string): Report['checks'][number] {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check`);
  return found;
}

const IDS = ['config', 'endpoint', 'credentials', 'identity', 'clock', 'request'];

describe('osauth doctor', () => {
  it('a healthy aoss collection through AssumeRole: every check ok, the role ARN named, exit 0, --json shape exact', async () => {
    const aoss = await emulator({ service: 'aoss', region: 'us-east-1', credentials: [KEY] });
    const stsEmulator = await sts((c) => aoss.addCredentials(c));
    const run = await doctor([aoss.url, '--service', 'aoss', '--region', 'us-east-1', '--role-arn', 'arn:aws:iam::123456789012:role/MyRole', '--json'], envKeys(KEY, stsEmulator.url));
    const report = parse(run);
    expect(run.code).toBe(0);
    expect(Object.keys(report)).toEqual(['ok', 'checks']);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual(IDS);
    for (const c of report.checks) {
      expect(c.status).toBe('ok');
      expect(Object.keys(c).filter((k) => !['id', 'status', 'summary', 'details'].includes(k))).toEqual([]);
      expect(typeof c.summary).toBe('string');
    }
    expect(check(report, 'credentials').summary).toMatch(/^ASIA…\w{4} from AssumeRole of arn:aws:iam::123456789012:role\/MyRole \(temporary, expires in (\d+h )?\d+m/);
    expect(check(report, 'identity').summary).toMatch(/^arn:aws:sts::123456789012:assumed-role\/MyRole\/osauth-\d+$/);
    expect(check(report, 'identity').details?.join('\n')).toContain('arn:aws:iam::123456789012:role/MyRole');
    expect(check(report, 'request').summary).toMatch(/^GET \/_cat\/indices\?format=json → 200/);
    expect(stsEmulator.calls.map((c) => c.action)).toEqual(['AssumeRole', 'GetCallerIdentity']);
    // stderr may carry the AWS SDK's Node version notice, never a report line.
    expect(run.stderr).not.toContain('osauth doctor');
  });

  it('a healthy es domain with keys from the environment: text report, the chain step named, exit 0', async () => {
    const es = await emulator({ service: 'es', region: 'eu-west-1', credentials: [KEY] });
    const stsEmulator = await sts();
    const run = await doctor([es.url, '--service', 'es', '--region', 'eu-west-1'], envKeys(KEY, stsEmulator.url));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ok    credentials  AKID…MPLE from the default chain: the environment (AWS_ACCESS_KEY_ID) (long-term key)');
    expect(run.stdout).toContain('ok    identity     arn:aws:iam::123456789012:user/emulator');
    expect(run.stdout).toMatch(/ok {4}request {6}GET \/ → 200/);
    expect(run.stdout).toContain('No check failed.');
    expect(run.stdout).not.toContain('AKIDEXAMPLE');
  });

  it('an expired session: request fails with EXPIRED_CREDENTIALS, exit 3 (credentials)', async () => {
    const es = await emulator({ service: 'es', region: 'us-east-1', credentials: [SESSION] });
    es.expireCredentials(SESSION.accessKeyId);
    const stsEmulator = await sts();
    const report = parse(await doctor([es.url, '--service', 'es', '--region', 'us-east-1', '--json'], envKeys(SESSION, stsEmulator.url)).then((run) => (expect(run.code).toBe(3), run)));
    expect(check(report, 'credentials').summary).toContain('temporary');
    expect(check(report, 'request').status).toBe('fail');
    expect(report.diagnosis?.code).toBe('EXPIRED_CREDENTIALS');
    expect(report.diagnosis?.remediation).toContain('ASIA…0001');
  });

  it('an aoss data access policy that names no one: ACCESS_DENIED naming the role ARN to add, exit 4 (denied)', async () => {
    const aoss = await emulator({ service: 'aoss', region: 'us-east-1', credentials: [KEY] });
    aoss.denyAccess();
    const stsEmulator = await sts((c) => aoss.addCredentials(c));
    const run = await doctor([aoss.url, '--service', 'aoss', '--region', 'us-east-1', '--role-arn', 'arn:aws:iam::123456789012:role/Reader', '--json'], envKeys(KEY, stsEmulator.url));
    expect(run.code).toBe(4);
    const report = parse(run);
    expect(report.ok).toBe(false);
    expect(check(report, 'identity').status).toBe('ok');
    expect(check(report, 'request').status).toBe('fail');
    expect(report.diagnosis?.code).toBe('ACCESS_DENIED');
    expect(report.diagnosis?.remediation).toContain('Add arn:aws:iam::123456789012:role/Reader as a Principal of a data access policy');
  });

  it('a wrong region: es rejects the credential scope (exit 5), aoss denies (exit 4); both diagnoses name the signed scope and its origin', async () => {
    const es = await emulator({ service: 'es', region: 'us-east-1', credentials: [KEY] });
    const stsEmulator = await sts();
    const run = await doctor([es.url, '--service', 'es', '--region', 'eu-central-1', '--json'], envKeys(KEY, stsEmulator.url));
    expect(run.code).toBe(5);
    const report = parse(run);
    expect(check(report, 'endpoint').details).toContain('region eu-central-1: given as --region');
    expect(check(report, 'request').status).toBe('fail');
    expect(report.diagnosis).toMatchObject({ code: 'SIGNATURE_MISMATCH', hint: 'Credential should be scoped to a valid region' });
    expect(report.diagnosis?.remediation).toContain('osauth signed for service es (given as --service) in region eu-central-1 (given as --region)');

    const aoss = await emulator({ service: 'aoss', region: 'us-east-1', credentials: [KEY] });
    const denied = await doctor([aoss.url, '--service', 'aoss', '--region', 'eu-central-1', '--json'], envKeys(KEY, stsEmulator.url));
    expect(denied.code).toBe(4);
    const deniedReport = parse(denied);
    expect(deniedReport.diagnosis?.code).toBe('ACCESS_DENIED');
    expect(deniedReport.diagnosis?.remediation).toContain("signed for service aoss (given as --service) in region eu-central-1 (given as --region): that must be the collection's region");
  });

  it('a clock 10 minutes off: clock fails with the offset, exit 5 (signature/clock)', async () => {
    const es = await emulator({ service: 'es', region: 'us-east-1', credentials: [KEY], clock: () => Date.now() + 10 * 60_000 });
    const stsEmulator = await sts();
    const run = await doctor([es.url, '--service', 'es', '--region', 'us-east-1', '--json'], envKeys(KEY, stsEmulator.url));
    expect(run.code).toBe(5);
    const report = parse(run);
    const clock = check(report, 'clock');
    expect(clock.status).toBe('fail');
    expect(clock.summary).toMatch(/^the local clock is (9m 5\d|10m \d)s? ?\d*s? behind the cluster's$/);
    expect(report.diagnosis?.code).toBe('CLOCK_SKEW');
    expect(report.diagnosis?.remediation).toMatch(/The local clock is (9m 5\ds|10m \ds) behind the cluster’s Date/);
  });

  it('a signature broken by a re-encoding front door: the diagnosis names the query as the changed part, exit 5', async () => {
    const es = await emulator({ service: 'es', region: 'us-east-1', credentials: [KEY], frontDoor: 're-encode-query' });
    const stsEmulator = await sts();
    const run = await doctor([es.url, '--service', 'es', '--region', 'us-east-1', '--path', '/_search?q=title%20dune', '--json'], envKeys(KEY, stsEmulator.url));
    expect(run.code).toBe(5);
    const report = parse(run);
    expect(check(report, 'request').details?.join('\n')).toMatch(/signatureDiff: the query \(q\) differs/);
    expect(report.diagnosis?.code).toBe('SIGNATURE_MISMATCH');
    expect(report.diagnosis?.remediation).toContain('we signed `q=title%20dune`, AWS computed `q=title%2Bdune`');
    expect(report.diagnosis?.remediation).not.toContain('give the right one');
  });

  it('no credentials at all: credentials fail, later checks skip, exit 3', async () => {
    const es = await emulator({ service: 'es', region: 'us-east-1' });
    const run = await doctor([es.url, '--service', 'es', '--region', 'us-east-1', '--json']);
    expect(run.code).toBe(3);
    const report = parse(run);
    expect(report.checks.map((c) => c.status)).toEqual(['ok', 'ok', 'fail', 'skip', 'skip', 'skip']);
    expect(report.diagnosis?.code).toBe('CREDENTIALS_UNAVAILABLE');
    expect(report.diagnosis?.remediation).toContain('--profile NAME');
    expect(es.requests).toHaveLength(0);
  });

  it('Alibaba basic auth with a wrong password: the diagnosis is about the login, not about access rights', async () => {
    const alibaba = await startAlibabaEmulator({ users: [{ username: 'elastic', password: 'FAKEelasticPassword1' }] });
    started.push(alibaba);
    const run = await doctor(['--json'], {
      OSAUTH_NODE: alibaba.url,
      OSAUTH_PROVIDER: 'alibaba',
      OSAUTH_ALIBABA_MODE: 'basic',
      OSAUTH_USERNAME: 'elastic',
      OSAUTH_PASSWORD: 'FAKEwrongPassword2',
    });
    expect(run.stdout).not.toContain('FAKEwrongPassword2');
    const report = parse(run);
    expect(check(report, 'request').status).toBe('fail');
    expect(report.diagnosis?.code).toBe('AUTHENTICATION_FAILED');
    expect(report.diagnosis?.remediation).toContain('did not accept the user name and password');
    expect(report.diagnosis?.remediation).not.toContain('grant it access');
  });

  it('Alibaba bearer without an API key: the config problem is printed as the SDK wrote it', async () => {
    const run = await doctor(['--json'], { OSAUTH_NODE: 'http://127.0.0.1:9', OSAUTH_PROVIDER: 'alibaba', OSAUTH_ALIBABA_MODE: 'bearer' });
    const report = parse(run);
    expect(run.code).toBe(2);
    expect(check(report, 'config').summary).toContain('auth.apiKey: no API key: set auth.apiKey or the environment variable DASHSCOPE_API_KEY.');
  });

  it('an Alibaba AssumeRole: identity shows the assumed RAM role ARN, exit 0', async () => {
    const alibaba = await startAlibabaEmulator({ accessKeys: [] });
    started.push(alibaba);
    const alibabaSts = await startAlibabaStsEmulator({
      onIssue: (key) => {
        issued.push(key.accessKeySecret, key.securityToken as string);
        alibaba.addAccessKey(key);
      },
    });
    started.push(alibabaSts);
    const file = join(home, 'alibaba.json');
    writeFileSync(
      file,
      JSON.stringify({
        node: alibaba.url,
        auth: {
          provider: 'alibaba',
          mode: 'sts',
          roleArn: 'acs:ram::1234567890123456:role/search',
          accessKeyId: 'LTAIFAKEEXAMPLE0001',
          accessKeySecret: { fromEnv: 'TEST_ALIBABA_SECRET' },
          stsEndpoint: alibabaSts.url,
        },
      }),
    );
    const run = await doctor(['--json'], { OSAUTH_CONFIG: file, TEST_ALIBABA_SECRET: 'FAKEaccessKeySecret0001' });
    expect(run.stdout).not.toContain('FAKEaccessKeySecret0001');
    const report = parse(run);
    expect(run.code).toBe(0);
    expect(check(report, 'credentials').summary).toMatch(/^STS\.…\w{4} from AssumeRole of acs:ram::1234567890123456:role\/search \(temporary, expires in/);
    expect(check(report, 'identity')).toMatchObject({ status: 'ok', summary: 'assumed acs:ram::1234567890123456:role/search' });
    expect(report.ok).toBe(true);
  });
});
