import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { AwsSigV4Provider } from '@osauth/aws';
import { createClient } from '@osauth/factory';
import { type BotocoreInput, botocoreAvailable, botocoreSign } from './botocore';
import { type RecordedHttpRequest, startRecordingServer } from '@osauth/testing';

const CREDENTIALS = {
  accessKeyId: 'ASIAFAKEEXAMPLEBOTO1',
  secretAccessKey: 'FAKEbotocoreSECRETwJalrXUtnFEMIK7MDENGbPx',
  sessionToken: 'FAKEbotocoreSESSIONtokenIQoJb3JpZ2luX2VjEGka',
};
const FIXTURE = join(__dirname, 'fixtures', 'botocore-sigv4.json');

interface Vector {
  readonly name: string;
  readonly input: BotocoreInput;
  readonly expected: { readonly signature: string; readonly canonicalRequest: string };
}

function parseAuthorization(header: string) {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(header);
  if (!match) throw new Error(`not a SigV4 Authorization header: ${header}`);
  return { accessKeyId: match[1]!, region: match[3]!, service: match[4]!, signedHeaders: match[5]!.split(';'), signature: match[6]! };
}

function toInput(recorded: RecordedHttpRequest): { input: BotocoreInput; signature: string } {
  const auth = parseAuthorization(String(recorded.headers.authorization));
  const queryStart = recorded.url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) headers[name] = String(recorded.headers[name]);
  return {
    signature: auth.signature,
    input: {
      method: recorded.method,
      path: queryStart === -1 ? recorded.url : recorded.url.slice(0, queryStart),
      query: queryStart === -1 ? '' : recorded.url.slice(queryStart + 1),
      headers,
      bodyBase64: recorded.body.toString('base64'),
      signedHeaders: auth.signedHeaders,
      amzDate: String(recorded.headers['x-amz-date']),
      region: auth.region,
      service: auth.service,
      ...CREDENTIALS,
    },
  };
}

/** Sends every tricky request the OpenSearch client produces, through createClient, to a loopback server. */
async function recordTrickyRequests(service: 'es' | 'aoss'): Promise<{ name: string; recorded: RecordedHttpRequest }[]> {
  const server = await startRecordingServer();
  const names: string[] = [];
  const make = (extra: Record<string, unknown> = {}) =>
    createClient({
      node: server.url,
      auth: { provider: 'aws', service, region: 'eu-west-1', credentials: CREDENTIALS },
      client: { headers: { 'user-agent': 'osauth-test/1.0 (spaces  and\ttabs)', 'x-custom': 'a,  b' }, ...extra },
    });
  const client = make();
  const gzip = make({ compression: 'gzip' });
  const run = async (name: string, call: () => Promise<unknown>) => {
    names.push(name);
    server.answers.push({ status: 200, body: '{}' });
    await call();
  };
  try {
    await run('GET / (no body)', () => client.info());
    await run('HEAD index', () => client.indices.exists({ index: 'books' }));
    await run('DELETE document with odd id', () => client.delete({ index: 'books', id: 'a b/c:d+e' }));
    await run('PUT document, unicode index and id', () => client.index({ index: 'bücher-ü', id: 'ドキュメント 1', body: { title: 'Dune' } }));
    await run('POST search with * and ! in the query string', () => client.search({ index: 'books', q: 'title:du*ne!', size: 3, body: { query: { match_all: {} } } }));
    await run('repeated and empty query parameters', () => client.transport.request({ method: 'GET', path: '/books/_search', querystring: 'a=2&a=1&empty=&flag&plus=a+b&tilde=~x' }));
    await run('NDJSON bulk', () => client.bulk({ body: [{ index: { _index: 'books', _id: '1' } }, { title: 'Dune' }, { delete: { _index: 'books', _id: '2' } }] }));
    await run('NDJSON msearch', () => client.msearch({ body: [{ index: 'books' }, { query: { match_all: {} } }] }));
    await run('gzip-compressed JSON body', () => gzip.index({ index: 'books', id: 'gz', body: { title: 'Dune '.repeat(50) } }));
    await run('gzip-compressed bulk', () => gzip.bulk({ body: [{ index: { _index: 'books', _id: '3' } }, { title: 'Hyperion' }] }));
    await run('stream body', () => client.transport.request({ method: 'POST', path: '/books/_doc', body: Readable.from([Buffer.from('{"title":'), Buffer.from('"Stream"}')]) }));
    await run('dot segments and double slashes kept as sent', () => client.transport.request({ method: 'GET', path: '/books/_doc/%2E%2E' }));
  } finally {
    await Promise.all([client.close(), gzip.close()]);
    await server.close();
  }
  return server.requests.map((recorded, index) => ({ name: names[index] ?? `request ${index}`, recorded }));
}

