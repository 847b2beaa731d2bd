import { inspect } from 'node:util';
import { type AlibabaEmulator, type AlibabaEmulatorFailure, type AlibabaStsEmulator, startAlibabaEmulator, startAlibabaStsEmulator } from '@osauth/testing';
import type { OsAuthError } from '@osauth/factory';
import {
  AuthenticationError,
  AuthorizationError,
  ClockSkewError,
  createClient,
  CredentialsUnavailableError,
  ExpiredCredentialsError,
  InvalidCredentialsError,
  InvalidSecurityTokenError,
  type OsAuthConfig,
  SignatureMismatchError,
} from '@osauth/factory';

const API_KEY = 'FAKE-sk-dashscope-0001';
const USER = { username: 'elastic', password: 'FAKEelasticPassword1' };
const STATIC = { accessKeyId: 'STS.FAKESTATIC0001', accessKeySecret: 'FAKEstaticSECRETalibaba01', securityToken: 'FAKEstaticSECURITYtokenCAIS0001' };
const LONG_TERM = { accessKeyId: 'LTAIFAKEEXAMPLE0001', accessKeySecret: 'FAKEaccessKeySecret0001' };
const ROLE = 'acs:ram::1234567890123456:role/search-reader';
const SECRETS = [API_KEY, USER.password, STATIC.accessKeySecret, STATIC.securityToken, LONG_TERM.accessKeySecret];

