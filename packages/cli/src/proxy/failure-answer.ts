import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { AuthProvider, ErrorCode, FailedResponse, OsAuthError } from '@osauth/core';
import { errorBody } from '../output';
import type { TaggedResponse } from './forwarder';
import { sendJson } from './send-json';

/** Error answers larger than this are streamed back unclassified (auth failures are small). */
const MAX_CLASSIFIED_BODY = 64 * 1024;

/** Hop-by-hop headers (RFC 9110 §7.6.1): never passed on, either way. */
export const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** An error answer from the cluster, read up to {@link MAX_CLASSIFIED_BODY} bytes. */
export type Failure = { readonly complete: true; readonly bytes: Buffer; readonly response: FailedResponse } | { readonly complete: false; readonly bytes: Buffer };

/**
 * Reads an error answer (status ≥ 400) so an auth failure can be answered as a typed error:
 * into the {@link FailedResponse} a provider's `classifyError` reads (headers in lower case,
 * JSON parsed, `undefined` when empty), the shape the SDK's transport hands it too.
 */
export async function readFailure(body: Readable, statusCode: number, headers: IncomingHttpHeaders, request: { method: string; path: string }, recoveredFrom?: ErrorCode): Promise<Failure> {
  const read = await readBounded(body, MAX_CLASSIFIED_BODY);
  if (!read.complete) return { complete: false, bytes: read.bytes };
  const response: FailedResponse = { statusCode, headers, body: parseBody(read.bytes, headers), request, ...(recoveredFrom === undefined ? {} : { recoveredFrom }) };
  return { complete: true, bytes: read.bytes, response };
}

/** The provider's typed error for `response`, or `undefined` (also when classification throws). */
export function classifyFailure(provider: AuthProvider | undefined, response: FailedResponse): OsAuthError | undefined {
  try {
    return provider?.classifyError(response);
  } catch {
    return undefined;
  }
}

/** Whether `provider` recovered from a typed failure (so the request is worth sending once more); `false` when recovery throws. */
export async function recovers(provider: AuthProvider | undefined, attempt: Parameters<NonNullable<AuthProvider['recover']>>[0]): Promise<boolean> {
  if (provider?.recover === undefined) return false;
  try {
    return await provider.recover(attempt);
  } catch {
    return false;
  }
}

/**
 * Answers an error response: typed (`{ error: { code, hint, remediation } }` with the
 * cluster's status) when `typed` is set, else the cluster's own answer — from the bytes
 * read, then the rest of `body` streamed.
 */
export function answerFailure(res: TaggedResponse, method: string, statusCode: number, headers: IncomingHttpHeaders, failure: Failure, body: Readable, typed: OsAuthError | undefined): void {
  if (typed !== undefined) {
    res.errorCode = typed.code;
    return sendJson(res, statusCode, errorBody(typed));
  }
  if (failure.complete) {
    res.writeHead(statusCode, { ...responseHeaders(headers), 'content-length': String(failure.bytes.length) });
    res.end(method === 'HEAD' ? undefined : failure.bytes);
    return;
  }
  res.writeHead(statusCode, responseHeaders(headers));
  res.write(failure.bytes);
  body.on('error', () => res.destroy());
  body.pipe(res);
}

/** `headers` without the hop-by-hop ones. */
export function responseHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

async function readBounded(stream: Readable, max: number): Promise<{ complete: boolean; bytes: Buffer }> {
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > max) {
        stream.pause();
        stream.off('data', onData);
        stream.off('end', onEnd);
        resolve({ bytes: Buffer.concat(chunks), complete: false });
      }
    };
    const onEnd = (): void => resolve({ bytes: Buffer.concat(chunks), complete: true });
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', reject);
  });
}

function parseBody(bytes: Buffer, headers: IncomingHttpHeaders): unknown {
  if (bytes.length === 0) return undefined;
  const text = bytes.toString('utf8');
  if (/json/i.test(String(headers['content-type'] ?? ''))) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
