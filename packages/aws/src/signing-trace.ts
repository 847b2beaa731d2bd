import { type OsAuthEventListener, requestSignedEvent } from '@osauth/core';
import type { SigningTrace } from './fast-sigv4/fast-sigv4-signer';
import type { RecentSignatures } from './recent-signatures';

/**
 * What the signer hands each canonical request to: `recent` (kept for signature diffs),
 * and, while signing is traced, `emit` as a redacted `request-signed` event. `undefined`
 * when neither is wanted, so signing spends nothing on traces.
 */
export function signingTrace(recent: RecentSignatures | undefined, emit: OsAuthEventListener | undefined): SigningTrace | undefined {
  const record = recent?.record;
  if (emit === undefined) return record;
  return (request, canonicalRequest, stringToSign, signedHeaders) => {
    record?.(request, canonicalRequest, stringToSign, signedHeaders);
    // The token line is redacted (a held Secret, and a credential-shaped line either way).
    emit(requestSignedEvent({ provider: 'aws', method: request.method, path: request.path, signedHeaders: signedHeaders.split(';'), canonicalRequest, stringToSign }));
  };
}
