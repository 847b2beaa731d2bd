// How `osauth proxy` forwards: its own keep-alive sockets to the cluster, answers streamed
// back, one recovery from an auth failure, TLS and signingHost from the config, timeouts and
// network failures named, and the transport path for configs raw forwarding does not handle.
import { readFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Emulator, startEmulator, startForwardProxy, startTlsFront } from '@osauth/testing';
import { AWS_KEYS, configFile, ensureBuilt, type LongRunning, startCli } from './helpers';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(port: number, path: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const running: LongRunning[] = [];
async function startProxy(url: string, args: string[], env: Record<string, string> = AWS_KEYS): Promise<{ proxy: LongRunning; port: number }> {
  const proxy = startCli(['proxy', url, '--listen', '127.0.0.1:0', '--log', 'json', ...args], env);
  running.push(proxy);
  const match = await proxy.waitFor(/osauth proxy listening on http:\/\/127\.0\.0\.1:(\d+)/);
  return { proxy, port: Number(match[1]) };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(ensureBuilt);
afterEach(async () => {
  for (const proxy of running.splice(0)) {
    proxy.child.kill('SIGTERM');
    await proxy.exited;
  }
});

describe('osauth proxy: the upstream side', () => {
  let upstream: Server;
  let url: string;
  let connections = 0;
  // The streaming endpoint sends its last chunk only once the test has seen the first.
  let releaseStream: () => void = () => undefined;
  beforeAll(async () => {
    upstream = createServer((req, res) => {
      req.resume();
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first;');
        releaseStream = () => res.end('last');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    upstream.on('connection', () => (connections += 1));
    url = await listen(upstream);
  });
  afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

  it('reuses its keep-alive connections to the cluster across client connections', async () => {
    const { port } = await startProxy(url, ['--provider', 'none'], {});
    connections = 0;
    for (let i = 0; i < 20; i += 1) expect((await send(port, '/one-at-a-time')).status).toBe(200);
    expect(connections).toBe(1);
    // Bursts of 8: never more connections than requests at once, however many bursts.
    for (let burst = 0; burst < 5; burst += 1) await Promise.all(Array.from({ length: 8 }, () => send(port, '/eight-at-once')));
    expect(connections).toBeLessThanOrEqual(8);
  });

  it('streams an answer: the first chunk reaches the client before the cluster has finished', async () => {
    const { port } = await startProxy(url, ['--provider', 'none'], {});
    const body = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/stream', agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
          if (text === 'first;') releaseStream();
        });
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('first;last');
  });
});

describe('osauth proxy: failures named', () => {
  it('a cluster slower than client.requestTimeout is a 504 TimeoutError', async () => {
    const slow = createServer((req, res) => {
      req.resume();
      setTimeout(() => res.end('late'), 2000).unref();
    });
    const url = await listen(slow);
    try {
      const file = configFile({ node: url, auth: { provider: 'none' }, client: { requestTimeout: 100 } });
      const { proxy, port } = await startProxy(url, [], { OSAUTH_CONFIG: file });
      const answer = await send(port, '/slow');
      expect(answer.status).toBe(504);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'TimeoutError' } });
      await proxy.waitFor(/"status":504,"ms":\d+,"code":"TimeoutError"/);
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });

  it('a cluster that goes quiet mid-answer for client.requestTimeout: the answer is cut, not left hanging, and logged as a TimeoutError', async () => {
    const quiet = createServer((req, res) => {
      req.resume();
      res.writeHead(req.url === '/denied' ? 403 : 200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    });
    const url = await listen(quiet);
    try {
      const file = configFile({ node: url, auth: { provider: 'none' }, client: { requestTimeout: 300 } });
      const { proxy, port } = await startProxy(url, [], { OSAUTH_CONFIG: file });
      // A success streams its head at once, so only the cut is left to tell the client.
      const cut = await new Promise<{ status: number; body: string; ended: boolean }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/quiet', agent: false }, (res) => {
          let body = '';
          let ended = false;
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          res.on('end', () => (ended = true));
          res.on('error', () => undefined);
          res.on('close', () => resolve({ status: res.statusCode ?? 0, body, ended }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(cut).toEqual({ status: 200, body: '{"partial":', ended: false });
      await proxy.waitFor(/"path":"\/quiet","status":200,"ms":\d+,"code":"TimeoutError"/);
      // An error answer is read before it is answered: nothing has been sent, so it is a 504.
      const denied = await send(port, '/denied');
      expect(denied.status).toBe(504);
      expect(JSON.parse(denied.body)).toMatchObject({ error: { code: 'TimeoutError' } });
    } finally {
      quiet.closeAllConnections();
      await new Promise<void>((resolve) => quiet.close(() => resolve()));
    }
  });

  it('a cluster that refuses the connection is a 502 ConnectionError', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { port } = await startProxy(url, ['--provider', 'none'], {});
    const answer = await send(port, '/');
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'ConnectionError' } });
  });
});

