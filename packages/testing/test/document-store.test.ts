import { gzipSync } from 'node:zlib';
import { type Emulator, startEmulator } from '@osauth/testing';
import { json, type Reply, sendSigned } from './support';

describe('the in-memory OpenSearch behind a verified request', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ service: 'aoss' });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
    sendSigned(emulator.url, {
      method,
      path,
      ...(body === undefined ? {} : { body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('GET / answers cluster info', async () => {
    const info = json(await call('GET', '/'));
    expect(info).toMatchObject({ name: expect.any(String), cluster_name: expect.any(String), version: { distribution: 'opensearch', number: '2.17.0' }, tagline: expect.any(String) });
  });

  it('creates, checks, lists and deletes an index', async () => {
    expect((await call('HEAD', '/books')).status).toBe(404);
    expect(json(await call('PUT', '/books'))).toEqual({ acknowledged: true, shards_acknowledged: true, index: 'books' });
    const again = await call('PUT', '/books');
    expect(again.status).toBe(400);
    expect(json(again)).toMatchObject({ error: { type: 'resource_already_exists_exception', reason: 'index [books] already exists' }, status: 400 });
    expect((await call('HEAD', '/books')).status).toBe(200);
    expect(json<unknown[]>(await call('GET', '/_cat/indices?format=json'))).toEqual([{ health: 'green', status: 'open', index: 'books', 'docs.count': '0' }]);
    expect(json(await call('DELETE', '/books'))).toEqual({ acknowledged: true });
    const gone = await call('DELETE', '/books');
    expect([gone.status, json(gone)]).toEqual([404, { error: { type: 'index_not_found_exception', reason: 'no such index [books]', index: 'books' }, status: 404 }]);
  });

  it('indexes, gets, updates and deletes documents with OpenSearch shapes', async () => {
    const created = await call('PUT', '/books/_doc/1', { title: 'Dune' });
    expect([created.status, json(created)]).toEqual([201, expect.objectContaining({ _index: 'books', _id: '1', _version: 1, result: 'created' })]);
    expect(json(await call('POST', '/books/_doc/1', { title: 'Dune', year: 1965 }))).toMatchObject({ _version: 2, result: 'updated' });
    const generated = json<{ _id: string; result: string }>(await call('POST', '/books/_doc', { title: 'Emma' }));
    expect(generated).toMatchObject({ _index: 'books', result: 'created' });
    expect(generated._id).toMatch(/^\w{20}$/);
    expect(json(await call('GET', '/books/_doc/1'))).toMatchObject({ _index: 'books', _id: '1', _version: 2, found: true, _source: { title: 'Dune', year: 1965 } });
    expect((await call('HEAD', '/books/_doc/1')).status).toBe(200);
    const missing = await call('GET', '/books/_doc/2');
    expect([missing.status, json(missing)]).toEqual([404, { _index: 'books', _id: '2', found: false }]);
    expect((await call('HEAD', '/books/_doc/2')).status).toBe(404);
    expect(json(await call('DELETE', '/books/_doc/1'))).toMatchObject({ _id: '1', result: 'deleted' });
    const deletedAgain = await call('DELETE', '/books/_doc/1');
    expect([deletedAgain.status, json(deletedAgain)]).toEqual([404, { _index: 'books', _id: '1', result: 'not_found' }]);
    await call('POST', '/books/_refresh');
  });

  it('decodes percent-encoded index names and ids', async () => {
    expect(json(await call('PUT', '/b%C3%BCcher/_doc/a%20b%2Fc%3Ad%2Be', { title: 'x' }))).toMatchObject({ _index: 'bücher', _id: 'a b/c:d+e' });
    expect(json(await call('GET', '/b%C3%BCcher/_doc/a%20b%2Fc%3Ad%2Be'))).toMatchObject({ found: true, _id: 'a b/c:d+e' });
    expect(emulator.requests.every((r) => r.verified)).toBe(true);
    expect(emulator.requests[0]?.path).toBe('/b%C3%BCcher/_doc/a%20b%2Fc%3Ad%2Be');
  });

  it('runs _bulk (index, create, update, delete) and reports per-item errors', async () => {
    const ndjson =
      [
        { index: { _index: 'books', _id: '1' } },
        { title: 'Dune' },
        { create: { _index: 'books', _id: '2' } },
        { title: 'Emma' },
        { create: { _index: 'books', _id: '2' } },
        { title: 'Emma again' },
        { update: { _index: 'books', _id: '1' } },
        { doc: { year: 1965 } },
        { delete: { _index: 'books', _id: '2' } },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n') + '\n';
    const reply = json<{ errors: boolean; items: Record<string, { status: number; result?: string }>[] }>(await call('POST', '/_bulk', ndjson, { 'content-type': 'application/x-ndjson' }));
    expect(reply.errors).toBe(true);
    expect(reply.items.map((item) => Object.entries(item).map(([op, r]) => `${op}:${r.status}`)[0])).toEqual(['index:201', 'create:201', 'create:409', 'update:200', 'delete:200']);
    expect(json(await call('GET', '/books/_doc/1'))).toMatchObject({ _source: { title: 'Dune', year: 1965 } });
    const scoped = json<{ errors: boolean }>(await call('POST', '/books/_bulk', `${JSON.stringify({ index: { _id: '3' } })}\n${JSON.stringify({ title: 'Ulysses' })}\n`));
    expect(scoped.errors).toBe(false);
    expect((await call('GET', '/books/_doc/3')).status).toBe(200);
  });

  it('accepts gzip bodies: verified on the compressed bytes, stored decompressed', async () => {
    const reply = await call('PUT', '/books/_doc/gz', gzipSync(JSON.stringify({ title: 'Zipped' })), { 'content-encoding': 'gzip' });
    expect(reply.status).toBe(201);
    expect(json(await call('GET', '/books/_doc/gz'))).toMatchObject({ _source: { title: 'Zipped' } });
    const bulk = gzipSync(`${JSON.stringify({ index: { _index: 'books', _id: 'b' } })}\n${JSON.stringify({ title: 'Bulk zipped' })}\n`);
    expect(json(await call('POST', '/_bulk', bulk, { 'content-encoding': 'gzip', 'content-type': 'application/x-ndjson' }))).toMatchObject({ errors: false });
    expect(emulator.requests.map((r) => r.verified)).toEqual([true, true, true]);
  });

  it('searches with match_all, term, match and size; msearch', async () => {
    const docs = [
      ['1', { title: 'Dune Messiah', genre: 'sf' }],
      ['2', { title: 'Children of Dune', genre: 'sf' }],
      ['3', { title: 'Emma', genre: 'classic' }],
    ] as const;
    for (const [id, doc] of docs) await call('PUT', `/books/_doc/${id}`, doc);
    await call('PUT', '/films/_doc/1', { title: 'Dune' });
    const search = async (path: string, body: unknown) => json<{ hits: { total: { value: number }; hits: { _id: string; _index: string }[] } }>(await call('POST', path, body)).hits;
    expect((await search('/books/_search', { query: { match_all: {} } })).total.value).toBe(3);
    expect((await search('/books/_search', { query: { term: { genre: 'sf' } } })).total.value).toBe(2);
    expect((await search('/books/_search', { query: { match: { title: 'DUNE' } } })).hits.map((h) => h._id).sort()).toEqual(['1', '2']);
    const limited = await search('/books/_search', { query: { match_all: {} }, size: 1 });
    expect([limited.total.value, limited.hits.length]).toEqual([3, 1]);
    expect((await search('/_search', { query: { match: { title: 'dune' } } })).total.value).toBe(3);
    const get = json<{ hits: { total: { value: number } } }>(await call('GET', '/books/_search'));
    expect(get.hits.total.value).toBe(3);
    const msearch = `${JSON.stringify({ index: 'books' })}\n${JSON.stringify({ query: { term: { genre: 'classic' } } })}\n${JSON.stringify({ index: 'films' })}\n${JSON.stringify({ query: { match_all: {} } })}\n`;
    const responses = json<{ responses: { status: number; hits: { total: { value: number } } }[] }>(await call('POST', '/_msearch', msearch, { 'content-type': 'application/x-ndjson' })).responses;
    expect(responses.map((r) => [r.status, r.hits.total.value])).toEqual([
      [200, 1],
      [200, 1],
    ]);
  });
});
