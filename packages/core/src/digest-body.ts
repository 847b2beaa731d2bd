import * as crypto from 'node:crypto';

// node:crypto encodes a whole string argument to UTF-8 in one temporary buffer: for a 50 MB
// bulk body that is a second 50 MB. Longer strings are digested in slices of this many chars.
const STRING_SLICE = 1 << 20;
// One-shot `crypto.hash` (Node >= 20.12) skips the Hash object on the per-request path.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

/**
 * Hex digest (`sha256`, `md5`, …) of a request body's UTF-8 bytes, for providers that sign
 * a body hash. Fast for small bodies, and never a second full copy of a large string body.
 * @internal
 */
export function digestBody(algorithm: string, body: string | Uint8Array): string {
  if (typeof body === 'string' && body.length > STRING_SLICE) return digestLongString(algorithm, body);
  return typeof oneShot === 'function' ? oneShot(algorithm, body, 'hex') : crypto.createHash(algorithm).update(body).digest('hex');
}

function digestLongString(algorithm: string, body: string): string {
  const hash = crypto.createHash(algorithm);
  for (let start = 0; start < body.length;) {
    let end = Math.min(start + STRING_SLICE, body.length);
    // Never split a surrogate pair: each half alone would encode as U+FFFD.
    const last = body.charCodeAt(end - 1);
    if (end < body.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    hash.update(body.slice(start, end));
    start = end;
  }
  return hash.digest('hex');
}
