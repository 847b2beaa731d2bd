import { createServer, request as httpRequest, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** What a {@link startForwardProxy} saw of one request. */
export interface ProxiedRequest {
  /** `CONNECT` for a tunnel, else the method of an absolute-URI request. */
  readonly method: string;
  /** The request target: `host:port` for `CONNECT`, the absolute URI otherwise. */
  readonly target: string;
  /** The headers the proxy received (the `proxy-authorization` one included). */
  readonly headers: IncomingHttpHeaders;
}

/** A running {@link startForwardProxy}. */
export interface ForwardProxy {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request the proxy received, in order. */
  readonly requests: readonly ProxiedRequest[];
  /** Stop listening and drop open tunnels. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link startForwardProxy}. */
export interface ForwardProxyOptions {
  /**
   * When set, requests without `Proxy-Authorization: <this>` are answered `407`, with a body
   * that echoes the `Proxy-Authorization` received (as careless proxies do), so a test can
   * check that it never reaches an error.
   */
  readonly requireAuthorization?: string;
}

/**
 * A forward HTTP proxy on 127.0.0.1, as corporate networks put in the way: absolute-URI
 * requests (`GET http://host/path`) are forwarded with the hop-by-hop `Proxy-Authorization`
 * removed, and `CONNECT host:port` opens a TCP tunnel. It forwards only to 127.0.0.0/8.
 *
 * @example
 * ```ts
 * import '@osauth/aws';
 * import { createClient } from '@osauth/factory';
 * import { startEmulator, startForwardProxy } from '@osauth/testing';
 *
 * const emulator = await startEmulator();
 * const proxy = await startForwardProxy();
 * const auth = { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } } as const;
 * const client = createClient({ node: emulator.url, auth, proxy: proxy.url });
 * await client.info();
 * proxy.requests[0]?.target; // 'http://127.0.0.1:…/'
 * ```
 */
export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const allowed = (res: ServerResponse, headers: IncomingHttpHeaders): boolean => {
    if (options.requireAuthorization === undefined || headers['proxy-authorization'] === options.requireAuthorization) return true;
    res.writeHead(407, { 'content-type': 'text/plain' }).end(`proxy authentication required; got ${String(headers['proxy-authorization'] ?? 'nothing')}`);
    return false;
  };
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', target: req.url ?? '', headers: req.headers });
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URI expected');
      return;
    }
    if (!allowed(res, req.headers)) return;
    if (!isLoopback(target.hostname)) {
      res.writeHead(403).end('this test proxy forwards only to 127.0.0.0/8');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest({ host: target.hostname, port: target.port || 80, method: req.method, path: `${target.pathname}${target.search}`, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end('upstream unreachable'));
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    requests.push({ method: 'CONNECT', target: req.url ?? '', headers: req.headers });
    const [host = '', port = '443'] = (req.url ?? '').replace(/^\[([^\]]+)\]/, '$1').split(/:(?=\d+$)/);
    if (options.requireAuthorization !== undefined && req.headers['proxy-authorization'] !== options.requireAuthorization) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    if (!isLoopback(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const upstream = connect({ host, port: Number(port) }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function isLoopback(host: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost' || host === '::1';
}
