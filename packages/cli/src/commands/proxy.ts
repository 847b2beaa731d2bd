import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { type Command, Option } from 'commander';
import { type AuthProvider, OsAuthError, redactText } from '@osauth/core';
import { createClient, type OsAuthConfig } from '@osauth/factory';
import { addCommonFlags, type CommonFlags, resolveCliConfig } from '../cli-config';
import { colours, errorBody, parseUrlArgument, UsageError } from '../output';
import { HOP_BY_HOP } from '../proxy/failure-answer';
import { maskUrlSecrets } from '../url-secrets';
import type { Forwarder, TaggedResponse } from '../proxy/forwarder';
import { rawForwarder, UPSTREAM_AGENT_OPTIONS } from '../proxy/raw-forwarder';
import { rawForwardingBlocker } from '../proxy/raw-forwarding';
import { sendJson } from '../proxy/send-json';
import { transportForwarder } from '../proxy/transport-forwarder';

interface ProxyFlags extends CommonFlags {
  listen?: string;
  maxBody: string;
  log: string;
}

const DEFAULT_LISTEN = '127.0.0.1:9200';
const DEFAULT_MAX_BODY = 100 * 1024 * 1024;
/** opensearch-js's default `requestTimeout`. */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** How long SIGTERM waits for requests in flight before closing what is left. */
const DRAIN_TIMEOUT_MS = 30_000;
// Hop-by-hop headers, what the proxy itself owns (it has the whole body: no `expect`), and
// credentials a client may send (the proxy signs afresh): never forwarded.
const dropIncoming = (name: string): boolean =>
  HOP_BY_HOP.has(name) ||
  name === 'host' ||
  name === 'content-length' ||
  name === 'expect' ||
  name === '__proto__' ||
  name === 'authorization' ||
  name.startsWith('x-amz-') ||
  name === 'x-opensearch-security-token' ||
  name === 'x-acs-security-token';

/** Registers `osauth proxy URL`: a local signing proxy for tools that cannot sign. */
export function registerProxy(program: Command): void {
  const command = program
    .command('proxy')
    .description("a local signing proxy (aws-es-proxy's job, for every provider): Dashboards, curl, Postman… reach the cluster through it")
    .argument('<url>', 'the cluster: the only host requests are forwarded to')
    .option('--listen <host:port>', `where to listen (default ${DEFAULT_LISTEN}; a non-loopback address prints a warning)`)
    // Defaults shown as a person reads them, once (commander would add its own "(default: …)").
    .addOption(new Option('--max-body <bytes>', 'largest request body accepted, then 413').default(String(DEFAULT_MAX_BODY), '100 MB'))
    .addOption(new Option('--log <format>', 'one line per request: text, json or off').default('text', 'text'));
  addCommonFlags(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ osauth proxy https://abc.us-east-1.aoss.amazonaws.com
  $ curl http://127.0.0.1:9200/_cat/indices
  $ osauth proxy https://search-logs.eu-west-1.es.amazonaws.com --listen 127.0.0.1:0 --log json
  $ osauth proxy https://es-cn-abc.elasticsearch.aliyuncs.com:9200 --provider alibaba --listen 0.0.0.0:9200`,
  );
  command.action(async (url: string, flags: ProxyFlags) => {
    process.exitCode = await runProxy(url, flags);
  });
}

interface Listen {
  readonly host: string;
  readonly port: number;
}

function parseListen(value: string): Listen {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || !(port >= 0 && port <= 65535)) throw new UsageError(`--listen expects HOST:PORT (e.g. 127.0.0.1:9200), got ${value.slice(0, 100)}.`);
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function parseMaxBody(value: string): number {
  const bytes = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(bytes) || bytes < 0) throw new UsageError(`--max-body expects a number of bytes, got ${value.slice(0, 100)}.`);
  return bytes;
}

