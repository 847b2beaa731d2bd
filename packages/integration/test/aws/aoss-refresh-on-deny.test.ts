import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { AuthorizationError, createClient, type OsAuthError, type OsAuthEvent } from '@osauth/factory';
import { type AwsStsEmulator, type Emulator, type EmulatorCredential, startAwsStsEmulator, startEmulator } from '@osauth/testing';

// aoss answers an expired or revoked session with the same `403 X01:gw-helper-deny` as a
// policy denial: temporary, refreshable credentials are refreshed once and the request
// resent once; everything else is final. Real sockets, the emulators of @osauth/testing.

const ROLE = 'arn:aws:iam::123456789012:role/search';
const SOURCE = { accessKeyId: 'AKIDEXAMPLESOURCE001', secretAccessKey: 'FAKEsourceSECRETwJalrXUtnFEMIK7MDENG' };
const LONG_TERM = { accessKeyId: 'AKIDEXAMPLELONGTERM1', secretAccessKey: 'FAKElongTERMsecretwJalrXUtnFEMIK7MDENG' };
const FIXED_TEMPORARY = { accessKeyId: 'ASIAFAKEFIXEDSESSION', secretAccessKey: 'FAKEfixedSECRETwJalrXUtnFEMIK7MDENG', sessionToken: 'FAKEfixedSESSIONtokenIQoJb3JpZ2luX2Vj' };

const masked = (id: string) => `${id.slice(0, 4)}…${id.slice(-4)}`;
const retries = (events: OsAuthEvent[]) => events.filter((e) => e.type === 'retry-after-refresh');

