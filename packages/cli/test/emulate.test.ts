import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, runCli, startCli } from './helpers';

/** The `export NAME=value` lines `osauth emulate` printed, as an environment. */
function exportsOf(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/^export ([A-Z_]+)=(.*)$/gm)].map((m) => [m[1] as string, m[2] as string]));
}

beforeAll(ensureBuilt);

describe.each(['aoss', 'es', 'alibaba'])('osauth emulate %s', (kind) => {
  it('starts, prints its URL and fake credentials, serves a signed osauth curl, and stops on SIGTERM', async () => {
    const emulator = startCli(['emulate', kind]);
    try {
      const [, url] = await emulator.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*# then: /);
      const env = exportsOf(emulator.output.stdout);
      expect(env.OSAUTH_NODE).toBe(url);
      const put = await runCli(['curl', '-X', 'PUT', `${url}/books`], { env });
      expect(put.stderr).toBe('');
      expect(JSON.parse(put.stdout)).toMatchObject({ acknowledged: true });
      // Without the printed credentials there is nothing to sign with.
      expect((await runCli(['curl', `${url}/books`], { env: { OSAUTH_NODE: env.OSAUTH_NODE as string, OSAUTH_PROVIDER: env.OSAUTH_PROVIDER as string } })).code).not.toBe(0);
    } finally {
      emulator.child.kill('SIGTERM');
    }
    expect(await emulator.exited).toEqual({ code: 0, signal: null });
  });

  it('prints shell on stdout: sourced whole, it sets the credentials and unsets what would override them (AWS_PROFILE, ALIBABA_CLOUD_ROLE_ARN)', async () => {
    const emulator = startCli(['emulate', kind]);
    try {
      await emulator.waitFor(/# then: /);
      const stdout = emulator.output.stdout;
      expect(stdout.split('\n').filter((line) => line !== '' && !/^(export [A-Z_]+=\S+|unset( [A-Z_]+)+|#.*)$/.test(line))).toEqual([]);
      const file = join(mkdtempSync(join(tmpdir(), 'osauth-emulate-')), 'osauth-emulator.env');
      writeFileSync(file, stdout);
      const overriding = { AWS_PROFILE: 'work', AWS_SESSION_TOKEN: 'FAKEstaleTOKEN', ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/FAKE' };
      const sourced = execFileSync('sh', ['-c', `. "$1" && env`, 'sh', file], { env: { PATH: process.env.PATH ?? '', ...overriding }, encoding: 'utf8' });
      expect(sourced).toContain(`OSAUTH_NODE=${exportsOf(stdout).OSAUTH_NODE}\n`);
      const left = Object.keys(overriding).filter((name) => new RegExp(`^${name}=`, 'm').test(sourced));
      expect(left).toEqual(kind === 'alibaba' ? ['AWS_PROFILE', 'AWS_SESSION_TOKEN'] : ['ALIBABA_CLOUD_ROLE_ARN']);
    } finally {
      emulator.child.kill('SIGTERM');
    }
    await emulator.exited;
  });
});

it('osauth emulate alibaba --region is a usage error (the region is for the aws emulators)', async () => {
  const result = await runCli(['emulate', 'alibaba', '--region', 'eu-west-1']);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/--region is for the aws emulators/);
});

it('the local STS of osauth emulate verifies signatures: a wrong secret fails the identity check (SIGNATURE_MISMATCH, exit 5)', async () => {
  const emulator = startCli(['emulate', 'es']);
  try {
    await emulator.waitFor(/# then: /);
    const env = { ...exportsOf(emulator.output.stdout), AWS_SECRET_ACCESS_KEY: 'FAKEwrongSECRETnotTHEemulatorsKEY' };
    const doctor = await runCli(['doctor', '--json'], { env });
    const report = JSON.parse(doctor.stdout) as { checks: { id: string; status: string; summary: string }[]; diagnosis?: { code: string } };
    expect(doctor.code).toBe(5);
    expect(report.checks.find((c) => c.id === 'identity')).toMatchObject({ status: 'fail', summary: 'STS rejects these credentials: SIGNATURE_MISMATCH' });
    expect(report.diagnosis?.code).toBe('SIGNATURE_MISMATCH');
  } finally {
    emulator.child.kill('SIGTERM');
  }
  await emulator.exited;
});

it('osauth doctor against osauth emulate aoss: every check ok, identity asked of the local STS it printed', async () => {
  const emulator = startCli(['emulate', 'aoss']);
  try {
    await emulator.waitFor(/# then: /);
    const env = exportsOf(emulator.output.stdout);
    expect(env.AWS_ENDPOINT_URL_STS).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const doctor = await runCli(['doctor', '--json'], { env });
    const report = JSON.parse(doctor.stdout) as { ok: boolean; checks: { id: string; status: string; details?: unknown }[] };
    expect(doctor.code).toBe(0);
    expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual(['config:ok', 'endpoint:ok', 'credentials:ok', 'identity:ok', 'clock:ok', 'request:ok']);
    expect(JSON.stringify(report.checks.find((c) => c.id === 'identity'))).toContain(env.AWS_ENDPOINT_URL_STS);
  } finally {
    emulator.child.kill('SIGTERM');
  }
  expect(await emulator.exited).toEqual({ code: 0, signal: null });
});

it('osauth emulate with an unknown kind is a usage error (exit 2)', async () => {
  const result = await runCli(['emulate', 'solr']);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/aoss, es or alibaba/);
});
