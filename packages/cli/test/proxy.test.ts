import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { type Emulator, startEmulator } from '@osauth/testing';
import { AWS_KEYS, ensureBuilt, type LongRunning, openFds, startCli } from './helpers';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: Agent } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers, agent: options.agent ?? false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    // A CONNECT answer arrives as 'connect', whatever its status.
    req.on('connect', (res, socket) => {
      let body = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      socket.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

async function startProxy(url: string, args: string[], env: Record<string, string> = AWS_KEYS): Promise<{ proxy: LongRunning; port: number }> {
  const proxy = startCli(['proxy', url, '--listen', '127.0.0.1:0', ...args], env);
  const match = await proxy.waitFor(/osauth proxy listening on http:\/\/127\.0\.0\.1:(\d+)/);
  return { proxy, port: Number(match[1]) };
}

beforeAll(ensureBuilt);

describe('osauth proxy in front of the aoss emulator', () => {
  let emulator: Emulator;
  let proxy: LongRunning;
  let port: number;
  beforeAll(async () => {
    emulator = await startEmulator({ service: 'aoss', region: 'us-east-1' });
    ({ proxy, port } = await startProxy(emulator.url, ['--service', 'aoss', '--region', 'us-east-1', '--max-body', '65536', '--log', 'json']));
  });
  afterAll(async () => {
    proxy.child.kill('SIGTERM');
    await proxy.exited;
    await emulator.close();
  });

  it('signs afresh: a client Authorization and x-amz-* headers are dropped and replaced', async () => {
    const created = await send(port, {
      method: 'PUT',
      path: '/books',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=FAKEbogus/x, SignedHeaders=host, Signature=00', 'x-amz-security-token': 'FAKEbogusToken' },
    });
    expect(created.status).toBe(200);
    const indexed = await send(port, { method: 'PUT', path: '/books/_doc/1?refresh=true', headers: { 'content-type': 'application/json' }, body: '{"title":"Dune"}' });
    expect(indexed.status).toBe(201);
    const got = await send(port, { path: '/books/_doc/1' });
    expect(JSON.parse(got.body)).toMatchObject({ _source: { title: 'Dune' } });
    const recorded = emulator.requests.slice(-3);
    expect(recorded.map((r) => [r.method, r.verified])).toEqual([
      ['PUT', true],
      ['PUT', true],
      ['GET', true],
    ]);
    expect(recorded[0]?.headers['x-amz-security-token']).toBeUndefined();
    expect(recorded[0]?.accessKeyId).toBe('AKIDEXAMPLE');
    // One redacted log line per request.
    await proxy.waitFor(/"method":"GET","path":"\/books\/_doc\/1","status":200/);
    expect(proxy.output.stderr).not.toContain(AWS_KEYS.AWS_SECRET_ACCESS_KEY);
  });

  it('forwards an absolute-URI request for the cluster itself, refuses one for another host with 403', async () => {
    expect((await send(port, { path: `${emulator.url}/books/_doc/1` })).status).toBe(200);
    const before = emulator.requests.length;
    const refused = await send(port, { path: 'http://evil.example.com/books/_doc/1' });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'FORBIDDEN_HOST' } });
    expect(emulator.requests.length).toBe(before);
  });

  it('refuses CONNECT with 405, never tunnelling', async () => {
    const before = emulator.requests.length;
    const refused = await send(port, { method: 'CONNECT', path: 'evil.example.com:443' });
    expect(refused.status).toBe(405);
    expect(emulator.requests.length).toBe(before);
    await proxy.waitFor(/"method":"CONNECT","path":"evil\.example\.com:443","status":405,"ms":0,"code":"METHOD_NOT_ALLOWED"/);
  });

  it('outlives a CONNECT client that resets its connection (a tool with HTTPS_PROXY set to it)', async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n');
    // Reset once the proxy has the request, before it has written its answer.
    await proxy.waitFor(/"method":"CONNECT","path":"example\.com:443"/);
    socket.resetAndDestroy();
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect((await send(port, { path: '/' })).status).toBe(200);
    expect(proxy.child.exitCode).toBeNull();
  });

  it('answers 413 over --max-body, without forwarding', async () => {
    const before = emulator.requests.length;
    const big = Buffer.alloc(100_000, 'a');
    expect((await send(port, { method: 'POST', path: '/books/_doc', body: big })).status).toBe(413);
    // Chunked, with no content-length: counted as it arrives.
    const chunked = await send(port, { method: 'POST', path: '/books/_doc', headers: { 'transfer-encoding': 'chunked' }, body: big });
    expect(chunked.status).toBe(413);
    expect(emulator.requests.length).toBe(before);
  });

  it('answers a typed auth failure with its status and { error: { code, hint, remediation } }', async () => {
    emulator.denyAccess();
    try {
      const denied = await send(port, { path: '/books/_doc/1' });
      expect(denied.status).toBe(403);
      const body = JSON.parse(denied.body) as { error: { code: string; hint: string; remediation: string } };
      expect(body.error).toMatchObject({ code: 'ACCESS_DENIED', hint: 'X01:gw-helper-deny', remediation: expect.stringMatching(/^1\. /) });
      await proxy.waitFor(/"status":403,"ms":\d+,"code":"ACCESS_DENIED"/);
    } finally {
      emulator.denyAccess(false);
    }
  });

  it('load: 3000 requests over 200 concurrent connections, all answered, none lost, file descriptors back near the start', async () => {
    const pid = proxy.child.pid as number;
    const fdsBefore = openFds(pid);
    const agent = new Agent({ keepAlive: true, maxSockets: 200 });
    const before = emulator.requests.length;
    const total = 3000;
    let next = 0;
    const statuses = new Map<number, number>();
    const worker = async (): Promise<void> => {
      while (next < total) {
        next += 1;
        const { status } = await send(port, { path: '/books/_doc/1', agent });
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 200 }, worker));
    expect(Object.fromEntries(statuses)).toEqual({ 200: total });
    expect(emulator.requests.length - before).toBe(total);
    agent.destroy();
    // Closed client connections and capped idle upstream sockets: the count settles near the start.
    const deadline = Date.now() + 8000;
    let fdsAfter = openFds(pid);
    while (fdsAfter > fdsBefore + 24 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      fdsAfter = openFds(pid);
    }
    expect(fdsAfter).toBeLessThanOrEqual(fdsBefore + 24);
  }, 40_000);
});

