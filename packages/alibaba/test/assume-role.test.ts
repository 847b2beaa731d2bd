import { createServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import StsClient from '@alicloud/sts-sdk';
import { AlibabaProvider } from '@osauth/alibaba';
import { type AuthRequest, CredentialsUnavailableError, type OsAuthError } from '@osauth/core';
import { type AlibabaStsEmulator, startAlibabaStsEmulator } from '@osauth/testing';

const LONG_TERM = { accessKeyId: 'LTAIFAKEEXAMPLE0001', accessKeySecret: 'FAKEaccessKeySecret0001' };
const ROLE = 'acs:ram::1234567890123456:role/search-reader';
const POLICY_WITH_STAR = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['opensearch:*'], Resource: ['acs:opensearch:*:*:apps/*'] }] });
const context = { nodes: [new URL('http://127.0.0.1:9200')], configPath: 'auth' };
const GET: AuthRequest = { method: 'GET', protocol: 'http:', hostname: '127.0.0.1', path: '/books/_doc/1', query: '', headers: {} };

function assumeRole(stsEndpoint: string, extra: Record<string, unknown> = {}, clock?: { now(): number }): AlibabaProvider {
  return new AlibabaProvider({ provider: 'alibaba', mode: 'sts', roleArn: ROLE, stsEndpoint, ...LONG_TERM, ...extra }, clock ? { ...context, clock } : context, {});
}

/** Everything a user could print or log of an error, its causes included. */
function everythingPrintable(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as (Error & { cause?: unknown }) | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth += 1) {
    parts.push(String(e.message), String(e.stack), JSON.stringify(e), inspect(e, { depth: 10, showHidden: true }), String(e));
  }
  return parts.join('\n');
}

function expectNoSecrets(error: unknown, extraSecrets: readonly string[] = []): void {
  const text = everythingPrintable(error);
  for (const secret of [LONG_TERM.accessKeySecret, ...extraSecrets]) expect(text).not.toContain(secret);
  // pop-core puts the signed request (Signature, nonce, AccessKeyId) in its errors: none of it may pass.
  expect(text).not.toMatch(/Signature=|SignatureNonce|AccessKeyId=/);
}

