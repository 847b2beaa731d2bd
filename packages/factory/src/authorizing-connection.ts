import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Connection, errors } from '@opensearch-project/opensearch';
import { type AuthProvider, type AuthRequest, type Authorization, UntrustedHostError } from '@osauth/core';
import type { Exchanges } from './exchanges';
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
};

/** What an {@link authorizingConnection} needs besides the provider. */
export interface AuthorizingConnectionOptions {
  /** Hosts credentials may be sent to; any other is refused before it is authorized. */
  readonly trustedHosts: TrustedHosts;
  /** Where each request's secret headers and deadline are recorded for the transport. */
  readonly exchanges: Exchanges;
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
 */
export function authorizingConnection(provider: AuthProvider, options: AuthorizingConnectionOptions): typeof Connection {
  const { trustedHosts, exchanges } = options;
  return class AuthorizingConnection extends Connection {
    // Each params object handed to super.request() with the request already built and
    // authorized for it: buildRequestObject() (which opensearch-js calls first thing in
    // request()) returns that instead of building a second one.
    readonly #built = new WeakMap<object, BuiltRequestObject>();

    override request(params: ConnectionRequestParams, callback: ConnectionCallback): ClientRequest {
      const built = super.buildRequestObject(params) as unknown as BuiltRequest;
      if (!trustedHosts.allows(built.protocol, built.hostname, built.port)) {
        const host = `${built.hostname}:${built.port || (built.protocol === 'https:' ? '443' : '80')}`;
        callback(new UntrustedHostError({ provider: provider.name, host, message: `Refused to send credentials to ${host}: it is not a configured node or in auth.allowedHosts.` }), null);
        return { abort: () => {} } as unknown as ClientRequest;
      }
      // One path for every request: the provider answers at once when it can (the request
      // goes out in this tick) and with a promise when it must wait; either way the headers
      // go on the request object built here.
      let authorization: Authorization | Promise<Authorization>;
      try {
        authorization = provider.authorize(toAuthRequest(built, params));
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
      const built = this.#built.get(params);
      if (built === undefined) return super.buildRequestObject(params);
      this.#built.delete(params);
      return built;
    }

    /** Sends `built` with the authorization headers set on it (never on `params`, which opensearch-js logs). */
    private send(built: BuiltRequest, authorization: Authorization, params: ConnectionRequestParams, callback: ConnectionCallback): ClientRequest {
      Object.assign(built.headers, authorization.headers);
      exchanges.recordAttempt(params);
      exchanges.recordSent(params, authorization.headers);
      // A stream the provider had to read is sent as the bytes it signed.
      const sent = authorization.body === undefined ? params : ({ ...params, body: Buffer.from(authorization.body) } as ConnectionRequestParams);
      const deadline = new Deadline(params.timeout, params.asStream === true, () => exchanges.recordTimeout(params));
      this.#built.set(sent, built);
      const request = super.request(sent, deadline.wrap(callback));
      this.#built.delete(sent);
      deadline.arm(request);
      return request;
    }
  };
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * `requestTimeout` over the whole exchange. opensearch-js's own timeout is the socket's
 * idle timeout, which a server sending a byte every few hundred milliseconds never trips.
 * Before the response head, the deadline fires the request's own `timeout` path (a
 * `TimeoutError`); during the body it records the timeout and destroys the response, which
 * the transport reports as a connection error and the scrubber turns into a `TimeoutError`. Streamed responses (`asStream`) belong to
 * the caller once their head has arrived.
 */
class Deadline {
  private timer: NodeJS.Timeout | undefined;
  private response: IncomingMessage | undefined;
  private settled = false;

  constructor(
    private readonly timeoutMs: number | null | undefined,
    private readonly streamed: boolean,
    private readonly onBodyTimeout: () => void,
  ) {}

  wrap(callback: ConnectionCallback): ConnectionCallback {
    return (err, response) => {
      if (err !== null || response === null || this.streamed) this.clear();
      else {
        this.response = response;
        response.once('close', () => this.clear());
      }
      callback(err, response);
    };
  }

  arm(request: ClientRequest): void {
    const ms = this.timeoutMs;
    if (this.settled || typeof ms !== 'number' || !(ms > 0) || !Number.isFinite(ms) || typeof request.once !== 'function') return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.response === undefined) request.emit('timeout');
      else {
        this.onBodyTimeout();
        // Without an error: one would reach opensearch-js's console.log of late request errors.
        this.response.destroy();
      }
    }, ms);
    // A pending deadline never keeps the process alive on its own.
    this.timer.unref();
  }

  private clear(): void {
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The request as it will be sent, in the provider-neutral shape. */
function toAuthRequest(built: BuiltRequest, params: ConnectionRequestParams): AuthRequest {
  const queryStart = built.path.indexOf('?');
  const headers: Record<string, string> = {};
  const source = built.headers;
  for (const name in source) {
    const value = source[name];
    if (value === undefined || value === null) continue;
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const existing = headers[key];
    headers[key] = existing === undefined ? text : `${existing}, ${text}`;
  }
  const body = params.body as AuthRequest['body'] | null;
  return {
    method: (built.method ?? 'GET').toUpperCase(),
    protocol: built.protocol,
    hostname: built.hostname,
    ...(built.port ? { port: Number(built.port) } : {}),
    path: queryStart === -1 ? built.path : built.path.slice(0, queryStart),
    query: queryStart === -1 ? '' : built.path.slice(queryStart + 1),
    headers,
    ...(body === null || body === undefined || body === '' ? {} : { body }),
  };
}
