import * as crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { RequestBody } from '@osauth/core';

/** SHA-256 of nothing, the payload hash of requests without a body. */
export const EMPTY_PAYLOAD_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The payload hash of the exact bytes sent, and those bytes when a stream had to be read to get it. */
export interface HashedPayload {
  readonly sha256: string;
  /** Set only when the body was a stream: the bytes to send in its place. */
  readonly replacement?: Uint8Array;
}

// node:crypto encodes a whole string argument to UTF-8 in one temporary buffer: for a 50 MB
// bulk body that is a second 50 MB. Longer strings are hashed in slices of this many chars.
const STRING_SLICE = 1 << 20;
// One-shot `crypto.hash` (Node >= 20.12) skips the Hash object on the per-request path.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

/** SHA-256 hex of a body that is already in memory (`undefined`: no body). */
export function sha256Hex(body: string | Uint8Array | undefined): string {
  if (body === undefined) return EMPTY_PAYLOAD_SHA256;
  if (typeof body === 'string' && body.length > STRING_SLICE) return sha256OfLongString(body);
  return typeof oneShotHash === 'function' ? oneShotHash('sha256', body, 'hex') : crypto.createHash('sha256').update(body).digest('hex');
}

function sha256OfLongString(body: string): string {
  const hash = crypto.createHash('sha256');
  for (let start = 0; start < body.length; ) {
    let end = Math.min(start + STRING_SLICE, body.length);
    // Never split a surrogate pair: each half alone would encode as U+FFFD.
    const last = body.charCodeAt(end - 1);
    if (end < body.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    hash.update(body.slice(start, end));
    start = end;
  }
  return hash.digest('hex');
}

/** Hashes the body as it goes on the wire (after compression). Streams are read once, into memory. */
export async function hashPayload(body: RequestBody | undefined): Promise<HashedPayload> {
  if (body === undefined) return { sha256: EMPTY_PAYLOAD_SHA256 };
  if (typeof body === 'string' || body instanceof Uint8Array) return { sha256: sha256Hex(body) };
  if (body instanceof Readable || typeof (body as NodeJS.ReadableStream)[Symbol.asyncIterator] === 'function') {
    const hash = crypto.createHash('sha256');
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(bytes);
      chunks.push(bytes);
    }
    return { sha256: hash.digest('hex'), replacement: Buffer.concat(chunks) };
  }
  throw new TypeError('osauth/aws: unsupported request body type');
}
