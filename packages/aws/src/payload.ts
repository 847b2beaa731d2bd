import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { digestBody, type RequestBody } from '@osauth/core';

/** SHA-256 of nothing, the payload hash of requests without a body. */
export const EMPTY_PAYLOAD_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The payload hash of the exact bytes sent, and those bytes when a stream had to be read to get it. */
export interface HashedPayload {
  readonly sha256: string;
  /** Set only when the body was a stream: the bytes to send in its place. */
  readonly replacement?: Uint8Array;
}

/** SHA-256 hex of a body that is already in memory (`undefined`: no body). */
export function sha256Hex(body: string | Uint8Array | undefined): string {
  return body === undefined ? EMPTY_PAYLOAD_SHA256 : digestBody('sha256', body);
}

/** Hashes the body as it goes on the wire (after compression). Streams are read once, into memory. */
export async function hashPayload(body: RequestBody | undefined): Promise<HashedPayload> {
  if (body === undefined) return { sha256: EMPTY_PAYLOAD_SHA256 };
  if (typeof body === 'string' || body instanceof Uint8Array) return { sha256: sha256Hex(body) };
  if (body instanceof Readable || typeof (body as NodeJS.ReadableStream)[Symbol.asyncIterator] === 'function') {
    const hash = createHash('sha256');
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