async function runProxy(url: string, flags: ProxyFlags): Promise<number> {
  const listen = parseListen(flags.listen ?? DEFAULT_LISTEN);
  const maxBody = parseMaxBody(flags.maxBody);
  if (!['text', 'json', 'off'].includes(flags.log)) throw new UsageError(`--log expects text, json or off, got ${flags.log.slice(0, 100)}.`);
  const target = parseUrlArgument(url);
  const { config } = resolveCliConfig(url, flags, process.env);
  const { forwarder, blocker } = forwarderFor(config);
  const log = requestLogger(flags.log);
  const stderr = colours(process.stderr, process.env);

  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | undefined;
  const finished = (): void => {
    inFlight -= 1;
    if (draining && inFlight === 0) drained?.();
  };

  const server = createServer((req, plain) => {
    const res = plain as TaggedResponse;
    // A request pipelined behind a 413 on a connection being closed: never forwarded.
    if (closingSockets.has(req.socket)) {
      req.resume();
      res.destroy();
      return;
    }
    inFlight += 1;
    const started = performance.now();
    res.on('close', () => {
      // Closed before an answer was sent: the client left (nginx's 499), not the 200 Node presets.
      const answered = res.headersSent;
      const code = answered ? res.errorCode : 'CLIENT_CLOSED_REQUEST';
      log({ method: req.method ?? '', path: req.url ?? '', status: answered ? res.statusCode : 499, ms: Math.round(performance.now() - started), ...(code ? { code } : {}) });
      finished();
    });
    if (draining) res.setHeader('connection', 'close');
    handle(req, res).catch((error: unknown) => answerError(res, error));
  }) as ReturnType<typeof createServer> & { closeIdleConnections(): void };

  // CONNECT would make us a tunnel to anywhere: refused, never forwarded.
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    // The socket is ours now, not the server's: a client that resets it must not take the proxy down.
    socket.on('error', () => socket.destroy());
    // An authority (`user:password@host:443`): masked as the authority of a URL is.
    log({ method: 'CONNECT', path: maskUrlSecrets(`//${req.url ?? ''}`).slice(2), status: 405, ms: 0, code: 'METHOD_NOT_ALLOWED' });
    const body = JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: 'osauth proxy does not tunnel (CONNECT); send plain HTTP requests to it.' } });
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nallow: GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  server.on('clientError', (_error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: TaggedResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = pathFor(req.url ?? '/', target);
    if (path === undefined) {
      req.resume();
      return sendJson(res, 403, { error: { code: 'FORBIDDEN_HOST', message: `osauth proxy forwards only to ${target.host}.` } });
    }
    const headers = req.headers;
    const declared = headers['content-length'];
    if (Number(declared) > maxBody) return tooLarge(req, res, maxBody);
    // Without content-length or transfer-encoding an HTTP/1.1 request has no body: nothing to wait for.
    const body = declared === undefined && headers['transfer-encoding'] === undefined ? EMPTY : await readBody(req, maxBody);
    if (body === undefined) return tooLarge(req, res, maxBody);
    await forwarder.forward({ method, path, headers: forwardedHeaders(req.rawHeaders), body }, res);
  }

  function answerError(res: TaggedResponse, error: unknown): void {
    if (res.headersSent || res.destroyed) return void res.destroy();
    const name = error instanceof Error ? error.name : '';
    const status = error instanceof OsAuthError ? (error.statusCode ?? 502) : name === 'TimeoutError' ? 504 : 502;
    res.errorCode = error instanceof OsAuthError ? error.code : name || 'Error';
    sendJson(res, status, errorBody(error));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  }).catch((error: NodeJS.ErrnoException) => {
    void forwarder.close();
    throw new UsageError(`cannot listen on ${listen.host}:${listen.port} (${error.code ?? error.message}).`);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : listen.port;
  const shownHost = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  // Caught before "listening" is printed: whoever waits for that line may signal at once.
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  if (!isLoopback(listen.host)) {
    process.stderr.write(`${stderr.yellow('warning')}: listening on ${listen.host}, not a loopback address: anyone who can reach this port can use your credentials on ${target.host}.\n`);
  }
  if (blocker !== undefined) process.stderr.write(`osauth proxy: forwarding through the opensearch-js transport: ${blocker}\n`);
  process.stderr.write(`osauth proxy listening on http://${shownHost}:${port} -> ${target.origin}\n`);

  const signal = await stopped;
  // Drain: stop accepting, close idle keep-alive connections, let requests in flight finish.
  draining = true;
  process.stderr.write(`osauth proxy: ${signal}, draining ${inFlight} request(s) in flight\n`);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if (inFlight > 0) {
    const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DRAIN_TIMEOUT_MS).unref());
    const done = await Promise.race([new Promise<boolean>((resolve) => (drained = () => resolve(true))), timer]);
    if (!done) process.stderr.write(`osauth proxy: ${inFlight} request(s) still in flight after ${DRAIN_TIMEOUT_MS} ms, closing them\n`);
  }
  (server as unknown as { closeAllConnections(): void }).closeAllConnections();
  await closed;
  await forwarder.close();
  return 0;
}

