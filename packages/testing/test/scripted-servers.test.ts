import { startLoopback, startRecordingServer } from '@osauth/testing';
import { send } from './support';

describe('startLoopback', () => {
  it('hands each request and its whole body to the handler, and counts them', async () => {
    const seen: string[] = [];
    const server = await startLoopback((req, body, res) => {
      seen.push(`${req.method} ${req.url} ${body.toString()}`);
      res.writeHead(418, { 'content-type': 'text/plain' });
      res.end('teapot');
    });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      const reply = await send(server.url, { method: 'POST', path: '/a?b=1', body: 'x'.repeat(100_000) });
      expect([reply.status, reply.body]).toEqual([418, 'teapot']);
      await send(server.url, { method: 'GET', path: '/' });
      expect(server.calls).toBe(2);
      expect(seen).toEqual([`POST /a?b=1 ${'x'.repeat(100_000)}`, 'GET / ']);
    } finally {
      await server.close();
    }
  });

  it('closes even while a request hangs unanswered, and close() is idempotent', async () => {
    const server = await startLoopback(() => {});
    const pending = send(server.url, { method: 'GET', path: '/' }).catch((error: unknown) => error);
    while (server.calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([server.close(), server.close()]);
    expect(await pending).toHaveProperty('code', 'ECONNRESET'); // the socket was destroyed
  });
});

describe('startRecordingServer', () => {
  it('records requests and answers from the script, then 200 {}', async () => {
    const server = await startRecordingServer();
    try {
      server.answers.push({ status: 403, body: '{"message":"denied"}' }, { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' });
      const first = await send(server.url, { method: 'PUT', path: '/books/_doc/1', headers: { 'x-test': 'a' }, body: '{"a":1}' });
      const second = await send(server.url, { method: 'GET', path: '/' });
      const third = await send(server.url, { method: 'GET', path: '/_cluster/health' });
      expect([first.status, first.headers['content-type'], first.body]).toEqual([403, 'application/json', '{"message":"denied"}']);
      expect([second.status, second.headers['content-type'], second.body]).toEqual([200, 'text/plain', 'ok']);
      expect([third.status, third.body]).toEqual([200, '{}']);
      expect(server.answers).toEqual([]);
      expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['PUT /books/_doc/1', 'GET /', 'GET /_cluster/health']);
      expect(server.requests[0]?.headers['x-test']).toBe('a');
      expect(server.requests[0]?.body.toString()).toBe('{"a":1}');
    } finally {
      await server.close();
    }
  });
});