describe.each(['es', 'aoss'] as const)('SigV4 signatures match botocore (%s)', (service) => {
  let requests: { name: string; recorded: RecordedHttpRequest }[];
  beforeAll(async () => {
    requests = await recordTrickyRequests(service);
  });

  it('signs the bytes actually sent, with x-amz-content-sha256, session token and port in host', () => {
    expect(requests.length).toBe(12);
    for (const { name, recorded } of requests) {
      const auth = parseAuthorization(String(recorded.headers.authorization));
      expect({ name, hash: recorded.headers['x-amz-content-sha256'] }).toEqual({
        name,
        hash: createHash('sha256').update(recorded.body).digest('hex'),
      });
      expect(auth.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token']));
      for (const unsignable of ['user-agent', 'connection', 'transfer-encoding', 'expect']) {
        expect(auth.signedHeaders).not.toContain(unsignable);
      }
      expect(recorded.headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
      expect(recorded.headers.host).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(auth.service).toBe(service);
    }
    const gzipped = requests.find((r) => r.name === 'gzip-compressed JSON body')!.recorded;
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect((JSON.parse(gunzipSync(gzipped.body).toString()) as { title: string }).title).toContain('Dune');
  });

  const live = botocoreAvailable() ? it : it.skip;
  live('every signature equals botocore’s SigV4Auth for the same request', () => {
    const inputs = requests.map(({ recorded }) => toInput(recorded));
    const reference = botocoreSign(inputs.map((i) => i.input));
    const mismatches = inputs
      .map((ours, index) => ({ name: requests[index]!.name, ours: ours.signature, botocore: reference[index]!.signature, canonical: reference[index]!.canonicalRequest }))
      .filter((r) => r.ours !== r.botocore);
    expect(mismatches).toEqual([]);
    if (process.env.OSAUTH_WRITE_BOTOCORE_VECTORS === '1') {
      const previous: Vector[] = service === 'es' ? [] : (JSON.parse(readFileSync(FIXTURE, 'utf8')) as Vector[]);
      const vectors: Vector[] = inputs.map((ours, index) => ({
        name: `${service}: ${requests[index]!.name}`,
        input: ours.input,
        expected: { signature: reference[index]!.signature, canonicalRequest: reference[index]!.canonicalRequest },
      }));
      writeFileSync(FIXTURE, `${JSON.stringify([...previous, ...vectors], null, 2)}\n`);
    }
  });
});

describe('committed botocore vectors (checked without python)', () => {
  const vectors = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Vector[];

  it('has vectors for both services', () => {
    expect(vectors.filter((v) => v.input.service === 'es').length).toBeGreaterThanOrEqual(12);
    expect(vectors.filter((v) => v.input.service === 'aoss').length).toBeGreaterThanOrEqual(12);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', async (_name, vector) => {
    const { input } = vector;
    const [hostname, port] = input.headers.host!.split(':');
    const amz = input.amzDate;
    const now = Date.UTC(+amz.slice(0, 4), +amz.slice(4, 6) - 1, +amz.slice(6, 8), +amz.slice(9, 11), +amz.slice(11, 13), +amz.slice(13, 15));
    const provider = new AwsSigV4Provider(
      { provider: 'aws', service: input.service as 'es' | 'aoss', region: input.region, credentials: CREDENTIALS },
      { nodes: [new URL(`http://${input.headers.host}`)], configPath: 'auth', clock: { now: () => now } },
    );
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.headers)) {
      if (!['host', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token', 'authorization'].includes(name)) headers[name] = value;
    }
    const body = Buffer.from(input.bodyBase64, 'base64');
    const authorization = await provider.authorize({
      method: input.method,
      protocol: 'http:',
      hostname: hostname!,
      ...(port ? { port: Number(port) } : {}),
      path: input.path,
      query: input.query,
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    expect(authorization.headers.authorization).toContain(`Signature=${vector.expected.signature}`);
  });
});