/** The path to forward for a request line: origin-form as is; absolute-form only for the cluster's own host. */
function pathFor(requestTarget: string, target: URL): string | undefined {
  if (requestTarget.startsWith('/')) return requestTarget;
  let absolute: URL;
  try {
    absolute = new URL(requestTarget);
  } catch {
    return undefined;
  }
  if (absolute.host.toLowerCase() !== target.host.toLowerCase()) return undefined;
  return `${absolute.pathname}${absolute.search}`;
}

/** The client's headers to forward, from the raw list: lower-case names, repeated ones joined. */
function forwardedHeaders(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  // Headers the Connection header names are hop-by-hop too (RFC 9110 §7.6.1): dropped at the end.
  let connectionOptions: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (name === 'connection') (connectionOptions ??= []).push(...value.split(','));
    if (dropIncoming(name)) continue;
    out[name] = Object.hasOwn(out, name) ? `${out[name]}, ${value}` : value;
  }
  for (const option of connectionOptions ?? []) delete out[option.trim().toLowerCase()];
  return out;
}

const EMPTY = Buffer.alloc(0);

/** The request body, or `undefined` once it passes `max` bytes (the rest is read and dropped, so the 413 can be sent). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      req.off('data', onData);
      req.off('end', onEnd);
      chunks.length = 0;
      req.resume();
      resolve(undefined);
    };
    const onEnd = (): void => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}

/** Connections answered with `connection: close` whose remaining requests are not served. */
const closingSockets = new WeakSet<Socket>();

function tooLarge(req: IncomingMessage, res: ServerResponse, max: number): void {
  // Close afterwards: the rest of the body is not read, nor anything pipelined behind it.
  closingSockets.add(req.socket);
  res.setHeader('connection', 'close');
  sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: `request bodies are limited to ${max} bytes (--max-body).` } });
  req.on('error', () => undefined);
  res.once('finish', () => req.destroy());
}

/**
 * The forwarder for `config`: raw `node:http(s)` forwarding signed by the client's own
 * provider, or — for a config it does not handle (`blocker` says which) — the osauth
 * client's transport. One request per request either way: a proxy must not resend a
 * request its client did not resend (recovery from an auth failure aside).
 */
function forwarderFor(config: OsAuthConfig): { forwarder: Forwarder; blocker?: string } {
  let provider: AuthProvider | undefined;
  const client = createClient({ ...config, client: { ...config.client, maxRetries: 0, agent: { ...UPSTREAM_AGENT_OPTIONS } } }, { onProvider: (built) => (provider = built) });
  const blocker = rawForwardingBlocker(config);
  if (blocker !== undefined || provider === undefined) return { forwarder: transportForwarder(client, provider), blocker: blocker ?? 'no provider' };
  // The configured node: the one upstream, and a trusted host by definition.
  const node = new URL(typeof config.node === 'string' ? config.node : (config.node[0] as string));
  const options = (config.client ?? {}) as { ssl?: ConnectionOptions; headers?: Record<string, unknown>; requestTimeout?: number };
  const headers = options.headers === undefined ? undefined : Object.fromEntries(Object.entries(options.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
  const forwarder = rawForwarder({
    node,
    provider,
    ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
    ...(headers === undefined ? {} : { headers }),
    requestTimeoutMs: options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
    release: () => client.close(),
  });
  return { forwarder };
}

interface LogEntry {
  method: string;
  path: string;
  status: number;
  ms: number;
  code?: string;
}

function requestLogger(format: string): (entry: LogEntry) => void {
  if (format === 'off') return () => undefined;
  return (entry) => {
    const path = maskUrlSecrets(redactText(entry.path.slice(0, 2000)));
    const time = new Date().toISOString();
    const line =
      format === 'json'
        ? JSON.stringify({ time, method: entry.method, path, status: entry.status, ms: entry.ms, ...(entry.code ? { code: entry.code } : {}) })
        : `${time} ${entry.method} ${path} ${entry.status} ${entry.ms}ms${entry.code ? ` ${entry.code}` : ''}`;
    process.stderr.write(`${line}\n`);
  };
}
