import type { ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsStsEmulator, type Emulator, startAwsStsEmulator, startEmulator, startLoopback } from '@osauth/testing';
import { createClient, CredentialsUnavailableError } from '@osauth/factory';

const SOURCE = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const ROLE = 'arn:aws:iam::123456789012:role/search-reader';

describe('AWS credential sources against local STS and container endpoints', () => {
  let emulator: Emulator;
  let sts: AwsStsEmulator;
  beforeEach(async () => {
    emulator = await startEmulator({ service: 'aoss', region: 'us-east-1', credentials: [] });
    sts = await startAwsStsEmulator({ onIssue: (c) => emulator.addCredentials(c) });
  });
  afterEach(async () => {
    await sts.close();
    await emulator.close();
  });

  const assumeRoleClient = (extra: Record<string, unknown> = {}, stsUrl = sts.url) =>
    createClient({
      node: emulator.url,
      auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: { roleArn: ROLE, stsEndpoint: stsUrl, source: SOURCE, ...extra } },
    });

  it('AssumeRole: 1000 concurrent cold requests make exactly one STS call, all verified', async () => {
    const client = assumeRoleClient();
    const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => client.exists({ index: 'books', id: String(i) })));
    await client.close();
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(sts.calls).toHaveLength(1);
    expect(sts.calls[0]).toMatchObject({ action: 'AssumeRole', signed: true, params: expect.objectContaining({ RoleArn: ROLE, DurationSeconds: '3600' }) });
    expect(emulator.requests.every((r) => r.verified && r.accessKeyId?.startsWith('ASIAFAKE'))).toBe(true);
  });

  it('AssumeRole: credentials near expiry are refreshed once, ahead of time', async () => {
    await sts.close();
    // An STS whose clock is 11 minutes behind hands out 15-minute credentials that expire in 4.
    let first = true;
    const clock = () => {
      const now = first ? Date.now() - 11 * 60_000 : Date.now();
      first = false;
      return now;
    };
    sts = await startAwsStsEmulator({ clock, onIssue: (c) => emulator.addCredentials({ ...c, expiresAt: undefined }) });
    const client = assumeRoleClient({ durationSeconds: 900 });
    await client.info();
    await client.info(); // served at once; starts one background refresh
    await new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all([client.info(), client.info()]);
    await client.close();
    expect(sts.calls.map((c) => c.action)).toEqual(['AssumeRole', 'AssumeRole']);
  });

  it('web identity: AssumeRoleWithWebIdentity with the token file, unsigned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osauth-wi-'));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'FAKE.jwt.token');
    const client = createClient({
      node: emulator.url,
      auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: { webIdentityTokenFile: tokenFile, roleArn: ROLE, stsEndpoint: sts.url } },
    });
    await client.info();
    await client.close();
    rmSync(dir, { recursive: true, force: true });
    expect(sts.calls[0]).toMatchObject({ action: 'AssumeRoleWithWebIdentity', params: expect.objectContaining({ WebIdentityToken: 'FAKE.jwt.token' }) });
    expect(emulator.requests[0]?.verified).toBe(true);
  });

  it('STS AccessDenied → CredentialsUnavailableError with the STS code as hint, nothing sent', async () => {
    sts.failNext(403, 'AccessDenied', `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);
    const client = assumeRoleClient();
    const error = await client.info().catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect((error as CredentialsUnavailableError).hint).toBe('AccessDenied');
    expect((error as CredentialsUnavailableError).message).toMatch(/sts:AssumeRole/);
    expect((error as CredentialsUnavailableError).cause).toBeDefined();
    expect(emulator.requests).toHaveLength(0);
  });

  const faults: [string, (res: ServerResponse) => void][] = [
    ['answers 500', (res) => res.writeHead(500, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>')],
    ['answers malformed XML', (res) => res.writeHead(200, { 'content-type': 'text/xml' }).end('<AssumeRoleResponse><AssumeRoleResult><Credentials>')],
    [
      'returns credentials that already expired',
      (res) =>
        res
          .writeHead(200, { 'content-type': 'text/xml' })
          .end(
            '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAFAKEOLD</AccessKeyId><SecretAccessKey>FAKEold</SecretAccessKey><SessionToken>FAKEoldTOKEN</SessionToken><Expiration>2020-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>',
          ),
    ],
  ];

  it.each(faults)('an STS that %s → CredentialsUnavailableError, bounded retries, nothing sent', async (_name, answer) => {
    const broken = await startLoopback((_req, _body, res) => answer(res));
    const client = assumeRoleClient({}, broken.url);
    const error = await client.info().catch((e: unknown) => e);
    await client.close();
    await broken.close();
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect(broken.calls).toBeGreaterThanOrEqual(1);
    expect(broken.calls).toBeLessThanOrEqual(3);
    expect(emulator.requests).toHaveLength(0);
  });

  it('an STS that is down → CredentialsUnavailableError', async () => {
    const gone = await startLoopback(() => {});
    const url = gone.url;
    await gone.close();
    const client = assumeRoleClient({}, url);
    await expect(client.info()).rejects.toBeInstanceOf(CredentialsUnavailableError);
    await client.close();
  });

  it('a hung STS → CredentialsUnavailableError within the credential timeout', async () => {
    sts.delay(30_000);
    const client = createClient({
      node: emulator.url,
      auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentialTimeoutMs: 600, credentials: { roleArn: ROLE, stsEndpoint: sts.url, source: SOURCE } },
    });
    const error = await client.info().catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    // The configured timeout cut it, not a default one (the STS would answer after 30 s).
    expect((error as Error).message).toContain('did not answer within 600 ms');
  });
});

describe('the default chain with a container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  async function run(answer: (res: ServerResponse) => void, timeoutMs = 5_000) {
    const emulator = await startEmulator({ service: 'es', region: 'us-east-1', credentials: [] });
    const container = await startLoopback((_req, _body, res) => answer(res));
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN']) delete process.env[key];
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${container.url}/v2/credentials`;
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/osauth/credentials';
    process.env.AWS_CONFIG_FILE = '/nonexistent/osauth/config';
    emulator.addCredentials({ accessKeyId: 'ASIAFAKECONTAINER001', secretAccessKey: 'FAKEcontainer', sessionToken: 'FAKEcontainerTOKEN' });
    const client = createClient({ node: emulator.url, auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentialTimeoutMs: timeoutMs } });
    const outcome = await client.info().then(
      (r) => r.statusCode,
      (e: unknown) => e,
    );
    await client.close();
    await container.close();
    await emulator.close();
    return { outcome, calls: container.calls, verified: emulator.requests.map((r) => r.verified) };
  }

  it('uses the container credentials', async () => {
    const result = await run((res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ AccessKeyId: 'ASIAFAKECONTAINER001', SecretAccessKey: 'FAKEcontainer', Token: 'FAKEcontainerTOKEN', Expiration: new Date(Date.now() + 3_600_000).toISOString() })),
    );
    expect(result.outcome).toBe(200);
    expect(result.verified).toEqual([true]);
  });

  it.each([
    ['500', (res: ServerResponse) => res.writeHead(500).end('oops')],
    ['malformed JSON', (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"AccessKeyId": ')],
  ])('a container endpoint answering %s → CredentialsUnavailableError', async (_name, answer) => {
    const result = await run(answer);
    expect(result.outcome).toBeInstanceOf(CredentialsUnavailableError);
    expect(result.verified).toEqual([]);
  });

  it('a hung container endpoint → CredentialsUnavailableError within the timeout', async () => {
    const result = await run(() => {}, 700);
    expect(result.outcome).toBeInstanceOf(CredentialsUnavailableError);
    expect((result.outcome as Error).message).toContain('did not answer within 700 ms');
  });
});
