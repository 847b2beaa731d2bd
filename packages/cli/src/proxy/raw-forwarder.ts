import { Agent as HttpAgent, type ClientRequest, type IncomingMessage, request as httpRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { type AuthProvider, type AuthRequest, type Authorization, type ErrorCode, type SplitHost, splitSigningHost } from '@osauth/core';
import { answerFailure, classifyFailure, HOP_BY_HOP, readFailure, recovers } from './failure-answer';
import type { ForwardRequest, Forwarder, TaggedResponse } from './forwarder';

/**
 * The upstream sockets: kept alive for as many requests as the proxy has in flight (a pool
 * smaller than the load closes and reopens sockets on every burst, which costs more than
 * the signing), idle ones closed after 15 s, or before the server's `Keep-Alive: timeout`.
 */
export const UPSTREAM_AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 1000, maxSockets: 256, maxFreeSockets: 256, scheduling: 'lifo', timeout: 15_000 } as const;

// A keep-alive socket the server closed while our request was on its way: safe to resend once.
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** What {@link rawForwarder} needs: the one node, its provider and the client options it honours. */
export interface RawForwarderOptions {
  /** The cluster: every request goes to this origin. */
  readonly node: URL;
  /** The provider `createClient` built for the config: it signs, classifies and recovers. */
  readonly provider: AuthProvider;
  /** `client.ssl`: TLS options for an `https` node (`ca`, `rejectUnauthorized`, …). */
  readonly ssl?: ConnectionOptions;
  /** `client.headers`, names in lower case: sent unless the client sends its own. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `client.requestTimeout`: from the send to the response head. */
  readonly requestTimeoutMs: number;
  /** Releases the provider (closes the client that owns it). */
  readonly release: () => Promise<void>;
}

/**
 * Forwards with `node:http(s)` and the provider's own signing, no opensearch-js transport in
 * between: the body is sent as the bytes received (never parsed), signed with
 * `provider.authorize()` — synchronously once credentials are held, as the SDK's connection
 * does — and the answer is piped back with its headers.
 *
 * What makes it osauth is kept: error answers are classified by the provider into typed
 * errors; a typed failure the provider can recover from (refreshed credentials, a corrected
 * clock) is signed afresh and resent once, as the SDK client does (the body is in memory);
 * with a `signingHost`, requests are signed for it and sent with it as `Host` and TLS
 * server name. The node is the only host it ever sends to, and a configured node is a
 * trusted host by definition.
 */
export function rawForwarder(options: RawForwarderOptions): Forwarder {
  const { node, provider, requestTimeoutMs } = options;
  const secure = node.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ ...UPSTREAM_AGENT_OPTIONS, ...options.ssl }) : new HttpAgent(UPSTREAM_AGENT_OPTIONS);
  const sendOn = secure ? httpsRequest : httpRequest;
  const signing = provider.signingHost === undefined ? undefined : splitSigningHost(provider.signingHost);
  const bareHostname = node.hostname.startsWith('[') ? node.hostname.slice(1, -1) : node.hostname;
  // The URL leaves the port out when it is the protocol's default, as the provider wants it.
  const nodeHost: SplitHost = node.port === '' ? { hostname: bareHostname, header: node.host } : { hostname: bareHostname, port: Number(node.port), header: node.host };
  const signed = signing ?? nodeHost;
  const hostHeader = signed.header;
  const port = nodeHost.port ?? (secure ? 443 : 80);
  const servername = secure && signing !== undefined ? (isIP(signing.hostname) === 0 ? signing.hostname : '') : undefined;
  const defaults = options.headers;

  /** Sends one attempt and resolves with the response head. */
  function send(request: ForwardRequest, base: Record<string, string>, authorization: Authorization, exchange: Exchange, retried = false): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      // A flat list: node:http stores it as is, without a header map per request.
      const auth = authorization.headers;
      const headers: string[] = Object.hasOwn(auth, 'host') ? [] : ['host', hostHeader];
      for (const name in base) if (!Object.hasOwn(auth, name)) headers.push(name, base[name] as string);
      for (const name in auth) headers.push(name, auth[name] as string);
      const target: RequestOptions = { agent, hostname: bareHostname, port, method: request.method, path: request.path, headers };
      if (servername !== undefined) (target as { servername?: string }).servername = servername;
      const upstream = sendOn(target);
      exchange.upstream = upstream;
      let settled = false;
      const timer = setTimeout(() => upstream.destroy(timeoutError(requestTimeoutMs)), requestTimeoutMs);
      upstream.once('response', (response) => {
        clearTimeout(timer);
        settled = true;
        resolve(response);
      });
      // Stays installed after the head: later socket errors reach the response stream too.
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        if (!retried && upstream.reusedSocket && STALE_SOCKET.has(error.code ?? '') && !exchange.gone) {
          resolve(send(request, base, authorization, exchange, true));
        } else reject(error.name === 'TimeoutError' ? error : connectionError(error));
      });
      const body = authorization.body ?? request.body;
      upstream.end(body.length > 0 ? body : undefined);
    });
  }

  /** Signs (at once when the provider can) and sends. */
  function attempt(request: ForwardRequest, base: Record<string, string>, exchange: Exchange): Promise<IncomingMessage> {
    const authorization = provider.authorize(authRequest(request, base, secure, signed));
    return isPromise(authorization) ? authorization.then((ready) => send(request, base, ready, exchange)) : send(request, base, authorization, exchange);
  }

  return {
    forward: async (request, res) => {
      const exchange: Exchange = { upstream: undefined, gone: false };
      // A client that leaves mid-answer takes the upstream request (and its socket) with it.
      res.once('close', () => {
        if (res.writableFinished) return;
        exchange.gone = true;
        exchange.upstream?.destroy();
      });
      const preparing = provider.prepare?.();
      if (preparing !== undefined) await preparing;
      const base = baseHeaders(request, defaults);
      let recoveredFrom: ErrorCode | undefined;
      for (;;) {
        if (exchange.gone) return;
        const startedAt = performance.now();
        const response = await attempt(request, base, exchange);
        // The rest of the answer is bounded too: a cluster that goes quiet mid-body for as
        // long as client.requestTimeout is given up on, as the SDK client's socket timeout does.
        if (!response.complete) limitIdle(exchange.upstream, response, requestTimeoutMs);
        const status = response.statusCode ?? 502;
        if (status < 400) return streamBack(response, status, res);
        const path = pathOnly(request.path);
        const failure = await readFailure(response, status, response.headers, { method: request.method, path }, recoveredFrom);
        const typed = failure.complete ? classifyFailure(provider, failure.response) : undefined;
        // One recovery per request, as the SDK client does; the resend's answer is final.
        if (typed !== undefined && failure.complete && recoveredFrom === undefined && !exchange.gone && (await recovers(provider, { error: typed, response: failure.response, startedAt }))) {
          recoveredFrom = typed.code;
          continue;
        }
        return answerFailure(res, request.method, status, response.headers, failure, response, typed);
      }
    },
    close: async () => {
      agent.destroy();
      await options.release();
    },
  };
}

