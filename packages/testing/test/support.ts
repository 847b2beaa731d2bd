import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import aws4 from 'aws4';

export const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } as const;

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface RawRequest {
  readonly method: string;
  /** Path and query exactly as they go on the wire. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
}

/**
 * Sends a request byte for byte: node:http with the path as given (a URL object would
 * normalise `%2E%2E` and friends) and the Host header as given.
 */
export function send(url: string, request: RawRequest): Promise<Reply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path: request.path, method: request.method, headers: { host: `${hostname}:${port}`, ...request.headers }, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

export interface SignOptions {
  readonly method?: string;
  readonly path?: string;
  readonly body?: Buffer | string;
  readonly headers?: Record<string, string>;
  readonly service?: string;
  readonly region?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Sign as of this instant (ms). Default: now. */
  readonly at?: number;
  /** Leave x-amz-content-sha256 out (true), or send this value instead of the body's hash. */
  readonly contentSha?: false | string;
}

/** Signs with the `aws4` package (not osauth), x-amz-content-sha256 included and signed. */
export function signWithAws4(url: string, options: SignOptions = {}): RawRequest {
  const { host } = new URL(url);
  const body = options.body ?? '';
  const headers: Record<string, string> = { host, ...options.headers };
  if (options.contentSha !== false) headers['x-amz-content-sha256'] = options.contentSha ?? sha256(body);
  if (options.at !== undefined) headers['X-Amz-Date'] = amzDate(options.at);
  const signed = aws4.sign(
    { host, method: options.method ?? 'GET', path: options.path ?? '/', headers, body, service: options.service ?? 'aoss', region: options.region ?? 'us-east-1' },
    options.credentials ?? KEY,
  );
  return { method: signed.method ?? 'GET', path: signed.path ?? '/', headers: signed.headers as Record<string, string>, body };
}

/** Signs with aws4 and sends. */
export function sendSigned(url: string, options: SignOptions = {}): Promise<Reply> {
  return send(url, signWithAws4(url, options));
}

export function sha256(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** `20261122T101500Z` */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');
}

export function amzToMs(d: string): number {
  return Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15));
}

export function json<T = Record<string, unknown>>(reply: Reply): T {
  return JSON.parse(reply.body) as T;
}
