import * as crypto from 'node:crypto';
import { type AuthRequest, digestBody, HmacKey, revealSecret } from '@osauth/core';
import type { SigningCredentials } from '../aws-auth-config';
import type { SigningScope } from '../infer-signing-scope';
import { canonicalPath, canonicalQuery, foldValue, isSignable } from './canonical-request';

/** The headers SigV4 adds to a request (the same ones, in the same order, as smithy's signer). */
export type SignedHeaders = {
  readonly host: string;
  readonly 'x-amz-date': string;
  readonly 'x-amz-content-sha256': string;
  readonly authorization: string;
  readonly 'x-amz-security-token'?: string;
};

/**
 * Receives what {@link FastSigV4Signer.signAt} just signed: the canonical request and the
 * string to sign, secrets (the session token line) still in them, and the signed-header
 * list. Passed only while something needs them (signature diffs, the signing trace).
 */
export type SigningTrace = (request: AuthRequest, canonicalRequest: string, stringToSign: string, signedHeaders: string) => void;

/**
 * SigV4 on the hot path: node:crypto, the signing key derived and prepared (an `HmacKey`,
 * no `Hmac` object per request) once per credentials and day, canonical paths cached, the
 * date formatted once per second, no intermediate request objects. Byte-identical to
 * `@smithy/signature-v4` (`uriEscapePath: true`), which the tests keep as the reference.
 */
export class FastSigV4Signer {
  private readonly scope: SigningScope;
  // `/<region>/<service>/aws4_request`, the credential scope after the day.
  private readonly scopeSuffix: string;
  // The credential scope for the last `x-amz-date` (recomputed at most once a second).
  private scopeDate = '';
  private credentialScope = '';
  private readonly keys = new WeakMap<SigningCredentials, { day: string; key: HmacKey }>();
  private readonly layouts = new Map<string, Layout>();
  private lastLayout: { withToken: boolean; sourceNames: readonly string[]; layout: Layout } | undefined;
  // The last key used: one credential set signs almost every request.
  private last: { credentials: SigningCredentials; day: string; key: HmacKey } | undefined;

  constructor(scope: SigningScope) {
    this.scope = scope;
    this.scopeSuffix = `/${scope.region}/${scope.service}/aws4_request`;
  }

