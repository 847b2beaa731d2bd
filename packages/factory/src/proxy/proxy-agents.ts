import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { ProxyRoute } from './proxy-route';

type SocketCallback = (err: Error | null, socket: Duplex) => void;

/** The socket to the proxy itself: TCP, or TLS for an `https:` proxy. */
function connectToProxy(route: ProxyRoute, timeoutMs: number | undefined): net.Socket {
  const { hostname, port, protocol } = route.url;
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const socket =
    protocol === 'https:' ? tls.connect({ host, port: Number(port || 443), servername: net.isIP(host) ? '' : host, ALPNProtocols: ['http/1.1'] }) : net.connect({ host, port: Number(port || 80) });
  if (timeoutMs !== undefined && timeoutMs > 0) socket.setTimeout(timeoutMs, () => socket.destroy(new Error('the proxy did not answer in time')));
  return socket;
}

/**
 * For `http:` nodes: every socket goes to the proxy, and the connection writes each request
 * with its absolute URI (`GET http://node:9200/path`), as HTTP proxies expect.
 */
export class AbsoluteUriProxyAgent extends http.Agent {
  readonly #route: ProxyRoute;

  constructor(route: ProxyRoute, options: http.AgentOptions) {
    super(options);
    this.#route = route;
  }

  override createConnection(options: http.ClientRequestArgs): Duplex {
    return connectToProxy(this.#route, typeof options.timeout === 'number' ? options.timeout : undefined);
  }
}

/**
 * For `https:` nodes: a `CONNECT host:port` tunnel through the proxy (with
 * `Proxy-Authorization` on the CONNECT only), then TLS to the node inside it, verified
 * against the request's server name (the signing host when one is set).
 */
export class TunnelingProxyAgent extends https.Agent {
  readonly #route: ProxyRoute;

  constructor(route: ProxyRoute, options: https.AgentOptions) {
    super(options);
    this.#route = route;
  }

  override createConnection(options: tls.ConnectionOptions & http.ClientRequestArgs, callback: SocketCallback): undefined {
    const host = String(options.host ?? options.hostname ?? 'localhost');
    const port = Number(options.port ?? 443);
    const target = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
    const timeoutMs = typeof options.timeout === 'number' ? options.timeout : undefined;
    const proxySocket = connectToProxy(this.#route, timeoutMs);
    const headers: http.OutgoingHttpHeaders = { host: target };
    if (this.#route.authorization !== undefined) headers['proxy-authorization'] = this.#route.authorization.reveal();
    // No agent: the CONNECT goes over the socket made above (`agent: false` would make a new one).
    const connect = http.request({ method: 'CONNECT', path: target, headers, setHost: false, createConnection: () => proxySocket });
    let done = false;
    const finish = (err: Error | null, socket?: Duplex): void => {
      if (done) return;
      done = true;
      if (err) {
        proxySocket.destroy();
        callback(err, proxySocket);
      } else callback(null, socket as Duplex);
    };
    connect.once('connect', (response, socket) => {
      connect.removeAllListeners('error');
      if (response.statusCode !== 200) {
        socket.destroy();
        return finish(new Error(`the proxy at ${this.#route.url.host} refused the tunnel to ${target}: ${String(response.statusCode)} ${response.statusMessage ?? ''}`.trim()));
      }
      socket.setTimeout(0);
      const { servername } = options;
      const secure = tls.connect({ ...options, socket, host, servername: servername ?? (net.isIP(host) ? '' : host) });
      finish(null, secure);
    });
    connect.once('error', (error) => finish(new Error(`could not reach the proxy at ${this.#route.url.host}: ${error.message}`)));
    connect.end();
    return undefined;
  }
}