/** A loopback server that answers every request with `handler`, counting connections. */
async function rawServer(handler: (res: ServerResponse, req: IncomingMessage) => void): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits += 1;
    req.resume();
    req.on('end', () => handler(res, req));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('AssumeRole against a local STS that verifies POP RPC signatures independently', () => {
  let sts: AlibabaStsEmulator;
  beforeEach(async () => {
    sts = await startAlibabaStsEmulator({ accessKeys: [LONG_TERM] });
  });
  afterEach(() => sts.close());

  it('an inline policy containing * is signed as Alibaba documents and the credentials sign requests', async () => {
    const provider = assumeRole(sts.url, { policy: POLICY_WITH_STAR, roleSessionName: 'osauth-test', durationSeconds: 1800 });
    await provider.prepare();
    const { headers } = await provider.authorize(GET);
    await provider.close();
    expect(sts.calls).toHaveLength(1);
    expect(sts.calls[0]?.verified).toBe(true);
    expect(sts.calls[0]?.params).toMatchObject({ Action: 'AssumeRole', RoleArn: ROLE, RoleSessionName: 'osauth-test', DurationSeconds: '1800', Policy: POLICY_WITH_STAR });
    expect(headers.authorization).toMatch(/^OPENSEARCH STS\.FAKE[0-9A-F]+:[A-Za-z0-9+/]+=*$/);
    expect(headers['x-opensearch-security-token']).toMatch(/^FAKEsts/);
  });

  // Why @alicloud/sts-sdk does not call STS: the same verifier rejects its signature as soon
  // as the policy holds a `*` (its encoding leaves !'()* raw), and accepts it otherwise.
  it.each([
    ['without *', 'accepted', JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['opensearch:SearchApp'], Resource: ['acs:opensearch:cn-hangzhou:1:apps/books'] }] }), 200],
    ['with *', 'rejected', POLICY_WITH_STAR, 400],
  ])('@alicloud/sts-sdk signing a policy %s: %s by the verifier', async (_name, _verdict, policy, expectedStatus) => {
    const client = new StsClient({ endpoint: 'sts.aliyuncs.com', ...LONG_TERM });
    const signed = await client.client.__getQuery({ Action: 'AssumeRole', RoleArn: ROLE, RoleSessionName: 'sts-sdk', Policy: policy }, { method: 'POST', headers: {} });
    const form = Object.entries(signed)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const { status, body } = await postForm(sts.url, form);
    expect(status).toBe(expectedStatus);
    if (expectedStatus !== 200) expect(JSON.parse(body)).toMatchObject({ Code: 'SignatureDoesNotMatch' });
    expect(sts.calls[0]?.verified).toBe(expectedStatus === 200);
  });

  it('stsEndpoint is taken as written: upper-case scheme and a trailing slash work', async () => {
    const provider = assumeRole(`${sts.url.replace('http:', 'HTTP:')}/`);
    await provider.prepare();
    await provider.close();
    expect(sts.calls).toHaveLength(1);
    expect(sts.calls[0]?.verified).toBe(true);
  });

  it('200 concurrent requests on a cold provider make exactly 1 STS call', async () => {
    const provider = assumeRole(sts.url);
    const results = await Promise.all(Array.from({ length: 200 }, () => provider.authorize(GET)));
    await provider.close();
    expect(sts.calls).toHaveLength(1);
    expect(new Set(results.map((r) => r.headers['x-opensearch-security-token'])).size).toBe(1);
  });

  it('credentials inside the 5-minute window are refreshed once, in the background, while still served', async () => {
    let now = Date.now();
    const provider = assumeRole(sts.url, {}, { now: () => now });
    const first = (await provider.authorize(GET)).headers['x-opensearch-security-token'];
    now += 50 * 60_000; // 10 minutes left: not yet
    await Promise.all(Array.from({ length: 20 }, () => provider.authorize(GET)));
    expect(sts.calls).toHaveLength(1);
    now += 6 * 60_000; // 4 minutes left: refresh ahead, once, answering with the old ones meanwhile
    const during = await Promise.all(Array.from({ length: 50 }, () => provider.authorize(GET)));
    expect(during.every((r) => r.headers['x-opensearch-security-token'] === first)).toBe(true);
    await waitFor(() => sts.calls.length === 2);
    const after = (await provider.authorize(GET)).headers['x-opensearch-security-token'];
    await provider.close();
    expect(sts.calls).toHaveLength(2);
    expect(after).not.toBe(first);
  });

  it.each([
    [503, 'ServiceUnavailable'],
    [500, 'InternalError'],
    [400, 'Throttling.User'],
  ])('a transient STS failure (%s %s) is retried once, freshly signed', async (status, code) => {
    sts.failNext(status, code, 'try again');
    const provider = assumeRole(sts.url);
    await provider.prepare();
    await provider.close();
    expect(sts.calls).toHaveLength(2);
    expect(sts.calls.every((c) => c.verified)).toBe(true);
    expect(sts.calls[0]?.params.SignatureNonce).not.toBe(sts.calls[1]?.params.SignatureNonce);
  });

  it('a second transient failure is final: CredentialsUnavailableError after 2 calls', async () => {
    sts.failNext(503, 'ServiceUnavailable', 'try again');
    sts.failNext(503, 'ServiceUnavailable', 'still down');
    const provider = assumeRole(sts.url);
    const error = await Promise.resolve(provider.prepare()).catch((e: unknown) => e);
    await provider.close();
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect((error as OsAuthError).hint).toBe('ServiceUnavailable');
    expect((error as OsAuthError).docsUrl).toMatch(/#alibaba-sts-assume-role-failed$/);
    expect(sts.calls).toHaveLength(2);
  });

  it.each([
    [403, 'NoPermission', 'You are not authorized to do this action. You should be authorized by RAM.'],
    [404, 'EntityNotExist.Role', 'The role not exists.'],
    [400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.'],
  ])('%s %s is final at once, typed, with the STS code as hint and request id, and no secret', async (status, code, message) => {
    sts.failNext(status, code, message);
    const provider = assumeRole(sts.url);
    const error = await Promise.resolve(provider.prepare()).catch((e: unknown) => e);
    await provider.close();
    expect(sts.calls).toHaveLength(1);
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect((error as OsAuthError).provider).toBe('alibaba');
    expect((error as OsAuthError).hint).toBe(code);
    expect((error as OsAuthError).requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect((error as OsAuthError).message).toContain(message);
    expect((error as OsAuthError).remediation).toContain(code.split('.')[0]);
    expect((error as OsAuthError).docsUrl).toMatch(/#alibaba-sts-assume-role-failed$/);
    expectNoSecrets(error);
  });
});

describe('errors raised inside @alicloud/pop-core reach the user typed and redacted', () => {
  it('an HTML page instead of STS JSON (a proxy, a wrong stsEndpoint)', async () => {
    const server = await rawServer((res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>'));
    const provider = assumeRole(server.url);
    const error = await Promise.resolve(provider.prepare()).catch((e: unknown) => e);
    await provider.close();
    await server.close();
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect((error as OsAuthError).hint).toBeUndefined();
    expect((error as OsAuthError).message).toMatch(/not STS JSON/);
    expectNoSecrets(error);
  });

  it('a connection dropped by STS is retried once, then fails typed', async () => {
    const server = await rawServer((res) => res.socket?.destroy());
    const provider = assumeRole(server.url);
    const error = await Promise.resolve(provider.prepare()).catch((e: unknown) => e);
    await provider.close();
    await server.close();
    expect(server.hits()).toBe(2);
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect((error as OsAuthError).hint).toBe('ECONNRESET');
    expectNoSecrets(error);
  });

  it('nothing listening at stsEndpoint', async () => {
    const server = await rawServer(() => undefined);
    const url = server.url;
    await server.close();
    const provider = assumeRole(url);
    const error = await Promise.resolve(provider.prepare()).catch((e: unknown) => e);
    await provider.close();
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect((error as OsAuthError).hint).toBe('ECONNREFUSED');
    expectNoSecrets(error);
  });

  it('an STS that never answers: a timeout within timeoutMs, not retried', async () => {
    const server = await rawServer(() => undefined);
    const provider = assumeRole(server.url, { timeoutMs: 300 });
    const error = await Promise.resolve(provider.prepare()).catch((e: unknown) => e);
    await provider.close();
    await server.close();
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    // The configured timeout cut it (the server never answers).
    expect((error as Error).message).toContain('ReadTimeout(300)');
    expect(server.hits()).toBe(1);
    expectNoSecrets(error);
  });

  it('a key the default chain found from the environment, with its security token, is redacted too', async () => {
    const token = 'FAKEcallerSECURITYtokenFROMenv0001';
    const secret = 'FAKEcallerSECRETfromENV0001';
    const saved = { ...process.env };
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'STS.FAKECALLER0001';
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = secret;
    process.env.ALIBABA_CLOUD_SECURITY_TOKEN = token;
    const sts = await startAlibabaStsEmulator({ accessKeys: [LONG_TERM] });
    try {
      sts.failNext(403, 'NoPermission', `denied for token ${token}`);
      const provider = new AlibabaProvider({ provider: 'alibaba', mode: 'sts', roleArn: ROLE, stsEndpoint: sts.url }, context, {});
      const error = await Promise.resolve(provider.prepare()).catch((e: unknown) => e);
      await provider.close();
      expect(error).toBeInstanceOf(CredentialsUnavailableError);
      expect(sts.calls[0]?.params.SecurityToken).toBe(token);
      expectNoSecrets(error, [secret, token]);
    } finally {
      await sts.close();
      for (const key of ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });
});

function postForm(url: string, form: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(form);
  });
}

// Polls for up to 15 s: a background refresh under a loaded CI machine may take seconds.
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1_500 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}
