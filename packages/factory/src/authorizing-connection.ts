import type { Agent, ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Connection, errors } from '@opensearch-project/opensearch';
import { type AuthProvider, type AuthRequest, type Authorization, type SplitHost, splitSigningHost, UntrustedHostError } from '@osauth/core';
import type { Exchanges } from './exchanges';
import { AbsoluteUriProxyAgent, TunnelingProxyAgent } from './proxy/proxy-agents';
import type { ProxyRoute } from './proxy/proxy-route';
import type { TrustedHosts } from './trusted-hosts';

type ConnectionRequestParams = Parameters<Connection['request']>[0];
type ConnectionCallback = (err: Error | null, response: IncomingMessage | null) => void;
type BuiltRequestObject = ReturnType<Connection['buildRequestObject']>;

type BuiltRequest = {
  protocol: 'http:' | 'https:';
  hostname: string;
  port?: string;
  path: string;
  method?: string;
  headers: OutgoingHttpHeaders;
  servername?: string;
};

/** What an {@link authorizingConnection} needs besides the provider. */
export interface AuthorizingConnectionOptions {
  /** Hosts credentials may be sent to; any other is refused before it is authorized. */
  readonly trustedHosts: TrustedHosts;
  /** Where each request's secret headers and deadline are recorded for the transport. */
  readonly exchanges: Exchanges;
  /** The forward proxy for each node, if any. */
  readonly proxyFor?: (node: URL) => ProxyRoute | undefined;
}

/**
 * An opensearch-js `Connection` that asks `provider` to authorize each request right
 * before it goes on the wire: after the transport has serialised and compressed the
 * body, and again for each of the client's own retries (fresh date, fresh signature).
 *
 * The authorization headers go on the request object opensearch-js builds, never on the
 * params it logs (`DEBUG=opensearch`) and keeps in error metadata. A request for a host
 * the config does not trust is refused before the provider sees it. `requestTimeout`
 * bounds the whole exchange: connecting, the response head and the response body, also
 * against a server that drips bytes.
 *
 * With a provider `signingHost`, requests are signed for that host and sent with it as
 * `Host` (and as the TLS server name), whatever the node URL: a tunnel or a custom domain.
 * Through a forward proxy, `http:` requests carry their absolute URI and `https:` ones go
 * through a `CONNECT` tunnel; `Proxy-Authorization` is added after signing, never signed.
 */
