import { createHash, createHmac, type Hash as NodeHash, type Hmac } from 'node:crypto';
import type { Checksum, SourceData } from '@smithy/types';

/**
 * SHA-256 / HMAC-SHA256 for `@smithy/signature-v4` on `node:crypto`: the default
 * pure-JS implementation costs about 1.5× more per signature.
 */
export class NodeSha256 implements Checksum {
  private readonly secret: SourceData | undefined;
  private hash: NodeHash | Hmac;

  constructor(secret?: SourceData) {
    this.secret = secret;
    this.hash = this.create();
  }

  update(data: SourceData, encoding?: 'utf8' | 'ascii' | 'latin1'): void {
    this.hash.update(typeof data === 'string' ? Buffer.from(data, encoding ?? 'utf8') : toBuffer(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }

  reset(): void {
    this.hash = this.create();
  }

  private create(): NodeHash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', typeof this.secret === 'string' ? this.secret : toBuffer(this.secret));
  }
}

function toBuffer(data: Exclude<SourceData, string>): Buffer {
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