describe('aoss: refresh once on an ambiguous gw-helper-deny', () => {
  let emulator: Emulator;
  let sts: AwsStsEmulator;
  let issued: EmulatorCredential[];
  let events: OsAuthEvent[];
  const clients: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    issued = [];
    events = [];
    emulator = await startEmulator({ service: 'aoss', region: 'us-east-1', credentials: [LONG_TERM, FIXED_TEMPORARY] });
    sts = await startAwsStsEmulator({ onIssue: (c) => (issued.push(c), emulator.addCredentials(c)) });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all([sts.close(), emulator.close()]);
  });

  function clientWith(credentials: unknown) {
    const client = createClient({
      node: emulator.url,
      auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: credentials as never },
      client: { maxRetries: 0 },
      onEvent: (e) => events.push(e),
    });
    clients.push(client);
    return client;
  }
  const assumeRole = () => clientWith({ roleArn: ROLE, stsEndpoint: sts.url, source: SOURCE });

  /** Everything an error shows: none of it may hold a secret of any credential in play. */
  function expectNoSecret(error: unknown): void {
    const typed = error as OsAuthError;
    const text = [typed.message, typed.remediation, typed.stack ?? '', JSON.stringify(typed), inspect(typed, { depth: 10 }), String(typed)].join('\n');
    for (const secret of [SOURCE.secretAccessKey, LONG_TERM.secretAccessKey, FIXED_TEMPORARY.secretAccessKey, FIXED_TEMPORARY.sessionToken]) expect(text).not.toContain(secret);
    for (const credential of issued) {
      expect(text).not.toContain(credential.secretAccessKey);
      expect(text).not.toContain(credential.sessionToken as string);
      // Key ids are shown masked only.
      expect(text).not.toContain(credential.accessKeyId);
    }
  }

  it('a revoked session: refreshes once through STS, resends once, and succeeds', async () => {
    const client = assumeRole();
    await client.index({ index: 'books', id: 'dune', body: { title: 'Dune' }, refresh: true });
    expect(sts.calls).toHaveLength(1);
    const [first] = issued as [EmulatorCredential];
    emulator.revokeCredentials(first.accessKeyId);
    const sentBefore = emulator.requests.length;

    const { statusCode } = await client.index({ index: 'books', id: 'hyperion', body: { title: 'Hyperion' } });

    expect(statusCode).toBe(201);
    expect(sts.calls.map((c) => c.action)).toEqual(['AssumeRole', 'AssumeRole']);
    const second = issued[1] as EmulatorCredential;
    const resent = emulator.requests.slice(sentBefore);
    expect(resent.map((r) => [r.accessKeyId, r.outcome, r.status])).toEqual([
      [first.accessKeyId, 'unknown-key', 403],
      [second.accessKeyId, 'ok', 201],
    ]);
    expect(resent.map((r) => r.body.toString())).toEqual(['{"title":"Hyperion"}', '{"title":"Hyperion"}']);
    expect(retries(events)).toEqual([{ type: 'retry-after-refresh', provider: 'aws', code: 'ACCESS_DENIED' }]);
    expect((await client.get({ index: 'books', id: 'hyperion' })).body._source).toEqual({ title: 'Hyperion' });
    expect(JSON.stringify(events)).not.toMatch(/FAKE/);

    // As docs/testing.md tells it: session 2 worked, so a policy deny now earns one more
    // refresh (session 3) before expiry is ruled out.
    emulator.denyAccess();
    const denied = await client.info().catch((e: unknown) => e);
    expect((denied as OsAuthError).docsUrl).toMatch(/#aws-aoss-gw-helper-deny-after-refresh$/);
    expect(sts.calls).toHaveLength(3);
    expect(retries(events)).toHaveLength(2);
  });

  it('fresh credentials denied too: one retry, then an AuthorizationError that rules expiry out and states the facts', async () => {
    const client = assumeRole();
    emulator.denyAccess();

    const error = await client.index({ index: 'books', id: 'dune', body: { title: 'Dune' } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AuthorizationError);
    const typed = error as OsAuthError;
    expect([typed.code, typed.statusCode, typed.hint]).toEqual(['ACCESS_DENIED', 403, 'X01:gw-helper-deny']);
    // One refresh, one resend, signed with the new session.
    expect(sts.calls).toHaveLength(2);
    const [first, second] = issued as [EmulatorCredential, EmulatorCredential];
    expect(emulator.requests.map((r) => [r.accessKeyId, r.outcome])).toEqual([
      [first.accessKeyId, 'data-access-denied'],
      [second.accessKeyId, 'data-access-denied'],
    ]);
    expect(retries(events)).toHaveLength(1);

    expect(typed.message).toMatch(/refused fresh credentials too .*expiry is ruled out/);
    expect(typed.docsUrl).toMatch(/#aws-aoss-gw-helper-deny-after-refresh$/);
    const steps = typed.remediation.split('\n');
    expect(steps[0]).toMatch(/^1\. Data access policy: .*IAM role ARN/);
    expect(steps[1]).toMatch(/^2\. IAM: .*aoss:APIAccessAll/);
    expect(steps.at(-1)).toMatch(/Expiry is ruled out: osauth refreshed the temporary credentials from the assume-role source once after a deny/);
    expect(typed.remediation).toContain('signed this one for service "aoss" in us-east-1');
    expect(typed.remediation).toContain(`access key id ${masked(second.accessKeyId)}`);
    expect(typed.remediation).not.toMatch(/Expired, revoked/);
    expectNoSecret(error);

    // Expiry is ruled out for these credentials: the next deny is final at once, no STS call.
    const again = await client.info().catch((e: unknown) => e);
    expect((again as OsAuthError).remediation).toMatch(/Expiry is ruled out/);
    expect(sts.calls).toHaveLength(2);
    expect(emulator.requests).toHaveLength(3);
    expect(retries(events)).toHaveLength(1);

    // Once the policy admits them, the same credentials work.
    emulator.denyAccess(false);
    expect((await client.info()).statusCode).toBe(200);
    expect(sts.calls).toHaveLength(2);
  });

  it.each([
    ['static long-term keys', () => LONG_TERM, /signed with static long-term keys \(access key id AKID…ERM1, no session token\): they do not expire/],
    ['fixed temporary keys', () => FIXED_TEMPORARY, /signed with fixed temporary credentials \(access key id ASIA…SION, .*\), which osauth cannot refresh/],
  ])('%s: no retry, no STS call, and the remediation says what they are', async (_name, credentials, described) => {
    const client = clientWith(credentials());
    emulator.revokeCredentials(credentials().accessKeyId);

    const error = await client.index({ index: 'books', id: 'dune', body: { title: 'Dune' } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AuthorizationError);
    expect((error as OsAuthError).code).toBe('ACCESS_DENIED');
    expect((error as OsAuthError).docsUrl).toMatch(/#aws-aoss-gw-helper-deny$/);
    expect(emulator.requests).toHaveLength(1);
    expect(sts.calls).toHaveLength(0);
    expect(retries(events)).toEqual([]);
    const { remediation } = error as OsAuthError;
    expect(remediation).toMatch(described);
    expect(remediation).toContain('signed this one for service "aoss" in us-east-1');
    expect(remediation).not.toMatch(/ruled out/);
    expectNoSecret(error);
  });

  it('long-term keys from a source that can refresh (a function) are not refreshed: they do not expire', async () => {
    let calls = 0;
    const client = clientWith(() => (calls++, Promise.resolve(LONG_TERM)));
    emulator.revokeCredentials(LONG_TERM.accessKeyId);

    const error = await client.info().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AuthorizationError);
    expect(calls).toBe(1);
    expect(emulator.requests).toHaveLength(1);
    expect(retries(events)).toEqual([]);
    expect((error as OsAuthError).remediation).toMatch(/long-term keys from the function source \(access key id AKID…ERM1, no session token\)/);
  });

  it('a one-shot stream body is not resent, even with refreshable temporary credentials', async () => {
    const client = assumeRole();
    await client.info();
    const [first] = issued as [EmulatorCredential];
    emulator.revokeCredentials(first.accessKeyId);
    const sentBefore = emulator.requests.length;

    const error = await client.transport.request({ method: 'POST', path: '/books/_doc', body: Readable.from([Buffer.from('{"title":"Dune"}')]) }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AuthorizationError);
    expect(emulator.requests.slice(sentBefore).map((r) => r.outcome)).toEqual(['unknown-key']);
    expect(sts.calls).toHaveLength(1);
    expect(retries(events)).toEqual([]);
    const { remediation } = error as OsAuthError;
    expect(remediation).toContain(`signed with temporary credentials (access key id ${masked(first.accessKeyId)}) from the assume-role source`);
    expect(remediation).toMatch(/never a one-shot stream body/);
    expectNoSecret(error);
  });
});
