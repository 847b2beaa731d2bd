/**
 * The credential flags end to end (`--role-arn` through a local STS, `--profile` from a
 * profile file) and the doctor's config and network failures, run on the built binary.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type AwsStsEmulator, type Emulator, type EmulatorCredential, startAwsStsEmulator, startEmulator } from '@osauth/testing';
import { AWS_KEYS, ensureBuilt, HOME, type RunResult, runCli } from './helpers';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/MyRole';
const KEY: EmulatorCredential = { accessKeyId: AWS_KEYS.AWS_ACCESS_KEY_ID, secretAccessKey: AWS_KEYS.AWS_SECRET_ACCESS_KEY };
// Every secret issued by the STS emulator (AssumeRole) is checked against every output too.
const secrets: string[] = [KEY.secretAccessKey];

interface Report {
  ok: boolean;
  checks: { id: string; status: string; summary: string; details?: string[] }[];
  diagnosis?: { code: string; hint?: string; remediation: string };
}

async function run(args: readonly string[], env: Record<string, string> = {}): Promise<RunResult> {
  const result = await runCli(args, { env });
  for (const secret of secrets) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
  return result;
}

function parse(result: RunResult): Report {
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(result.stdout) as Report;
}

function check(report: Report, id: string): Report['checks'][number] {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check in ${JSON.stringify(report)}`);
  return found;
}

let es: Emulator;
let sts: AwsStsEmulator;

beforeAll(async () => {
  ensureBuilt();
  es = await startEmulator({ service: 'es', region: 'us-east-1', credentials: [KEY] });
  sts = await startAwsStsEmulator({
    onIssue: (c) => {
      secrets.push(c.secretAccessKey, c.sessionToken as string);
      es.addCredentials(c);
    },
  });
});

afterAll(async () => {
  await Promise.all([es.close(), sts.close()]);
});

const FLAGS = ['--service', 'es', '--region', 'us-east-1'];

describe('--role-arn: AssumeRole through the STS emulator (AWS_ENDPOINT_URL_STS)', () => {
  it('osauth curl signs with the issued session and the emulator verifies it', async () => {
    const before = sts.calls.length;
    const seen = es.requests.length;
    const result = await run(['curl', `${es.url}/`, ...FLAGS, '--role-arn', ROLE_ARN], { ...AWS_KEYS, AWS_ENDPOINT_URL_STS: sts.url });
    expect(result).toMatchObject({ code: 0 });
    expect(sts.calls.slice(before).map((c) => c.action)).toEqual(['AssumeRole']);
    const requests = es.requests.slice(seen);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'GET', verified: true });
    // Signed with the session AssumeRole issued, not the source key.
    expect(requests[0]?.headers['x-amz-security-token']).toEqual(expect.any(String));
    expect(requests[0]?.headers.authorization).not.toContain(KEY.accessKeyId);
  });

  it('osauth doctor --json names the assumed-role ARN and the role ARN', async () => {
    const result = await run(['doctor', es.url, ...FLAGS, '--role-arn', ROLE_ARN, '--json'], { ...AWS_KEYS, AWS_ENDPOINT_URL_STS: sts.url });
    const report = parse(result);
    expect(result.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(check(report, 'credentials').summary).toMatch(/^ASIA…\w{4} from AssumeRole of arn:aws:iam::123456789012:role\/MyRole \(temporary/);
    expect(check(report, 'identity').summary).toMatch(/^arn:aws:sts::123456789012:assumed-role\/MyRole\/osauth-\d+$/);
    expect(check(report, 'identity').details?.join('\n')).toContain(ROLE_ARN);
    expect(check(report, 'request')).toMatchObject({ status: 'ok' });
  });
});

describe('--profile NAME from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE', () => {
  const configFile = path.join(HOME, 'flags-aws-config');
  const credentialsFile = path.join(HOME, 'flags-aws-credentials');
  const env = (): Record<string, string> => ({ AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_ENDPOINT_URL_STS: sts.url });

  beforeAll(() => {
    writeFileSync(configFile, '[profile search-dev]\nregion = us-east-1\n');
    writeFileSync(credentialsFile, `[search-dev]\naws_access_key_id = ${KEY.accessKeyId}\naws_secret_access_key = ${KEY.secretAccessKey}\n`);
  });

  it('osauth curl --profile signs with the profile keys; the emulator verifies', async () => {
    const seen = es.requests.length;
    const result = await run(['curl', `${es.url}/`, ...FLAGS, '--profile', 'search-dev'], env());
    expect(result.code).toBe(0);
    const requests = es.requests.slice(seen);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'GET', verified: true });
    expect(requests[0]?.headers.authorization).toContain(`Credential=${KEY.accessKeyId}/`);
  });

  it("osauth doctor's credentials check names the profile", async () => {
    const result = await run(['doctor', es.url, ...FLAGS, '--profile', 'search-dev', '--json'], env());
    const report = parse(result);
    expect(result.code).toBe(0);
    expect(check(report, 'credentials')).toMatchObject({ status: 'ok' });
    expect(check(report, 'credentials').summary).toBe('AKID…MPLE from profile "search-dev" (long-term key)');
    expect(check(report, 'request')).toMatchObject({ status: 'ok' });
  });

  it('an unknown profile is a credentials failure (exit 3), naming it', async () => {
    const result = await run(['curl', `${es.url}/`, ...FLAGS, '--profile', 'no-such-profile'], env());
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: CREDENTIALS_UNAVAILABLE: /m);
    expect(result.stderr).toContain('no-such-profile');
  });
});

describe('osauth doctor failures', () => {
  it('--provider awss: INVALID_CONFIG with a did-you-mean, exit 2', async () => {
    const result = await run(['doctor', es.url, '--provider', 'awss', '--json'], AWS_KEYS);
    expect(result.code).toBe(2);
    const report = parse(result);
    expect(report.ok).toBe(false);
    expect(report.diagnosis?.code).toBe('INVALID_CONFIG');
    expect(check(report, 'config').status).toBe('fail');
    expect(`${check(report, 'config').summary}\n${report.diagnosis?.remediation ?? ''}`).toMatch(/did you mean "aws"\?/);
    expect(report.checks.filter((c) => c.id !== 'config').every((c) => c.status === 'skip')).toBe(true);

    const text = await run(['doctor', es.url, '--provider', 'awss'], AWS_KEYS);
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/did you mean "aws"\?/);
  });

  it('a config with several problems: the config check lists every one (text and --json), exit 2', async () => {
    const file = path.join(HOME, 'two-problems.yaml');
    writeFileSync(file, 'clusters:\n  logs:\n    node: notaurl\n    auth:\n      provider: aws\n      regoin: us-east-1\n');
    const result = await run(['doctor', '--cluster', 'logs', '--json'], { OSAUTH_CONFIG: file });
    expect(result.code).toBe(2);
    const config = check(parse(result), 'config');
    expect(config.status).toBe('fail');
    expect(config.summary).toMatch(/^the config does not resolve: \d+ problems in the configuration$/);
    expect(config.details).toEqual(
      expect.arrayContaining([expect.stringMatching(/^clusters\.logs\.node: /), expect.stringMatching(/^clusters\.logs\.auth: unknown key\(s\): regoin \(did you mean region\?\)/)]),
    );
    const text = await run(['doctor', '--cluster', 'logs'], { OSAUTH_CONFIG: file });
    expect(text.stdout).toMatch(/clusters\.logs\.node: /);
    expect(text.stdout).toMatch(/regoin \(did you mean region\?\)/);
  });

  it('no service or region to sign for: config ok, the endpoint check fails naming both, exit 2', async () => {
    const result = await run(['doctor', es.url, '--provider', 'aws', '--json'], AWS_KEYS);
    expect(result.code).toBe(2);
    const report = parse(result);
    expect(check(report, 'config').status).toBe('ok');
    const endpoint = check(report, 'endpoint');
    expect(endpoint.status).toBe('fail');
    expect([endpoint.summary, ...(endpoint.details ?? [])].join('\n')).toMatch(/auth\.service: required/);
    expect([endpoint.summary, ...(endpoint.details ?? [])].join('\n')).toMatch(/auth\.region: required/);
    expect(report.diagnosis?.code).toBe('INVALID_CONFIG');
  });

  it('a closed port on 127.0.0.1: the request check fails with a connection error, exit 6', async () => {
    const closed = await startEmulator();
    const url = closed.url;
    await closed.close();
    const result = await run(['doctor', url, ...FLAGS, '--json'], { ...AWS_KEYS, AWS_ENDPOINT_URL_STS: sts.url });
    expect(result.code).toBe(6);
    const report = parse(result);
    expect(report.ok).toBe(false);
    const request = check(report, 'request');
    expect(request.status).toBe('fail');
    expect(`${request.summary}\n${request.details?.join('\n') ?? ''}`).toMatch(/ConnectionError|ECONNREFUSED/);
    expect(report.diagnosis?.code).toBe('ConnectionError');
    expect(report.diagnosis?.remediation).toContain(url.replace(/\/$/, ''));
  });
});
