import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback, type LoopbackServer } from './loopback-server';

/** A loopback server that hands every request to your handler, from {@link startLoopback}. */
export interface ScriptedLoopbackServer extends LoopbackServer {
  /** Requests received so far (counted when each body has been read, before your handler runs). */
  readonly calls: number;
}

/**
 * Starts a server on 127.0.0.1 that hands each request, its body read whole, to `handler`:
 * for fault injection (slow, broken or scripted answers, dropped connections). The handler
 * answers on `res` itself, or never does.
 *
 * @example
 * ```ts
 * import { startLoopback } from '@osauth/testing';
 *
 * const server = await startLoopback((_req, _body, res) => {
 *   res.writeHead(503, { 'content-type': 'application/json' });
 *   res.end('{}');
 * });
 * // … createClient({ node: server.url, … }); then server.calls, and at the end:
 * await server.close();
 * ```
 */
export async function startLoopback(handler: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void): Promise<ScriptedLoopbackServer> {
  let calls = 0;
  const server = await listenOnLoopback((req, body, res) => {
    calls += 1;
    handler(req, body, res);
  });
  return {
    url: server.url,
    port: server.port,
    close: server.close,
    get calls() {
      return calls;
    },
  };
}

/** A request as {@link startRecordingServer} received it. */
export interface RecordedHttpRequest {
  /** The method as received (`GET`, `POST`, …). */
  readonly method: string;
  /** The request target exactly as received: path and query, percent-encoding included. */
  readonly url: string;
  /** Header names in lower case, as node parses them. */
  readonly headers: IncomingHttpHeaders;
  /** The body bytes as received. */
  readonly body: Buffer;
}

/** One scripted answer of a {@link RecordingServer}: `content-type` is `application/json` unless `headers` say otherwise. */
export interface ScriptedAnswer {
  /** The HTTP status code. */
  readonly status: number;
  /** Response headers, added to (or replacing) `content-type: application/json`. */
  readonly headers?: Record<string, string>;
  /** The body as sent (default: empty). */
  readonly body?: string;
}

/** A loopback server that records every request and answers from a script, from {@link startRecordingServer}. */
export interface RecordingServer extends LoopbackServer {
  /** Every request received, in order. */
  readonly requests: RecordedHttpRequest[];
  /** The answers still to send, first one next; when it is empty a request gets `200 {}`. Push to script them. */
  readonly answers: ScriptedAnswer[];
}

/**
 * Starts a server on 127.0.0.1 that records each request (method, target, headers, body)
 * and answers it with the next of `answers`, or `200 {}` when none is queued: for checking
 * what a client sends, and how it takes a given status.
 *
 * @example
 * ```ts
 * import { startRecordingServer } from '@osauth/testing';
 *
 * const server = await startRecordingServer();
 * server.answers.push({ status: 403, body: '{"message":"denied"}' });
 * // … createClient({ node: server.url, … }); then server.requests[0]?.headers, and:
 * await server.close();
 * ```
 */
export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedHttpRequest[] = [];
  const answers: ScriptedAnswer[] = [];
  const server = await listenOnLoopback((req, body, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const answer = answers.shift() ?? { status: 200, body: '{}' };
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body ?? '');
  });
  return { url: server.url, port: server.port, close: server.close, requests, answers };
}