function noSecrets(error: unknown): void {
  const e = error as Error;
  const text = `${e.message}${e.stack}${JSON.stringify(e)}${inspect(e, { depth: 10, showHidden: true })}${String(e)}`;
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('Alibaba Cloud through createClient and the Alibaba emulator', () => {
  let emulator: AlibabaEmulator;
  let sts: AlibabaStsEmulator;
  beforeEach(async () => {
    emulator = await startAlibabaEmulator({ accessKeys: [STATIC] });
    sts = await startAlibabaStsEmulator({ accessKeys: [LONG_TERM], onIssue: (k) => emulator.addAccessKey(k) });
  });
  afterEach(async () => {
    await sts.close();
    await emulator.close();
  });

  const modes: [string, () => OsAuthConfig['auth']][] = [
    ['bearer', () => ({ provider: 'alibaba', mode: 'bearer', apiKey: API_KEY })],
    ['basic', () => ({ provider: 'alibaba', mode: 'basic', ...USER })],
    ['static sts', () => ({ provider: 'alibaba', mode: 'sts', ...STATIC })],
    ['assume-role sts', () => ({ provider: 'alibaba', mode: 'sts', roleArn: ROLE, stsEndpoint: sts.url, ...LONG_TERM })],
  ];

  it.each(modes)('%s: every method, JSON, NDJSON, gzip, odd ids and query strings verify', async (_name, auth) => {
    const client = createClient({ node: emulator.url, auth: auth(), client: { maxRetries: 0 } });
    const gzip = createClient({ node: emulator.url, auth: auth(), client: { compression: 'gzip', maxRetries: 0 } });
    await client.indices.create({ index: 'books' });
    expect((await client.indices.exists({ index: 'books' })).body).toBe(true);
    for (const id of ['a b', 'x/y', 'c:d', 'e+f', '文档', "o'k*"]) {
      await client.index({ index: 'books', id, body: { title: `Dune ${id}` } });
      expect((await client.get({ index: 'books', id })).body._source).toEqual({ title: `Dune ${id}` });
    }
    await gzip.index({ index: 'books', id: 'gz', body: { title: 'Compressed' } });
    await gzip.bulk({ body: [{ index: { _index: 'books', _id: 'b1' } }, { title: 'Hyperion' }] });
    await client.bulk({ refresh: true, body: [{ index: { _index: 'books', _id: 'b2' } }, { title: 'Solaris' }, { delete: { _index: 'books', _id: 'gz' } }] });
    const found = await client.search({ index: 'books', size: 20, body: { query: { match: { title: 'dune' } } } });
    expect(found.body.hits.total).toEqual({ value: 6, relation: 'eq' });
    await client.transport.request({ method: 'GET', path: '/books/_search', querystring: 'q=title:dune*&size=3&from=0&empty=&star=a*b' });
    await client.delete({ index: 'books', id: 'a b' });
    await client.indices.delete({ index: 'books' });
    await Promise.all([client.close(), gzip.close()]);
    expect(emulator.requests.filter((r) => !r.verified).map((r) => `${r.method} ${r.path}?${r.query} ${r.outcome}`)).toEqual([]);
    expect(emulator.requests.some((r) => r.method === 'HEAD')).toBe(true);
  });

  it('sts: the v3 API through client.transport.request is authorized like any other request', async () => {
    const client = createClient({ node: emulator.url, auth: { provider: 'alibaba', mode: 'sts', ...STATIC } });
    await client.index({ index: 'catalog', id: '1', body: { title: 'Dune' }, refresh: true });
    const { body } = await client.transport.request({ method: 'GET', path: '/v3/openapi/apps/catalog/search', querystring: { query: "config=format:json&&query=default:'dune'" } });
    await client.close();
    expect((body as { status: string; result: { total: number } }).status).toBe('OK');
    expect((body as { result: { total: number } }).result.total).toBe(1);
    expect(emulator.requests.at(-1)?.headers['x-opensearch-security-token']).toBe(STATIC.securityToken);
  });

  it('AssumeRole: 200 concurrent requests on a cold client make exactly 1 STS call', async () => {
    const client = createClient({ node: emulator.url, auth: { provider: 'alibaba', mode: 'sts', roleArn: ROLE, stsEndpoint: sts.url, ...LONG_TERM } });
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => client.exists({ index: 'books', id: String(i) })));
    await client.close();
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(sts.calls).toHaveLength(1);
    expect(sts.calls[0]?.verified).toBe(true);
    expect(sts.calls[0]?.params).toMatchObject({ Action: 'AssumeRole', RoleArn: ROLE, DurationSeconds: '3600' });
  });

  it('AssumeRole with an inline policy containing * succeeds against the documented percent-encoding', async () => {
    const policy = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['opensearch:*'], Resource: ['acs:opensearch:*:*:apps/*'] }] });
    const client = createClient({ node: emulator.url, auth: { provider: 'alibaba', mode: 'sts', roleArn: ROLE, stsEndpoint: sts.url, policy, ...LONG_TERM } });
    await client.info();
    await client.close();
    expect(sts.calls[0]?.verified).toBe(true);
    expect(sts.calls[0]?.params.Policy).toBe(policy);
  });

  it('AssumeRole: credentials near expiry are refreshed once, ahead of time', async () => {
    await sts.close();
    let first = true;
    const clock = () => {
      // The first credentials come back with 4 minutes left: inside the 5-minute refresh window.
      const now = first ? Date.now() - 56 * 60_000 : Date.now();
      first = false;
      return now;
    };
    sts = await startAlibabaStsEmulator({ accessKeys: [LONG_TERM], clock, onIssue: (k) => emulator.addAccessKey({ ...k, expiresAt: undefined }) });
    const client = createClient({ node: emulator.url, auth: { provider: 'alibaba', mode: 'sts', roleArn: ROLE, stsEndpoint: sts.url, ...LONG_TERM } });
    await client.info();
    await client.info();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all([client.info(), client.info()]);
    await client.close();
    expect(sts.calls).toHaveLength(2);
  });

  it.each([
    ['NoPermission', 403, 'You are not authorized to do this action. You should be authorized by RAM.'],
    ['EntityNotExist.Role', 404, 'The role not exists: acs:ram::1234567890123456:role/search-reader.'],
    ['InvalidParameter.DurationSeconds', 400, 'The parameter DurationSeconds is wrongly formed.'],
  ])('AssumeRole failing with %s → CredentialsUnavailableError with the code as hint, no secret', async (code, status, message) => {
    sts.failNext(status, code, message);
    const client = createClient({ node: emulator.url, auth: { provider: 'alibaba', mode: 'sts', roleArn: ROLE, stsEndpoint: sts.url, ...LONG_TERM } });
    const error = await client.info().catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect((error as OsAuthError).hint).toBe(code);
    expect((error as OsAuthError).provider).toBe('alibaba');
    expect(emulator.requests).toHaveLength(0);
    noSecrets(error);
  });

  it('a hung STS → CredentialsUnavailableError within the timeout', async () => {
    sts.delay(30_000);
    const client = createClient({ node: emulator.url, auth: { provider: 'alibaba', mode: 'sts', roleArn: ROLE, stsEndpoint: sts.url, timeoutMs: 500, ...LONG_TERM } });
    const error = await client.info().catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    // The configured timeout cut it, not a default one (the STS would answer after 30 s).
    expect((error as OsAuthError).hint).toBe('RequestTimeoutError');
    expect((error as Error).message).toContain('ReadTimeout(500)');
  });

  const failures: [AlibabaEmulatorFailure, abstract new (...args: never[]) => OsAuthError, string, string][] = [
    ['sts-token-expired', ExpiredCredentialsError, 'EXPIRED_CREDENTIALS', 'alibaba-sts-expired'],
    ['sts-token-malformed', InvalidSecurityTokenError, 'INVALID_SECURITY_TOKEN', 'alibaba-invalid-security-token'],
    ['sts-token-mismatch', InvalidSecurityTokenError, 'INVALID_SECURITY_TOKEN', 'alibaba-invalid-security-token'],
    ['missing-security-token', InvalidSecurityTokenError, 'INVALID_SECURITY_TOKEN', 'alibaba-invalid-security-token'],
    ['access-key-not-found', InvalidCredentialsError, 'INVALID_CREDENTIALS', 'alibaba-invalid-access-key'],
    ['access-key-inactive', InvalidCredentialsError, 'INVALID_CREDENTIALS', 'alibaba-invalid-access-key'],
    ['signature-mismatch', SignatureMismatchError, 'SIGNATURE_MISMATCH', 'alibaba-signature-mismatch'],
    ['incomplete-signature', SignatureMismatchError, 'SIGNATURE_MISMATCH', 'alibaba-signature-mismatch'],
    ['timestamp-expired', ClockSkewError, 'CLOCK_SKEW', 'alibaba-clock-skew'],
    ['ram-forbidden', AuthorizationError, 'ACCESS_DENIED', 'alibaba-ram-access-denied'],
    ['no-permission', AuthorizationError, 'ACCESS_DENIED', 'alibaba-ram-access-denied'],
    ['v3-signature', SignatureMismatchError, 'SIGNATURE_MISMATCH', 'alibaba-signature-mismatch'],
    ['v3-user-not-exist', InvalidCredentialsError, 'INVALID_CREDENTIALS', 'alibaba-opensearch-user-not-exist'],
    ['bearer-invalid', AuthenticationError, 'AUTHENTICATION_FAILED', 'alibaba-bearer-unauthenticated'],
    ['bearer-forbidden', AuthorizationError, 'ACCESS_DENIED', 'alibaba-access-denied'],
    ['es-unauthenticated', AuthenticationError, 'AUTHENTICATION_FAILED', 'alibaba-basic-unauthenticated'],
    ['es-forbidden', AuthorizationError, 'ACCESS_DENIED', 'alibaba-es-access-denied'],
  ];

  it.each(failures)('%s arrives as its typed error with provider "alibaba"', async (failure, type, code, remediationId) => {
    // A clock-skew answer is corrected and retried once: fail twice to see the final error.
    emulator.failNext(failure, { times: failure === 'timestamp-expired' ? 2 : 1 });
    // Each failure through the mode that meets it in production, so the remediation variant is the one users see.
    const auth: OsAuthConfig['auth'] = failure.startsWith('bearer-')
      ? { provider: 'alibaba', mode: 'bearer', apiKey: API_KEY }
      : failure.startsWith('es-')
        ? { provider: 'alibaba', mode: 'basic', ...USER }
        : { provider: 'alibaba', mode: 'sts', ...STATIC };
    const client = createClient({ node: emulator.url, auth, client: { maxRetries: 0 } });
    const error = await client.search({ index: 'books' }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(type);
    expect((error as OsAuthError).code).toBe(code);
    expect((error as OsAuthError).provider).toBe('alibaba');
    expect((error as OsAuthError).remediation.length).toBeGreaterThan(40);
    expect((error as OsAuthError).docsUrl).toMatch(new RegExp(`#${remediationId}$`));
    expect((error as OsAuthError).hint).toBeTruthy();
    noSecrets(error);
  });

  it('real failures: a wrong bearer key, a wrong password, a wrong secret, an expired token', async () => {
    const cases: [OsAuthConfig['auth'], abstract new (...args: never[]) => OsAuthError][] = [
      [{ provider: 'alibaba', mode: 'bearer', apiKey: 'FAKE-sk-wrong' }, AuthenticationError],
      [{ provider: 'alibaba', mode: 'basic', username: 'elastic', password: 'FAKEwrongPassword' }, AuthenticationError],
      [{ provider: 'alibaba', mode: 'sts', ...STATIC, accessKeySecret: 'FAKEwrongSECRET' }, SignatureMismatchError],
    ];
    for (const [auth, type] of cases) {
      const client = createClient({ node: emulator.url, auth });
      await expect(client.info()).rejects.toBeInstanceOf(type);
      await client.close();
    }
    emulator.expireAccessKey(STATIC.accessKeyId);
    const expired = createClient({ node: emulator.url, auth: { provider: 'alibaba', mode: 'sts', ...STATIC } });
    await expect(expired.info()).rejects.toBeInstanceOf(ExpiredCredentialsError);
    await expired.close();
  });

  it('a wrong password: the answer quotes the user and the path as Elasticsearch does, and the error says what was not accepted', async () => {
    const client = createClient({ node: emulator.url, auth: { provider: 'alibaba', mode: 'basic', username: 'reader', password: 'FAKEwrongPassword' } });
    const error = await client.search({ index: 'books' }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as OsAuthError).message).toContain('the username or password was not accepted');
    expect((error as OsAuthError).hint).toBe('unable to authenticate user [reader] for REST request [/books/_search]');
  });

  it('sts: a clock 20 minutes off is corrected from the Date header and the request succeeds', async () => {
    const skewed = await startAlibabaEmulator({ accessKeys: [STATIC], clock: () => Date.now() + 20 * 60_000 });
    const client = createClient({ node: skewed.url, auth: { provider: 'alibaba', mode: 'sts', ...STATIC } });
    const { statusCode } = await client.info();
    await client.close();
    await skewed.close();
    expect(statusCode).toBe(200);
    expect(skewed.requests.map((r) => r.outcome)).toEqual(['timestamp-expired', 'ok']);
  });

  it('AssumeRole with no key in config: @alicloud/credentials finds ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET', async () => {
    const saved = { id: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID, secret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET };
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = LONG_TERM.accessKeyId;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = LONG_TERM.accessKeySecret;
    try {
      const client = createClient({ node: emulator.url, auth: { provider: 'alibaba', mode: 'sts', roleArn: ROLE, stsEndpoint: sts.url } });
      await client.info();
      await client.close();
      expect(sts.calls).toHaveLength(1);
      expect(sts.calls[0]?.verified).toBe(true);
      expect(sts.calls[0]?.params.AccessKeyId).toBe(LONG_TERM.accessKeyId);
      expect(emulator.requests.at(-1)?.verified).toBe(true);
    } finally {
      if (saved.id === undefined) delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
      else process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = saved.id;
      if (saved.secret === undefined) delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
      else process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = saved.secret;
    }
  });
});
