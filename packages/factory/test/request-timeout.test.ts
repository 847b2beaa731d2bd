import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { type Client, errors } from '@opensearch-project/opensearch';
import { createClient } from '@osauth/factory';
import { startRecordingServer } from '@osauth/testing';

const PASSWORD = 'FAKEpassword1';
const PAIR = Buffer.from(`elastic:${PASSWORD}`).toString('base64');
const AUTH = { provider: 'basic', username: 'elastic', password: PASSWORD } as const;
const DRIP_MS = 200;

/** One response being dripped on one socket. */
interface Drip {
  /** Bytes written so far. */
  written: number;
  /** Bytes the server would write if nobody hung up. */
  readonly total: number;
  /** Why the drip stopped: the client closed the socket, or every byte was written. */
  readonly stopped: Promise<'socket closed' | 'all written'>;
}

/**
 * A raw TCP server speaking just enough HTTP/1.1: it reads a request head, then writes
 * `head` + `body`, one byte every DRIP_MS: the head (when `drip` is 'head') or the body
 * only (the head at once). The loop is bounded by the bytes to write and stops by itself
 * when the socket closes.
 */
async function startDripServer(drip: 'head' | 'body', head: string, body: string): Promise<{ url: string; drips: Drip[]; close(): Promise<void> }> {
  const drips: Drip[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    let received = '';
    let started = false;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (started || !received.includes('\r\n\r\n')) return;
      started = true;
      const all = Buffer.from(drip === 'head' ? head + body : body, 'latin1');
      if (drip === 'body') socket.write(head);
      let resolveStopped!: (why: 'socket closed' | 'all written') => void;
      const run: Drip = { written: 0, total: all.length, stopped: new Promise((resolve) => (resolveStopped = resolve)) };
      drips.push(run);
      const timer = setInterval(() => {
        if (socket.destroyed || run.written >= all.length) return stop(socket.destroyed ? 'socket closed' : 'all written');
        socket.write(all.subarray(run.written, run.written + 1));
        run.written += 1;
      }, DRIP_MS);
      const stop = (why: 'socket closed' | 'all written'): void => {
        clearInterval(timer);
        resolveStopped(why);
      };
      socket.once('close', () => stop('socket closed'));
    });
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    drips,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function textsOf(error: unknown): string {
  const e = error as Error;
  return [e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true }), String(e)].join('\n');
}

describe('client.requestTimeout bounds the whole exchange', () => {
  const servers: { close(): Promise<void> }[] = [];
  const clients: Client[] = [];
  // In afterEach, which runs even when a test times out (a test's own `finally` would not run
  // while its request hangs). Servers first: destroying their sockets ends any request still
  // open, so the clients' close(), which waits for open requests, can finish.
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  const serve = <T extends { close(): Promise<void> }>(server: T): T => (servers.push(server), server);
  const track = (client: Client): Client => (clients.push(client), client);

  // ~72 bytes, ~14 s at one byte per 200 ms: without the deadline the request would succeed.
  const HEAD = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n';

  it('a response head dripped one byte every 200 ms → TimeoutError; the drip stops when the socket closes', async () => {
    const server = serve(await startDripServer('head', HEAD, '{}'));
    const client = track(createClient({ node: server.url, auth: AUTH, client: { requestTimeout: 1000, maxRetries: 0 } }));
    const error = await client.info().then(
      () => new Error('expected client.info() to time out'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(errors.TimeoutError);
    const text = textsOf(error);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(PAIR);
    // The client hung up: the server's loop ended on the socket's close, not by running out.
    expect(server.drips).toHaveLength(1);
    const drip = server.drips[0] as Drip;
    await expect(drip.stopped).resolves.toBe('socket closed');
    expect(drip.written).toBeLessThan(drip.total);
  });

  it('a response body dripped one byte every 200 ms (content-length 10000) → TimeoutError carrying no credential', async () => {
    const server = serve(await startDripServer('body', 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 10000\r\n\r\n', 'x'.repeat(10_000)));
    const client = track(createClient({ node: server.url, auth: AUTH, client: { requestTimeout: 1000, maxRetries: 0 } }));
    const error = await client.info().then(
      () => new Error('expected client.info() to time out'),
      (e: unknown) => e,
    );
    // Whatever its type, the error carries no credential, and the client hung up.
    const text = textsOf(error);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(PAIR);
    expect(server.drips).toHaveLength(1);
    const drip = server.drips[0] as Drip;
    await expect(drip.stopped).resolves.toBe('socket closed');
    expect(drip.written).toBeLessThan(drip.total);
    expect(error).toBeInstanceOf(errors.TimeoutError);
    expect((error as Error).message).toBe('Request timed out');
  });

  it('a fast server still answers with requestTimeout 1000, also after a pause longer than the timeout on the kept-alive socket', async () => {
    const server = serve(await startRecordingServer());
    const client = track(createClient({ node: server.url, auth: AUTH, client: { requestTimeout: 1000, maxRetries: 0 } }));
    await expect(client.info()).resolves.toMatchObject({ statusCode: 200, body: {} });
    // A deadline left armed after its response would fire during this pause.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await expect(client.info()).resolves.toMatchObject({ statusCode: 200, body: {} });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Basic ${PAIR}`, `Basic ${PAIR}`]);
  });

  it('asStream: a body streamed over ~1.5 s is not cut by requestTimeout 1000 once the head has arrived', async () => {
    const CHUNKS = 15;
    const sockets = new Set<Socket>();
    const server = createHttpServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' });
      let sent = 0;
      // Bounded: CHUNKS writes, or until the socket closes.
      const timer = setInterval(() => {
        if (res.destroyed || sent >= CHUNKS) {
          clearInterval(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(`chunk-${sent};`);
        sent += 1;
      }, 100);
      res.once('close', () => clearInterval(timer));
    });
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serve({
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    });
    const { port } = server.address() as AddressInfo;
    const client = track(createClient({ node: `http://127.0.0.1:${port}`, auth: AUTH, client: { requestTimeout: 1000, maxRetries: 0 } }));
    const result = await client.transport.request({ method: 'GET', path: '/stream' }, { asStream: true });
    const stream = result.body as unknown as IncomingMessage;
    let text = '';
    for await (const chunk of stream) text += (chunk as Buffer).toString('utf8');
    expect(text).toBe(Array.from({ length: CHUNKS }, (_, i) => `chunk-${i};`).join(''));
    expect(stream.complete).toBe(true);
  });
});
