import { Readable } from 'node:stream';
import { errors } from '@opensearch-project/opensearch';
import { ClockSkewError, createClient, CredentialsUnavailableError, ExpiredCredentialsError, type OsAuthEvent } from '@osauth/factory';
import { startLoopback, startRecordingServer } from '@osauth/testing';

const EXPIRED_BODY = '{"message":"The security token included in the request is expired"}';
const keyIdOf = (authorization: unknown) => /Credential=([^/]+)\//.exec(String(authorization))?.[1] ?? '';

function rotatingSource() {
  const state = { calls: 0 };
  const fetch = () => {
    state.calls += 1;
    return Promise.resolve({
      accessKeyId: `ASIAFAKEGENERATION0${state.calls}`,
      secretAccessKey: `FAKEgenSECRET${state.calls}`,
      sessionToken: `FAKEgenTOKEN${state.calls}xxxxxxxx`,
      expiration: new Date(Date.now() + 3_600_000),
    });
  };
  return { state, fetch };
}

describe('AWS resilience', () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeEach(async () => {
    server = await startRecordingServer();
  });
  afterEach(() => server.close());

  it('refreshes and resends once when a refreshable token is rejected as expired', async () => {
    const source = rotatingSource();
    const events: OsAuthEvent[] = [];
    server.answers.push({ status: 403, body: EXPIRED_BODY });
    const client = createClient({
      node: server.url,
      auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: source.fetch },
      onEvent: (e) => events.push(e),
    });
    const { statusCode } = await client.index({ index: 'books', id: '1', body: { title: 'Dune' } });
    await client.close();
    expect(statusCode).toBe(200);
    expect(source.state.calls).toBe(2);
    expect(server.requests.map((r) => keyIdOf(r.headers.authorization))).toEqual(['ASIAFAKEGENERATION01', 'ASIAFAKEGENERATION02']);
    expect(server.requests[1]?.body.toString()).toBe('{"title":"Dune"}');
    expect(events.map((e) => e.type)).toEqual(['credentials-fetched', 'credentials-fetched', 'retry-after-refresh']);
    expect(JSON.stringify(events)).not.toMatch(/FAKEgen/);
  });

  it('never loops: a second expiry is thrown as the typed error', async () => {
    const source = rotatingSource();
    server.answers.push({ status: 403, body: EXPIRED_BODY }, { status: 403, body: EXPIRED_BODY }, { status: 403, body: EXPIRED_BODY });
    const client = createClient({ node: server.url, auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: source.fetch } });
    const error = await client.info().catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(ExpiredCredentialsError);
    expect(server.requests).toHaveLength(2);
    expect(source.state.calls).toBe(2);
  });

  it('does not retry static credentials', async () => {
    server.answers.push({ status: 403, body: EXPIRED_BODY });
    const client = createClient({
      node: server.url,
      auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: { accessKeyId: 'ASIAFAKESTATIC000001', secretAccessKey: 'FAKEs', sessionToken: 'FAKEstaticTOKEN' } },
    });
    await expect(client.info()).rejects.toBeInstanceOf(ExpiredCredentialsError);
    await client.close();
    expect(server.requests).toHaveLength(1);
  });

  it('does not replay a one-shot stream body', async () => {
    const source = rotatingSource();
    server.answers.push({ status: 403, body: EXPIRED_BODY });
    const client = createClient({ node: server.url, auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: source.fetch } });
    const error = await client.transport.request({ method: 'POST', path: '/books/_doc', body: Readable.from([Buffer.from('{"a":1}')]) }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(ExpiredCredentialsError);
    expect(server.requests).toHaveLength(1);
  });

  it('corrects clock skew from the Date header, retries once, and reports the offset', async () => {
    const serverTime = Date.now() + 2 * 3_600_000;
    const events: OsAuthEvent[] = [];
    server.answers.push({
      status: 403,
      headers: { date: new Date(serverTime).toUTCString() },
      body: '{"message":"Signature expired: 20261122T100000Z is now earlier than 20261122T115500Z (20261122T120000Z - 5 min.)"}',
    });
    const client = createClient({
      node: server.url,
      auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEskew' } },
      onEvent: (e) => events.push(e),
    });
    await client.info();
    await client.info();
    await client.close();
    expect(server.requests).toHaveLength(3);
    const amzDates = server.requests.map((r) => String(r.headers['x-amz-date']));
    const toMs = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15));
    expect(Math.abs(toMs(amzDates[1]!) - serverTime)).toBeLessThan(5_000);
    expect(Math.abs(toMs(amzDates[2]!) - serverTime)).toBeLessThan(5_000);
    const corrected = events.find((e) => e.type === 'clock-skew-corrected');
    expect(corrected && 'offsetMs' in corrected && Math.abs(corrected.offsetMs - 2 * 3_600_000)).toBeLessThan(5_000);
  });

  it('ignores an absurd clock offset (> 24 h) and throws ClockSkewError', async () => {
    const events: OsAuthEvent[] = [];
    server.answers.push({
      status: 403,
      headers: { date: new Date(Date.now() + 3 * 86_400_000).toUTCString() },
      body: '{"message":"Signature not yet current: 20261122T103000Z is still later than 20261122T102500Z (20261122T102000Z + 5 min.)"}',
    });
    const client = createClient({
      node: server.url,
      auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEskew' } },
      onEvent: (e) => events.push(e),
    });
    await expect(client.info()).rejects.toBeInstanceOf(ClockSkewError);
    await client.close();
    expect(server.requests).toHaveLength(1);
    expect(events.map((e) => e.type)).toContain('clock-skew-ignored');
  });

  it('a hung credential source fails the request with CredentialsUnavailableError within the timeout', async () => {
    const client = createClient({
      node: server.url,
      auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentialTimeoutMs: 300, credentials: () => new Promise(() => {}) },
    });
    const error = await client.info().catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    // The configured timeout cut it (the source never settles).
    expect((error as Error).message).toContain('did not answer within 300 ms');
    expect(server.requests).toHaveLength(0);
  });

  it('never follows a redirect: the Authorization header does not reach another host', async () => {
    const elsewhere = await startRecordingServer();
    server.answers.push({ status: 307, headers: { location: `${elsewhere.url}/` } });
    const client = createClient({
      node: server.url,
      auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEredirect' } },
      client: { maxRetries: 0 },
    });
    // opensearch-js hands a 3xx back as it is; it never follows Location.
    const outcome = await client.info().then(
      (r) => r.statusCode,
      (e: unknown) => (e instanceof errors.ResponseError ? e.statusCode : e),
    );
    await client.close();
    await elsewhere.close();
    expect(outcome).toBe(307);
    expect(server.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('1000 concurrent requests across a credential rotation: 0 failures, one source call per rotation', async () => {
    const rejected = new Set<string>();
    let served = 0;
    const cluster = await startLoopback((req, _body, res) => {
      const keyId = keyIdOf(req.headers.authorization);
      served += 1;
      // Halfway through, the first generation is revoked as expired.
      if (served === 400) rejected.add('ASIAFAKEGENERATION01');
      if (rejected.has(keyId)) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(EXPIRED_BODY);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"found":true}');
    });
    const source = rotatingSource();
    const client = createClient({ node: cluster.url, auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: source.fetch } });
    const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => client.get({ index: 'books', id: String(i) })));
    await client.close();
    await cluster.close();
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(source.state.calls).toBe(2);
  });
});
