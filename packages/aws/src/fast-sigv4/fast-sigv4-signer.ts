import * as crypto from 'node:crypto';
import type { AuthRequest } from '@osauth/core';
import type { AwsCredentialIdentity } from '../aws-auth-config';
import type { SigningScope } from '../infer-signing-scope';
import { canonicalHeaders, canonicalPath, canonicalQuery, foldValue, isSignable } from './canonical-request';

/** The headers SigV4 adds to a request (the same ones, in the same order, as smithy's signer). */
export type SignedHeaders = {
  readonly host: string;
  readonly 'x-amz-date': string;
  readonly 'x-amz-content-sha256': string;
  readonly authorization: string;
  readonly 'x-amz-security-token'?: string;
};

/**
 * SigV4 on the hot path: node:crypto, the signing key derived once per credentials and day,
 * canonical paths cached, the date formatted once per second, no intermediate request
 * objects. Byte-identical to `@smithy/signature-v4` (`uriEscapePath: true`), which the tests
 * keep as the reference.
 */
export class FastSigV4Signer {
  private readonly scope: SigningScope;
  private readonly keys = new WeakMap<AwsCredentialIdentity, { day: string; key: Buffer }>();
  // The last key used: one credential set signs almost every request.
  private last: { credentials: AwsCredentialIdentity; day: string; key: Buffer } | undefined;

  constructor(scope: SigningScope) {
    this.scope = scope;
  }

  /**
   * The headers that sign `request`: `host`, `x-amz-date`, `x-amz-content-sha256`,
   * `authorization` and, with a session token, `x-amz-security-token`.
   * Header names in `request.headers` must be lower case.
   */
  signSync(request: AuthRequest, credentials: AwsCredentialIdentity, payloadSha256: string, now: Date): Record<string, string> & SignedHeaders {
    const host = request.port === undefined ? request.hostname : `${request.hostname}:${request.port}`;
    const amzDate = toAmzDate(now);
    const day = amzDate.slice(0, 8);
    const token = credentials.sessionToken;

    // The request's own signable headers, minus those SigV4 sets (or drops), plus those it sets.
    const source = request.headers;
    const names: string[] = [];
    for (const name in source) {
      if (name === 'host' || name === 'x-amz-content-sha256' || name === 'authorization' || name === 'x-amz-date' || name === 'x-amz-security-token') continue;
      if (isSignable(name)) names.push(name);
    }
    names.push('host', 'x-amz-content-sha256', 'x-amz-date');
    if (token) names.push('x-amz-security-token');
    names.sort();
    let lines = '';
    for (const name of names) {
      const value =
        name === 'host' ? host : name === 'x-amz-content-sha256' ? payloadSha256 : name === 'x-amz-date' ? amzDate : name === 'x-amz-security-token' ? (token as string) : (source[name] as string);
      lines += `${name}:${foldValue(value)}\n`;
    }
    const signedHeaders = names.join(';');

    const credentialScope = `${day}/${this.scope.region}/${this.scope.service}/aws4_request`;
    const canonical = `${request.method}\n${canonicalPath(request.path)}\n${canonicalQuery(request.query)}\n${lines}\n${signedHeaders}\n${payloadSha256}`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${credentialScope}\n${sha256Hex(canonical)}`;
    const signature = crypto.createHmac('sha256', this.signingKey(credentials, day)).update(stringToSign).digest('hex');
    const authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return token
      ? { host, 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadSha256, authorization, 'x-amz-security-token': token }
      : { host, 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadSha256, authorization };
  }

  /**
   * The drop-in form of the smithy-based `SigV4Signer.sign`: same arguments, same headers out.
   */
  sign(request: AuthRequest, credentials: AwsCredentialIdentity, payloadSha256: string, now: Date): Promise<SignedHeaders> {
    try {
      return Promise.resolve(this.signSync(request, credentials, payloadSha256, now));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  // Derived once per credentials and UTC day: four HMACs saved on every request.
  private signingKey(credentials: AwsCredentialIdentity, day: string): Buffer {
    const last = this.last;
    if (last !== undefined && last.credentials === credentials && last.day === day) return last.key;
    let held = this.keys.get(credentials);
    if (held?.day !== day) {
      held = { day, key: deriveSigningKey(credentials.secretAccessKey, day, this.scope.region, this.scope.service) };
      this.keys.set(credentials, held);
    }
    this.last = { credentials, day, key: held.key };
    return held.key;
  }
}

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

/** The SigV4 signature of `parts` and the list of headers it covers. */
export function sigv4Signature(parts: SigV4Parts, signingKey: Buffer): { signature: string; signedHeaders: string } {
  const { lines, signed } = canonicalHeaders(parts.headers);
  const canonical = `${parts.method}\n${canonicalPath(parts.path)}\n${canonicalQuery(parts.query)}\n${lines}\n${signed}\n${parts.payloadSha256}`;
  const stringToSign = `AWS4-HMAC-SHA256\n${parts.amzDate}\n${parts.credentialScope}\n${sha256Hex(canonical)}`;
  return { signature: crypto.createHmac('sha256', signingKey).update(stringToSign).digest('hex'), signedHeaders: signed };
}

/** kSigning = HMAC chain over the day, region, service and `aws4_request`. */
export function deriveSigningKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  let key = crypto.createHmac('sha256', `AWS4${secretAccessKey}`).update(day).digest();
  for (const part of [region, service, 'aws4_request']) key = crypto.createHmac('sha256', key).update(part).digest();
  return key;
}

// One-shot `crypto.hash` (Node >= 20.12) skips the Hash object; older Node 20 falls back.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex: (text: string) => string =
  typeof oneShotHash === 'function' ? (text) => oneShotHash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

// Requests in the same second share their `x-amz-date`.
let lastSecond = Number.NaN;
let lastAmzDate = '';

/** `20261122T101500Z` */
function toAmzDate(now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (second === lastSecond) return lastAmzDate;
  const iso = now.toISOString();
  lastAmzDate = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  lastSecond = second;
  return lastAmzDate;
}