/** One request's upstream side: its current attempt, and whether its client has gone. */
interface Exchange {
  upstream: ClientRequest | undefined;
  gone: boolean;
}

/**
 * A success answer, hop-by-hop headers dropped. One that has fully arrived already (a small
 * answer comes in one read) goes out in one write; any other is piped as it comes.
 */
function streamBack(response: IncomingMessage, status: number, res: TaggedResponse): void {
  const raw = response.rawHeaders;
  const headers: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, raw[i + 1] as string);
  }
  res.writeHead(status, headers);
  if (response.complete) {
    const body = response.read() as Buffer | null;
    response.resume();
    res.end(body ?? undefined);
    return;
  }
  response.on('error', (error) => {
    // Past the head there is no status left to answer with: the client sees the answer cut.
    if (error.name === 'TimeoutError') res.errorCode = 'TimeoutError';
    res.destroy();
  });
  response.pipe(res);
}

/** Ends `response` with a `TimeoutError` (closing its socket) once the socket has been silent for `ms`. */
function limitIdle(upstream: ClientRequest | undefined, response: IncomingMessage, ms: number): void {
  upstream?.setTimeout(ms, () => response.destroy(idleError(ms)));
}

/** The headers every attempt sends before authorization: `client.headers`, the client's, and the body's. */
function baseHeaders(request: ForwardRequest, defaults: Readonly<Record<string, string>> | undefined): Record<string, string> {
  // The request's headers are this forwarder's to change (built for it per request).
  const headers = defaults === undefined ? request.headers : Object.assign({ ...defaults }, request.headers);
  if (request.body.length > 0) {
    // As opensearch-js sends a body without a content-type.
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(request.body.length);
  }
  return headers;
}

/** The request as it will be sent, in the provider-neutral shape (as the SDK's connection builds it). */
function authRequest(request: ForwardRequest, headers: Record<string, string>, secure: boolean, signed: SplitHost): AuthRequest {
  const queryAt = request.path.indexOf('?');
  const out: { -readonly [K in keyof AuthRequest]: AuthRequest[K] } = {
    method: request.method,
    protocol: secure ? 'https:' : 'http:',
    hostname: signed.hostname,
    path: queryAt === -1 ? request.path : request.path.slice(0, queryAt),
    query: queryAt === -1 ? '' : request.path.slice(queryAt + 1),
    headers,
  };
  if (signed.port !== undefined) out.port = signed.port;
  if (request.body.length > 0) out.body = request.body;
  return out;
}

function pathOnly(path: string): string {
  const queryAt = path.indexOf('?');
  return queryAt === -1 ? path : path.slice(0, queryAt);
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function timeoutError(ms: number): Error {
  const error = new Error(`the cluster did not answer within ${ms} ms (client.requestTimeout).`);
  error.name = 'TimeoutError';
  return error;
}

function idleError(ms: number): Error {
  const error = new Error(`the cluster sent nothing for ${ms} ms in the middle of its answer (client.requestTimeout).`);
  error.name = 'TimeoutError';
  return error;
}

/** A socket-level failure, named as the SDK client names it. */
function connectionError(cause: NodeJS.ErrnoException): Error {
  const error = new Error(cause.message, { cause });
  error.name = 'ConnectionError';
  return error;
}
