import * as crypto from 'node:crypto';
import { inspect } from 'node:util';

/**
 * Hash functions an {@link HmacKey} supports: both have 64-byte blocks.
 * @internal
 */
export type HmacAlgorithm = 'sha1' | 'sha256';

type OneShotHash = {
  (algorithm: string, data: string | Uint8Array, encoding: 'buffer'): Buffer;
  (algorithm: string, data: string | Uint8Array, encoding: 'hex' | 'base64'): string;
};
// One-shot `crypto.hash` (Node >= 20.12); without it every digest goes through `createHmac`.
const oneShot = (crypto as { hash?: OneShotHash }).hash;

const BLOCK = 64;
const DIGEST_LENGTH: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32 };
// Messages longer than this (in UTF-16 units) use `createHmac` rather than growing the buffer.
const MAX_FAST_MESSAGE = 16 * 1024;

/**
 * An HMAC key prepared once for many short messages (RFC 2104, computed with two one-shot
 * hashes over pre-padded key blocks). Per message it creates no `Hmac` object: in a client
 * busy with sockets, one `createHmac` per request cost about 7 µs of CPU more than this,
 * against 0.4 µs in a loop (docs/benchmarks.md). Output is byte-identical to `crypto.createHmac`.
 *
 * Holds key material: keep it where the key itself is kept; `util.inspect` shows none of it.
 * @internal
 */
export class HmacKey {
  readonly #algorithm: HmacAlgorithm;
  readonly #key: Uint8Array;
  // ipad block followed by room for the message; opad block followed by the inner digest.
  #inner: Buffer;
  readonly #outer: Buffer;

  constructor(algorithm: HmacAlgorithm, key: string | Uint8Array) {
    // An own copy outside Buffer's shared pool: key bytes never sit in a slab other Buffers view.
    let bytes: Uint8Array = typeof key === 'string' ? new TextEncoder().encode(key) : new Uint8Array(key);
    // RFC 2104: a key longer than the block is replaced by its digest.
    if (bytes.length > BLOCK) bytes = crypto.createHash(algorithm).update(bytes).digest();
    this.#algorithm = algorithm;
    this.#key = bytes;
    this.#inner = Buffer.alloc(BLOCK + 256, 0x36);
    this.#outer = Buffer.alloc(BLOCK + DIGEST_LENGTH[algorithm], 0x5c);
    for (let i = 0; i < bytes.length; i += 1) {
      const byte = bytes[i] as number;
      this.#inner[i] = 0x36 ^ byte;
      this.#outer[i] = 0x5c ^ byte;
    }
  }

  /** HMAC of `message`'s UTF-8 bytes, hex or base64 encoded. */
  digest(message: string, encoding: 'hex' | 'base64'): string {
    if (oneShot === undefined || message.length > MAX_FAST_MESSAGE) {
      return crypto.createHmac(this.#algorithm, this.#key).update(message).digest(encoding);
    }
    // A UTF-16 unit never takes more than 3 UTF-8 bytes, so the message always fits.
    const needed = BLOCK + message.length * 3;
    if (this.#inner.length < needed) {
      const grown = Buffer.alloc(needed);
      this.#inner.copy(grown, 0, 0, BLOCK);
      this.#inner = grown;
    }
    const written = this.#inner.write(message, BLOCK, 'utf8');
    this.#outer.set(oneShot(this.#algorithm, this.#inner.subarray(0, BLOCK + written), 'buffer'), BLOCK);
    return oneShot(this.#algorithm, this.#outer, encoding);
  }

  /** Never shows key material. */
  [inspect.custom](): string {
    return `HmacKey(${this.#algorithm})`;
  }

  /** Never shows key material. */
  toJSON(): string {
    return `HmacKey(${this.#algorithm})`;
  }
}