export function authorizingConnection(provider: AuthProvider, options: AuthorizingConnectionOptions): typeof Connection {
  const { trustedHosts, exchanges, proxyFor } = options;
  const signing = provider.signingHost === undefined ? undefined : splitSigningHost(provider.signingHost);
  // A provider that holds every secret it sends as a Secret needs no per-request record.
  const recordsSent = provider.holdsSentSecrets !== true;
  return class AuthorizingConnection extends Connection {
    // A Connection talks to one URL, so whether credentials may go there is decided once.
    readonly #trusted: boolean;
    // The request built and authorized for the params handed to super.request() right now:
    // buildRequestObject(), which opensearch-js calls synchronously first thing in
    // request(), returns it instead of building a second one.
    #handoff: { readonly params: ConnectionRequestParams; readonly built: BuiltRequestObject } | undefined;
    readonly #deadlines = new Deadlines();
    readonly #route: ProxyRoute | undefined;
    // `http://host:port` of the node, for absolute-URI requests through a proxy.
    readonly #origin: string;

    constructor(...args: ConstructorParameters<typeof Connection>) {
      super(...args);
      const self = this as unknown as { url: URL; ssl: ConnectionOptions | null; agent?: Agent };
      const url = self.url;
      this.#trusted = trustedHosts.allows(url.protocol, url.hostname, url.port);
      this.#origin = `${url.protocol}//${url.host}`;
      this.#route = proxyFor?.(url);
      if (this.#route !== undefined) {
        self.agent?.destroy();
        const given = (args[0] as { agent?: unknown } | undefined)?.agent;
        const agentOptions = { ...DEFAULT_AGENT_OPTIONS, ...(isObject(given) ? given : {}) };
        self.agent = url.protocol === 'https:' ? new TunnelingProxyAgent(this.#route, { ...agentOptions, ...self.ssl }) : new AbsoluteUriProxyAgent(this.#route, agentOptions);
      }
    }

    override request(params: ConnectionRequestParams, callback: ConnectionCallback): ClientRequest {
      const built = super.buildRequestObject(params) as unknown as BuiltRequest;
      if (!this.#trusted) {
        const host = `${built.hostname}:${built.port || (built.protocol === 'https:' ? '443' : '80')}`;
        callback(new UntrustedHostError({ provider: provider.name, host, message: `Refused to send credentials to ${host}: it is not a configured node or in auth.allowedHosts.` }), null);
        return { abort: () => {} } as unknown as ClientRequest;
      }
      // One path for every request: the provider answers at once when it can (the request
      // goes out in this tick) and with a promise when it must wait; either way the headers
      // go on the request object built here.
      let authorization: Authorization | Promise<Authorization>;
      try {
        authorization = provider.authorize(toAuthRequest(built, params, signing));
      } catch (error) {
        callback(toError(error), null);
        return { abort: () => {} } as unknown as ClientRequest;
      }
      if (!isPromise(authorization)) return this.send(built, authorization, params, callback);

      let aborted = false;
      let sent: { abort(): void } | undefined;
      authorization.then(
        (ready) => {
          if (!aborted) sent = this.send(built, ready, params, callback);
        },
        (error: unknown) => {
          if (!aborted) callback(toError(error), null);
        },
      );
      const handle = {
        abort: () => {
          if (sent) return sent.abort();
          if (aborted) return;
          aborted = true;
          callback(new errors.RequestAbortedError('Request aborted'), null);
        },
      };
      return handle as unknown as ClientRequest;
    }

    override buildRequestObject(params: ConnectionRequestParams): BuiltRequestObject {
      const handoff = this.#handoff;
      if (handoff === undefined || handoff.params !== params) return super.buildRequestObject(params);
      this.#handoff = undefined;
      return handoff.built;
    }

    /** Sends `built` with the authorization headers set on it (never on `params`, which opensearch-js logs). */
    private send(built: BuiltRequest, authorization: Authorization, params: ConnectionRequestParams, callback: ConnectionCallback): ClientRequest {
      const headers = authorization.headers;
      for (const name in headers) built.headers[name] = headers[name];
      if (signing !== undefined) {
        built.headers.host = signing.header;
        if (built.protocol === 'https:') built.servername = isIP(signing.hostname) === 0 ? signing.hostname : '';
      }
      const route = this.#route;
      if (route !== undefined && built.protocol === 'http:') {
        built.path = `${this.#origin}${built.path}`;
        if (route.authorization !== undefined) built.headers['proxy-authorization'] = route.authorization.reveal();
      }
      if (recordsSent) exchanges.recordSend(params, headers);
      else exchanges.recordAttempt(params);
      // A stream the provider had to read is sent as the bytes it signed.
      const sent = authorization.body === undefined ? params : ({ ...params, body: Buffer.from(authorization.body) } as ConnectionRequestParams);
      const deadline = new Deadline(params.asStream === true, exchanges, params);
      this.#handoff = { params: sent, built: built as unknown as BuiltRequestObject };
      let request: ClientRequest;
      try {
        request = super.request(sent, deadline.wrap(callback));
      } finally {
        this.#handoff = undefined;
      }
      this.#deadlines.track(deadline, request, params.timeout);
      return request;
    }
  };
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * `requestTimeout` over the whole exchange of one request. opensearch-js's own timeout is
 * the socket's idle timeout, which a server sending a byte every few hundred milliseconds
 * never trips. Before the response head, the deadline fires the request's own `timeout`
 * path (a `TimeoutError`); during the body it records the timeout and destroys the
 * response, which the transport reports as a connection error and the scrubber turns into
 * a `TimeoutError`. Streamed responses (`asStream`) belong to the caller once their head
 * has arrived.
 */
class Deadline {
  expiresAt = 0;
  request: ClientRequest | undefined;
  response: IncomingMessage | undefined;
  settled = false;

  constructor(
    private readonly streamed: boolean,
    private readonly exchanges: Exchanges,
    private readonly params: object,
  ) {}

  wrap(callback: ConnectionCallback): ConnectionCallback {
    return (err, response) => {
      this.request = undefined;
      if (err !== null || response === null || this.streamed) this.settled = true;
      else this.response = response;
      callback(err, response);
    };
  }

  /** Whether there is nothing left to bound: failed, handed over, or the body read or destroyed. */
  finished(): boolean {
    const response = this.response;
    return this.settled || (response !== undefined && (response.complete || response.destroyed));
  }

  expire(): void {
    const response = this.response;
    if (response === undefined) this.request?.emit('timeout');
    else {
      this.exchanges.recordTimeout(this.params);
      // Without an error: one would reach opensearch-js's console.log of late request errors.
      response.destroy();
    }
  }
}

/**
 * The deadlines of one connection's requests in flight, swept by one timer rather than a
 * timer (and a `close` listener) per request: each sweep drops the finished ones and
 * expires the late ones. A sweep runs every tenth of the shortest timeout (5 ms to 100 ms),
 * so a deadline fires at most that late; the timer stops when nothing is in flight and
 * never keeps the process alive.
 */
class Deadlines {
  readonly #pending = new Set<Deadline>();
  #timer: NodeJS.Timeout | undefined;
  #tickMs = Number.POSITIVE_INFINITY;

  track(deadline: Deadline, request: ClientRequest, timeoutMs: number | null | undefined): void {
    if (deadline.settled || typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs) || typeof request.emit !== 'function') return;
    if (deadline.response === undefined) deadline.request = request;
    deadline.expiresAt = performance.now() + timeoutMs;
    this.#pending.add(deadline);
    const tickMs = Math.min(100, Math.max(5, Math.floor(timeoutMs / 10)));
    if (tickMs < this.#tickMs) this.#start(tickMs);
  }

  #start(tickMs: number): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#tickMs = tickMs;
    this.#timer = setInterval(() => this.#sweep(), tickMs);
    this.#timer.unref();
  }

  #sweep(): void {
    const now = performance.now();
    for (const deadline of this.#pending) {
      if (deadline.finished()) this.#pending.delete(deadline);
      else if (deadline.expiresAt <= now) {
        this.#pending.delete(deadline);
        deadline.expire();
      }
    }
    if (this.#pending.size === 0 && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#tickMs = Number.POSITIVE_INFINITY;
    }
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The request as it will be sent, in the provider-neutral shape. */
function toAuthRequest(built: BuiltRequest, params: ConnectionRequestParams, signing: SplitHost | undefined): AuthRequest {
  const path = built.path;
  const queryStart = path.indexOf('?');
  const headers: Record<string, string> = {};
  const source = built.headers;
  for (const name in source) {
    const value = source[name];
    if (value === undefined || value === null) continue;
    const key = name.toLowerCase();
    // Belongs to the hop to the proxy, not to the request the cluster verifies.
    if (key === 'proxy-authorization') continue;
    const text = typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : String(value);
    const existing = headers[key];
    headers[key] = existing === undefined ? text : `${existing}, ${text}`;
  }
  const request: { -readonly [K in keyof AuthRequest]: AuthRequest[K] } = {
    method: built.method === undefined ? 'GET' : built.method.toUpperCase(),
    protocol: built.protocol,
    hostname: signing === undefined ? built.hostname : signing.hostname,
    path: queryStart === -1 ? path : path.slice(0, queryStart),
    query: queryStart === -1 ? '' : path.slice(queryStart + 1),
    headers,
  };
  if (signing !== undefined) {
    if (signing.port !== undefined) request.port = signing.port;
  } else if (built.port) request.port = Number(built.port);
  const body = params.body as AuthRequest['body'] | null;
  if (body !== null && body !== undefined && body !== '') request.body = body;
  return request;
}

// opensearch-js's own agent defaults, kept when osauth puts a proxy agent in its place.
const DEFAULT_AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 1000, maxSockets: 256, maxFreeSockets: 256, scheduling: 'lifo' as const };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