describe('osauth proxy on SIGTERM', () => {
  let slow: Server;
  beforeAll(async () => {
    // A cluster that takes its time: the request is in flight when SIGTERM arrives.
    slow = createServer((req, res) => {
      req.resume();
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"slow":true}'), 800);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => slow.close(() => resolve())));

  it('drains the request in flight, then exits 0', async () => {
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const { proxy, port } = await startProxy(url, ['--provider', 'none', '--log', 'text'], {});
    const inFlight = send(port, { path: '/slow' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    proxy.child.kill('SIGTERM');
    const answer = await inFlight;
    expect(answer).toMatchObject({ status: 200, body: '{"slow":true}' });
    expect(await proxy.exited).toEqual({ code: 0, signal: null });
    expect(proxy.output.stderr).toMatch(/GET \/slow 200 \d+ms/);
  });
});

describe('osauth proxy --listen', () => {
  it('a non-loopback address prints a warning', async () => {
    const open = startCli(['proxy', 'http://127.0.0.1:9', '--provider', 'none', '--listen', '0.0.0.0:0']);
    await open.waitFor(/osauth proxy listening on http:\/\/0\.0\.0\.0:\d+/);
    expect(open.output.stderr).toMatch(/^warning: listening on 0\.0\.0\.0, not a loopback address/m);
    open.child.kill('SIGTERM');
    expect((await open.exited).code).toBe(0);
  });
});