  /**
   * The headers that sign `request` at `epochMs`: `host`, `x-amz-date`,
   * `x-amz-content-sha256`, `authorization` and, with a session token,
   * `x-amz-security-token`. Header names in `request.headers` must be lower case.
   * `trace`, when given, receives the canonical request and string to sign; without it
   * signing costs one `undefined` check more than it did before traces existed.
   * @throws {@link RangeError} for a time that is not a valid date.
   */
  signAt(request: AuthRequest, credentials: SigningCredentials, payloadSha256: string, epochMs: number, trace?: SigningTrace): Record<string, string> & SignedHeaders {
    const host = request.port === undefined ? request.hostname : `${request.hostname}:${request.port}`;
    const amzDate = toAmzDate(epochMs);
    if (amzDate !== this.scopeDate) {
      this.scopeDate = amzDate;
      this.credentialScope = `${amzDate.slice(0, 8)}${this.scopeSuffix}`;
    }
    const credentialScope = this.credentialScope;
    const token = credentials.sessionToken === undefined ? undefined : revealSecret(credentials.sessionToken);

    const source = request.headers;
    const layout = this.layoutOf(source, token !== undefined && token !== '');
    const { names, kinds } = layout;
    let lines = '';
    for (let i = 0; i < names.length; i += 1) {
      const name = names[i] as string;
      const kind = kinds[i];
      // Host, hash and date never hold whitespace; the token and the request's own values may.
      const value = kind === HOST ? host : kind === PAYLOAD ? payloadSha256 : kind === DATE ? amzDate : foldValue(kind === TOKEN ? (token as string) : (source[name] as string));
      lines += `${name}:${value}\n`;
    }
    const signedHeaders = layout.signed;

    const canonical = `${request.method}\n${canonicalPath(request.path)}\n${canonicalQuery(request.query)}\n${lines}\n${signedHeaders}\n${payloadSha256}`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${credentialScope}\n${digestBody('sha256', canonical)}`;
    const signature = this.signingKey(credentials, amzDate.slice(0, 8)).digest(stringToSign, 'hex');
    const authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    if (trace !== undefined) trace(request, canonical, stringToSign, signedHeaders);
    return token
      ? { host, 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadSha256, authorization, 'x-amz-security-token': token }
      : { host, 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadSha256, authorization };
  }

  /**
   * The signed-header layout of a request: its own signable headers, minus those SigV4 sets
   * (or drops), plus those it sets, sorted. Requests of a client share a handful of header
   * sets, so layouts are cached per set of names, and the last one is checked first without
   * building a key.
   */
  private layoutOf(source: Readonly<Record<string, string>>, withToken: boolean): Layout {
    const last = this.lastLayout;
    if (last !== undefined && last.withToken === withToken) {
      const expected = last.sourceNames;
      let i = 0;
      let same = true;
      for (const name in source) {
        if (isSetBySigV4(name)) continue;
        if (expected[i] !== name) {
          same = false;
          break;
        }
        i += 1;
      }
      if (same && i === expected.length) return last.layout;
    }
    const sourceNames: string[] = [];
    for (const name in source) if (!isSetBySigV4(name)) sourceNames.push(name);
    const key = `${withToken ? 't' : ''}\n${sourceNames.join('\n')}`;
    let layout = this.layouts.get(key);
    if (layout === undefined) {
      const names = sourceNames.filter(isSignable);
      names.push('host', 'x-amz-content-sha256', 'x-amz-date');
      if (withToken) names.push('x-amz-security-token');
      names.sort();
      layout = { names, kinds: names.map((name) => GENERATED.indexOf(name)), signed: names.join(';') };
      if (this.layouts.size >= MAX_LAYOUTS) this.layouts.clear();
      this.layouts.set(key, layout);
    }
    this.lastLayout = { withToken, sourceNames, layout };
    return layout;
  }

  // Derived once per credentials and UTC day: four HMACs saved on every request.
  private signingKey(credentials: SigningCredentials, day: string): HmacKey {
    const last = this.last;
    if (last !== undefined && last.credentials === credentials && last.day === day) return last.key;
    let held = this.keys.get(credentials);
    if (held?.day !== day) {
      held = { day, key: new HmacKey('sha256', deriveSigningKey(revealSecret(credentials.secretAccessKey), day, this.scope.region, this.scope.service)) };
      this.keys.set(credentials, held);
    }
    this.last = { credentials, day, key: held.key };
    return held.key;
  }
}

/** kSigning = HMAC chain over the day, region, service and `aws4_request`. */
export function deriveSigningKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  let key = crypto.createHmac('sha256', `AWS4${secretAccessKey}`).update(day).digest();
  for (const part of [region, service, 'aws4_request']) key = crypto.createHmac('sha256', key).update(part).digest();
  return key;
}

const MAX_LAYOUTS = 256;
// The headers SigV4 sets, by kind; a request's own header is kind -1.
const GENERATED = ['host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token'];
const [HOST, PAYLOAD, DATE, TOKEN] = [0, 1, 2, 3];

/** Headers SigV4 sets itself (or drops): a request's own values for them are ignored. */
function isSetBySigV4(name: string): boolean {
  return name === 'host' || name === 'x-amz-content-sha256' || name === 'authorization' || name === 'x-amz-date' || name === 'x-amz-security-token';
}

/** The signed headers of one set of request header names: sorted names, their kinds, the list. */
interface Layout {
  readonly names: readonly string[];
  readonly kinds: readonly number[];
  readonly signed: string;
}

// Requests in the same second share their `x-amz-date`.
let lastSecond = Number.NaN;
let lastAmzDate = '';

/** `20261122T101500Z` */
function toAmzDate(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === lastSecond) return lastAmzDate;
  const iso = new Date(epochMs).toISOString();
  lastAmzDate = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  lastSecond = second;
  return lastAmzDate;
}
