import * as crypto from 'node:crypto';
import { digestBody } from '@osauth/core';
import { canonicalHeaders, canonicalPath, canonicalQuery } from '../../src/fast-sigv4/canonical-request';

/** What SigV4 signs, with header names in lower case and the headers it adds already set. */
export interface SigV4Parts {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payloadSha256: string;
  readonly amzDate: string;
  /** `<day>/<region>/<service>/aws4_request` */
  readonly credentialScope: string;
}

/**
 * Test-only: the SigV4 signature of arbitrary parts, built from the canonical-request
 * functions the signer ships. AWS's published suite signs headers osauth always adds
 * itself (and none it does not), so it is checked through this composition.
 */
export function sigv4Signature(parts: SigV4Parts, signingKey: Buffer): { signature: string; signedHeaders: string } {
  const { lines, signed } = canonicalHeaders(parts.headers);
  const canonical = `${parts.method}\n${canonicalPath(parts.path)}\n${canonicalQuery(parts.query)}\n${lines}\n${signed}\n${parts.payloadSha256}`;
  const stringToSign = `AWS4-HMAC-SHA256\n${parts.amzDate}\n${parts.credentialScope}\n${digestBody('sha256', canonical)}`;
  return { signature: crypto.createHmac('sha256', signingKey).update(stringToSign).digest('hex'), signedHeaders: signed };
}