describe('osauth proxy in front of the aws emulator', () => {
  let emulator: Emulator;
  afterEach(() => emulator.close());

  it('recovers once from a typed failure, as the SDK client does: a skewed clock is corrected and the request resent', async () => {
    // The cluster's clock is 20 minutes ahead: the first signature is refused as skewed.
    emulator = await startEmulator({ service: 'es', region: 'us-east-1', clock: () => Date.now() + 20 * 60_000 });
    const { port } = await startProxy(emulator.url, ['--service', 'es', '--region', 'us-east-1']);
    const answer = await send(port, '/');
    expect(answer.status).toBe(200);
    expect(emulator.requests.map((r) => r.outcome)).toEqual(['clock-skew', 'ok']);
    // Corrected for good: the next request is signed right the first time.
    expect((await send(port, '/')).status).toBe(200);
    expect(emulator.requests.map((r) => r.outcome)).toEqual(['clock-skew', 'ok', 'ok']);
  });

  it('a failure it cannot recover from is answered typed, sent once', async () => {
    emulator = await startEmulator({ service: 'es', region: 'us-east-1' });
    const { port } = await startProxy(emulator.url, ['--service', 'es', '--region', 'us-east-1']);
    emulator.failNext('signature-mismatch');
    const answer = await send(port, '/books/_search', { method: 'POST', body: '{"query":{"match_all":{}}}' });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'SIGNATURE_MISMATCH' } });
    expect(emulator.requests).toHaveLength(1);
  });

  it('signs for auth.signingHost through a TLS tunnel verified with client.ssl.ca from the config', async () => {
    const fixtures = join(__dirname, '..', '..', 'integration', 'test', 'connectivity', 'fixtures');
    const domain = 'vpc-logs-abc.us-east-1.es.amazonaws.com';
    emulator = await startEmulator({ service: 'es', region: 'us-east-1' });
    const tunnel = await startTlsFront(emulator.url, { cert: readFileSync(join(fixtures, `${domain}.crt`)), key: readFileSync(join(fixtures, `${domain}.key`)) });
    try {
      const file = configFile({ node: tunnel.url, auth: { provider: 'aws', signingHost: domain }, client: { ssl: { ca: readFileSync(join(fixtures, 'ca.crt'), 'utf8') } } });
      const { proxy, port } = await startProxy(tunnel.url, [], { ...AWS_KEYS, OSAUTH_CONFIG: file });
      expect((await send(port, '/')).status).toBe(200);
      expect(emulator.requests[0]).toMatchObject({ verified: true, headers: { host: domain } });
      expect(proxy.output.stderr).not.toMatch(/opensearch-js transport/);
    } finally {
      await tunnel.close();
    }
  });

  it('through the opensearch-js transport too, a typed failure is recovered from once: a skewed clock is corrected and the request resent', async () => {
    emulator = await startEmulator({ service: 'es', region: 'us-east-1', clock: () => Date.now() + 20 * 60_000 });
    const forward = await startForwardProxy();
    try {
      const file = configFile({ node: emulator.url, auth: { provider: 'aws', service: 'es', region: 'us-east-1' }, proxy: forward.url });
      const { port } = await startProxy(emulator.url, [], { ...AWS_KEYS, OSAUTH_CONFIG: file });
      const answer = await send(port, '/books/_doc/1', { method: 'PUT', body: '{"title":"Dune"}' });
      expect(answer.status).toBe(201);
      expect(emulator.requests.map((r) => r.outcome)).toEqual(['clock-skew', 'ok']);
      expect((await send(port, '/')).status).toBe(200);
      expect(emulator.requests.map((r) => r.outcome)).toEqual(['clock-skew', 'ok', 'ok']);
    } finally {
      await forward.close();
    }
  });

  it('a config with a forward proxy goes through the opensearch-js transport, and says so', async () => {
    emulator = await startEmulator({ service: 'es', region: 'us-east-1' });
    const forward = await startForwardProxy();
    try {
      const file = configFile({ node: emulator.url, auth: { provider: 'aws', service: 'es', region: 'us-east-1' }, proxy: forward.url });
      const { proxy, port } = await startProxy(emulator.url, [], { ...AWS_KEYS, OSAUTH_CONFIG: file });
      expect(proxy.output.stderr).toMatch(/forwarding through the opensearch-js transport: the config sets a forward proxy/);
      expect((await send(port, '/')).status).toBe(200);
      expect(forward.requests).toHaveLength(1);
      expect(emulator.requests[0]?.verified).toBe(true);
      emulator.denyAccess();
      const denied = await send(port, '/');
      expect(denied.status).toBe(403);
      expect(JSON.parse(denied.body)).toMatchObject({ error: { code: 'ACCESS_DENIED' } });
    } finally {
      await forward.close();
    }
  });
});
