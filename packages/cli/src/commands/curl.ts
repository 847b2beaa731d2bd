import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, type AgentOptions, type ClientRequest, type IncomingMessage, STATUS_CODES, validateHeaderName, validateHeaderValue } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Command } from 'commander';
import { OsAuthError, type OsAuthEvent, redactSecrets } from '@osauth/core';
import { createClient } from '@osauth/factory';
import { addCommonFlags, type CommonFlags, resolveCliConfig } from '../cli-config';
import { showHeaders } from '../headers';
import { exitCodeFor, parseUrlArgument, printTypedError, UsageError } from '../output';
import { maskUrlSecrets } from '../url-secrets';

interface CurlFlags extends CommonFlags {
  request?: string;
  header?: string[];
  data?: string;
  include?: boolean;
  verbose?: boolean;
  fail?: boolean;
}

/** Registers `osauth curl URL`: awscurl for every provider. */
export function registerCurl(program: Command): void {
  const command = program
    .command('curl')
    .description('sign and send one request (payload hashed for you, aoss included); the response body goes to stdout')
    .argument('<url>', 'the request URL: the node is its origin, the request its path and query')
    .option('-X, --request <method>', 'HTTP method (default GET, or POST with -d)')
    .option('-H, --header <header>', "a request header 'Name: value' (repeatable; a name given twice sends both values)", collect)
    .option('-d, --data <data>', 'request body: DATA, @file, or @- for stdin')
    .option('-i, --include', 'print the response status line and headers before the body')
    .option('-v, --verbose', 'print the request and response headers (secrets masked) and the signing trace to stderr')
    .option('-f, --fail', 'exit 1 on an HTTP error status (>= 400) that is not an auth failure');
  addCommonFlags(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ osauth curl https://abc.us-east-1.aoss.amazonaws.com/_cat/indices?v
  $ osauth curl -X PUT https://abc.us-east-1.aoss.amazonaws.com/books -d '{"settings":{}}'
  $ osauth curl -X POST -H 'Content-Type: application/x-ndjson' --data @bulk.ndjson https://search-x.eu-west-1.es.amazonaws.com/_bulk
  $ echo '{"query":{"match_all":{}}}' | osauth curl -d @- http://127.0.0.1:9200/books/_search --service aoss --region us-east-1 -v`,
  );
  command.action(async (url: string, flags: CurlFlags) => {
    process.exitCode = await curl(url, flags);
  });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function curl(url: string, flags: CurlFlags): Promise<number> {
  const target = parseUrlArgument(url);
  const headers = parseHeaders(flags.header ?? []);
  const method = (flags.request ?? (flags.data === undefined ? 'GET' : 'POST')).toUpperCase();
  // RFC 9110 token: anything else would be refused by node:http after the client is built.
  if (!/^[!#$%&'*+.^_`|~0-9A-Z-]+$/.test(method)) throw new UsageError('-X expects an HTTP method (a token such as GET, PUT, POST).');
  const body = flags.data === undefined ? undefined : await readData(flags.data);
  if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';

  const { config } = resolveCliConfig(url, flags, process.env);
  const verbose = flags.verbose === true;
  const onEvent = (event: OsAuthEvent): void => {
    // request-signed events are redacted by the SDK before they are emitted.
    if (verbose && event.type === 'request-signed') printSigningTrace(event);
    config.onEvent?.(event);
  };
  const capture = new ResponseCapture(verbose);
  // Through a forward proxy the agent is the proxy's tunnel: the bytes are not captured, and
  // the body printed is what opensearch-js made of them.
  const captured = config.proxy === undefined && (config.client?.agent === undefined || verbose);
  if (verbose && config.proxy !== undefined) process.stderr.write('* through a forward proxy: the request and response heads are not shown\n');
  const client = createClient({
    ...config,
    onEvent,
    debug: { ...config.debug, ...(verbose ? { signing: true } : {}) },
    client: {
      ...config.client,
      // One request, sent once: a timeout or a dropped connection is reported, never resent.
      maxRetries: 0,
      // A config's own agent is kept only when the request heads need not be shown.
      ...(captured ? { agent: (options: { url: URL }) => capture.agent(options.url) } : {}),
    },
  });
  try {
    const result = await client.transport.request({ method, path: target.pathname, querystring: target.search.slice(1), ...(body === undefined ? {} : { body }) }, { headers });
    writeResponse(result.statusCode ?? 0, result.headers ?? {}, capture.lastBody() ?? result.body, flags);
    return 0;
  } catch (error) {
    const meta = responseOf(error);
    if (!(error instanceof OsAuthError) && meta !== undefined) {
      // An HTTP error that is not an auth failure: printed as curl prints it, except that a
      // credential the server (or something in front of it) echoed back is taken out.
      writeResponse(meta.statusCode, meta.headers, redactSecrets(bodyText(capture.lastBody() ?? meta.body)), flags);
      return flags.fail === true ? 1 : 0;
    }
    printTypedError(error, process.stderr);
    return exitCodeFor(error);
  } finally {
    await client.close();
  }
}

function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new UsageError(`-H expects 'Name: value', got a header without a name or colon.`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch {
      // The value is not shown: it may be a credential.
      throw new UsageError(`-H ${JSON.stringify(name.slice(0, 100))}: not a valid header (a name is a token; a value has no control characters such as CR or LF).`);
    }
    // Given twice, a header is sent with both values, as one field (RFC 9110 §5.3).
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

async function readData(data: string): Promise<Buffer> {
  if (data === '@-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  if (data.startsWith('@')) {
    try {
      return readFileSync(data.slice(1));
    } catch (error) {
      throw new UsageError(`cannot read ${data.slice(1)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`);
    }
  }
  return Buffer.from(data, 'utf8');
}

function writeResponse(status: number, headers: Record<string, unknown>, body: unknown, flags: CurlFlags): void {
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd();
  if (flags.verbose === true) process.stderr.write(`< ${head}\n${showHeaders(headers, '< ')}<\n`);
  if (flags.include === true) process.stdout.write(`${head}\r\n${showHeaders(headers, '').replaceAll('\n', '\r\n')}\r\n`);
  process.stdout.write(bodyText(body));
}

/** The body as text: the bytes received when they were captured, else what opensearch-js made of them. */
function bodyText(body: unknown): string {
  if (body === undefined || body === null || typeof body === 'boolean') return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return `${JSON.stringify(body)}\n`;
}

function responseOf(error: unknown): { statusCode: number; headers: Record<string, unknown>; body: unknown } | undefined {
  const meta = (error as { meta?: { statusCode?: number | null; headers?: Record<string, unknown> | null; body?: unknown } } | null)?.meta;
  if (typeof meta?.statusCode !== 'number' || meta.statusCode === 0) return undefined;
  return { statusCode: meta.statusCode, headers: meta.headers ?? {}, body: meta.body };
}

function printSigningTrace(event: Extract<OsAuthEvent, { type: 'request-signed' }>): void {
  const lines = [`* signed by ${event.provider}: ${event.method} ${event.path}`, `* signed headers: ${event.signedHeaders.join(';')}`];
  if (event.canonicalRequest !== undefined) lines.push('* canonical request:', ...event.canonicalRequest.split('\n').map((line) => `*   ${line}`));
  lines.push('* string to sign:', ...event.stringToSign.split('\n').map((line) => `*   ${line}`));
  process.stderr.write(`${lines.map((line) => maskUrlSecrets(line)).join('\n')}\n`);
}

/**
 * The bytes of each answer as they arrived, so the body is printed as the cluster sent it
 * (opensearch-js parses JSON, and printing it back would reorder nothing but lose number
 * precision and formatting such as `?pretty`); with `-v`, each request's head as it leaves
 * (after signing: what the cluster gets), secrets masked. Node calls `addRequest` with the
 * request's final headers; the last answer is the one the transport returned.
 */
class ResponseCapture {
  #last: IncomingMessage | undefined;
  #chunks: Buffer[] = [];

  constructor(private readonly printHeads: boolean) {}

  agent(url: URL): HttpAgent {
    const options: AgentOptions = { keepAlive: false };
    const agent = url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
    const withAdd = agent as unknown as { addRequest(req: ClientRequest, options: unknown): void };
    const original = withAdd.addRequest.bind(agent);
    withAdd.addRequest = (req, requestOptions) => {
      if (this.printHeads) process.stderr.write(`> ${req.method} ${maskUrlSecrets(req.path)} HTTP/1.1\n${showHeaders(req.getHeaders(), '> ')}>\n`);
      req.prependListener('response', (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        this.#last = response;
        this.#chunks = chunks;
        // opensearch-js sets a text encoding on uncompressed answers: chunks are then strings.
        response.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk));
      });
      original(req, requestOptions);
    };
    return agent;
  }

  /** The last answer's body, decoded as opensearch-js decodes it, if it arrived whole. */
  lastBody(): Buffer | undefined {
    const response = this.#last;
    if (response === undefined || !response.complete) return undefined;
    const bytes = Buffer.concat(this.#chunks);
    try {
      switch (response.headers['content-encoding']) {
        case undefined:
        case 'identity':
          return bytes;
        case 'gzip':
          return gunzipSync(bytes);
        case 'deflate':
          return inflateSync(bytes);
        case 'br':
          return brotliDecompressSync(bytes);
        default:
          return undefined;
      }
    } catch {
      return undefined;
    }
  }
}
