import { inspect } from 'node:util';
import { type Emulator, type EmulatorFailure, startEmulator } from '@osauth/testing';
import {
  AuthenticationError,
  AuthorizationError,
  ClockSkewError,
  createClient,
  ExpiredCredentialsError,
  InvalidCredentialsError,
  NetworkPolicyDeniedError,
  OsAuthError,
  SignatureMismatchError,
} from '@osauth/factory';
import { errors } from '@opensearch-project/opensearch';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TEMP = { accessKeyId: 'ASIAFAKETEMPORARY001', secretAccessKey: 'FAKEtempSECRETwJalrXUtnFEMIK7MDENG', sessionToken: 'FAKEtempSESSIONtokenIQoJb3JpZ2luX2Vj' };

type Service = 'es' | 'aoss';
type ErrorClass = abstract new (...args: never[]) => OsAuthError;

describe.each(['es', 'aoss'] as const)('through createClient and the %s emulator', (service: Service) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ service, region: 'us-east-1', credentials: [KEYS, TEMP] });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const clientWith = (credentials: object = TEMP, extra: Record<string, unknown> = {}, region = 'us-east-1', signService: Service = service) =>
    createClient({ node: emulator.url, auth: { provider: 'aws', service: signService, region, credentials: credentials as never }, client: { maxRetries: 0, ...extra } });

  it('every signing case verifies: methods, odd ids, queries, JSON, NDJSON, gzip, session token', async () => {
    const client = clientWith();
    const gzip = clientWith(TEMP, { compression: 'gzip' });
    const index = 'books-ü';
    await client.indices.create({ index });
    expect((await client.indices.exists({ index })).body).toBe(true);
    for (const id of ['a b', 'x/y', 'c:d', 'e+f', 'ドキュメント', "o'k(1)*!"]) {
      await client.index({ index, id, body: { title: `Dune ${id}` }, refresh: true });
      expect((await client.get({ index, id })).body._source).toEqual({ title: `Dune ${id}` });
      expect((await client.exists({ index, id })).body).toBe(true);
    }
    await gzip.index({ index, id: 'gz', body: { title: 'Compressed Dune' } });
    await gzip.bulk({ body: [{ index: { _index: index, _id: 'b1' } }, { title: 'Hyperion' }, { delete: { _index: index, _id: 'gz' } }] });
    await client.bulk({ refresh: true, body: [{ create: { _index: index, _id: 'b2' } }, { title: 'Solaris' }] });
    const search = await client.search({ index, q: undefined, size: 50, body: { query: { match: { title: 'dune' } } } });
    expect(search.body.hits.total).toEqual({ value: 6, relation: 'eq' });
    const ms = await gzip.msearch({ body: [{ index }, { query: { term: { title: 'Solaris' } } }, { index }, { query: { match_all: {} } }] });
    expect((ms.body.responses as unknown as { hits: { total: { value: number } } }[]).map((r) => r.hits.total.value)).toEqual([1, 8]);
    await client.transport.request({ method: 'GET', path: `/${encodeURIComponent(index)}/_search`, querystring: 'size=1&size=2&empty=&flag&plus=a+b&star=*&tilde=~' });
    await client.delete({ index, id: 'a b' });
    expect((await client.exists({ index, id: 'a b' })).body).toBe(false);
    const cat = await client.cat.indices({ format: 'json' });
    expect(cat.body).toEqual([expect.objectContaining({ index })]);
    await client.indices.delete({ index });
    await Promise.all([client.close(), gzip.close()]);

    const failed = emulator.requests.filter((r) => !r.verified);
    expect(failed.map((r) => `${r.method} ${r.path}?${r.query} → ${r.outcome}`)).toEqual([]);
    expect(emulator.requests.length).toBeGreaterThanOrEqual(30);
    expect(emulator.requests.some((r) => r.method === 'HEAD')).toBe(true);
    expect(emulator.requests.some((r) => r.headers['content-encoding'] === 'gzip')).toBe(true);
    expect(emulator.requests.every((r) => r.accessKeyId === TEMP.accessKeyId)).toBe(true);
  });

  const signedFailures: [string, () => ReturnType<typeof clientWith>, Record<Service, ErrorClass>, Record<Service, string>][] = [
    [
      'a wrong secret',
      () => clientWith({ ...TEMP, secretAccessKey: 'FAKEwrongSECRET' }),
      { es: SignatureMismatchError, aoss: AuthorizationError },
      { es: 'SIGNATURE_MISMATCH', aoss: 'ACCESS_DENIED' },
    ],
    [
      'an unknown key',
      () => clientWith({ accessKeyId: 'AKIDUNKNOWN000000000', secretAccessKey: 'FAKEx' }),
      { es: InvalidCredentialsError, aoss: AuthorizationError },
      { es: 'INVALID_CREDENTIALS', aoss: 'ACCESS_DENIED' },
    ],
    [
      'a missing session token',
      () => clientWith({ accessKeyId: TEMP.accessKeyId, secretAccessKey: TEMP.secretAccessKey }),
      { es: InvalidCredentialsError, aoss: AuthorizationError },
      { es: 'INVALID_CREDENTIALS', aoss: 'ACCESS_DENIED' },
    ],
    ['the wrong region', () => clientWith(TEMP, {}, 'eu-west-1'), { es: SignatureMismatchError, aoss: AuthorizationError }, { es: 'SIGNATURE_MISMATCH', aoss: 'ACCESS_DENIED' }],
    [
      'the wrong service',
      () => clientWith(TEMP, {}, 'us-east-1', service === 'es' ? 'aoss' : 'es'),
      { es: SignatureMismatchError, aoss: AuthorizationError },
      { es: 'SIGNATURE_MISMATCH', aoss: 'ACCESS_DENIED' },
    ],
  ];

  it.each(signedFailures)('a request signed with %s is refused and typed', async (_name, make, types, codes) => {
    const client = make();
    const error = await client.search({ index: 'books' }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(types[service]);
    expect((error as OsAuthError).code).toBe(codes[service]);
    expect(emulator.requests.at(-1)?.verified).toBe(false);
    const text = `${(error as Error).message}${JSON.stringify(error)}${inspect(error, { depth: 10 })}`;
    expect(text).not.toContain(TEMP.sessionToken);
    expect(text).not.toContain(TEMP.secretAccessKey);
  });

  it('expired credentials are refused: EXPIRED_CREDENTIALS on es, gw-helper-deny on aoss', async () => {
    const expired = { accessKeyId: 'ASIAFAKEEXPIRED00001', secretAccessKey: 'FAKEexp', sessionToken: 'FAKEexpiredTOKENxxxxxxxx' };
    emulator.addCredentials({ ...expired, expiresAt: new Date(Date.now() - 1000) });
    const client = clientWith(expired);
    const error = await client.info().catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(service === 'es' ? ExpiredCredentialsError : AuthorizationError);
  });

  it('a clock 10 minutes off is corrected from the Date header and the request succeeds', async () => {
    const skewed = await startEmulator({ service, region: 'us-east-1', credentials: [KEYS], clock: () => Date.now() + 10 * 60_000 });
    const client = createClient({ node: skewed.url, auth: { provider: 'aws', service, region: 'us-east-1', credentials: KEYS } });
    const result = await client.info().then(
      (r) => r.statusCode,
      (e: unknown) => e,
    );
    await client.close();
    await skewed.close();
    if (service === 'es') {
      expect(result).toBe(200);
      expect(skewed.requests.map((r) => r.outcome)).toEqual(['clock-skew', 'ok']);
    } else {
      // aoss does not say "clock skew": its gw-helper-deny is final.
      expect(result).toBeInstanceOf(AuthorizationError);
    }
  });

  const forced: [EmulatorFailure, Record<Service, ErrorClass | 'passthrough'>][] = [
    ['expired-token', { es: ExpiredCredentialsError, aoss: AuthorizationError }],
    ['invalid-token', { es: InvalidCredentialsError, aoss: AuthorizationError }],
    ['unknown-key', { es: InvalidCredentialsError, aoss: AuthorizationError }],
    ['signature-mismatch', { es: SignatureMismatchError, aoss: AuthorizationError }],
    ['clock-skew', { es: ClockSkewError, aoss: AuthorizationError }],
    ['clock-skew-future', { es: ClockSkewError, aoss: AuthorizationError }],
    ['wrong-service', { es: SignatureMismatchError, aoss: AuthorizationError }],
    ['wrong-region', { es: SignatureMismatchError, aoss: AuthorizationError }],
    ['missing-credential', { es: SignatureMismatchError, aoss: AuthorizationError }],
    ['anonymous', { es: AuthenticationError, aoss: AuthorizationError }],
    ['iam-not-authorized', { es: AuthorizationError, aoss: AuthorizationError }],
    ['iam-explicit-deny', { es: AuthorizationError, aoss: AuthorizationError }],
    ['data-access-denied', { es: AuthorizationError, aoss: AuthorizationError }],
    ['fgac-denied', { es: AuthorizationError, aoss: AuthorizationError }],
    ['fgac-unauthenticated', { es: AuthenticationError, aoss: AuthorizationError }],
    ['network-policy-deny', { es: NetworkPolicyDeniedError, aoss: NetworkPolicyDeniedError }],
    ['gw-helper-deny', { es: AuthorizationError, aoss: AuthorizationError }],
    ['unsigned-content-sha256', { es: SignatureMismatchError, aoss: SignatureMismatchError }],
    ['throttled', { es: 'passthrough', aoss: 'passthrough' }],
    ['too-many-requests', { es: 'passthrough', aoss: 'passthrough' }],
  ];

  it.each(forced)('failNext(%s) arrives as its typed error', async (failure, expected) => {
    const client = clientWith(KEYS);
    // Clock skew answers are corrected and retried once: fail twice to see the final error.
    emulator.failNext(failure, { times: failure.startsWith('clock-skew') ? 2 : 1 });
    const error = await client.search({ index: 'books' }).catch((e: unknown) => e);
    await client.close();
    const type = expected[service];
    if (type === 'passthrough') {
      expect(error).toBeInstanceOf(errors.ResponseError);
      expect(error).not.toBeInstanceOf(OsAuthError);
    } else {
      expect(error).toBeInstanceOf(type);
      expect((error as OsAuthError).provider).toBe('aws');
      expect((error as OsAuthError).remediation.length).toBeGreaterThan(40);
    }
  });
});
