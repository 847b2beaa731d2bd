import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue as header, safeEqual } from '../compare';
import openSearchUtilImport from '@alicloud/opensearch-util';
import type { AlibabaEmulatorAccessKey, AlibabaEmulatorFailure } from './alibaba-types';

// `@alicloud/opensearch-util` is CommonJS with `exports.default = Client` (and `__esModule`).
// The CJS build (and jest) hand that class over as the default import; Node's ESM loader
// hands over the whole `module.exports`, `{ default: Client }`. Take the class either way.
const OpenSearchUtil = (openSearchUtilImport as unknown as { default?: typeof openSearchUtilImport }).default ?? openSearchUtilImport;

/** What the v3 verifier decided. */
export type V3Verdict = { readonly ok: true } | { readonly ok: false; readonly failure: AlibabaEmulatorFailure };

const AUTH = /^OPENSEARCH ([^:\s]+):(\S+)$/;

/**
 * Verifies an Alibaba OpenSearch v3 signature with `@alicloud/opensearch-util`, Alibaba's
 * own implementation. That helper neither decodes nor encodes the path and query keys, so
 * the canonical path (decoded, re-encoded per RFC 3986, `/` kept) and encoded keys are
 * prepared here; values are encoded by the helper.
 */
export function verifyV3(
  request: { method: string; path: string; query: string; headers: IncomingHttpHeaders; body: Buffer },
  keys: ReadonlyMap<string, AlibabaEmulatorAccessKey>,
  expired: ReadonlySet<string>,
  now: number,
  maxSkewMs: number,
): V3Verdict {
  const match = AUTH.exec(header(request.headers, 'authorization') ?? '');
  if (!match) return { ok: false, failure: 'incomplete-signature' };
  const [, accessKeyId, signature] = match as unknown as [string, string, string];
  const key = keys.get(accessKeyId);
  if (!key) return { ok: false, failure: 'v3-user-not-exist' };

  const date = header(request.headers, 'date') ?? '';
  const signedAt = Date.parse(date);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(date) || Number.isNaN(signedAt)) return { ok: false, failure: 'incomplete-signature' };
  if (Math.abs(signedAt - now) > maxSkewMs) return { ok: false, failure: 'timestamp-expired' };

  const md5 = header(request.headers, 'content-md5') ?? '';
  if (request.body.length > 0 && md5 !== createHash('md5').update(request.body).digest('hex')) return { ok: false, failure: 'v3-signature' };

  const openSearchHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const text = Array.isArray(value) ? value.join(',') : value;
    if (name.startsWith('x-opensearch-') && text) openSearchHeaders[name] = text;
  }
  const token = openSearchHeaders['x-opensearch-security-token'];
  if (key.securityToken !== undefined && token === undefined) return { ok: false, failure: 'missing-security-token' };
  if (key.securityToken !== undefined && token !== key.securityToken) return { ok: false, failure: 'sts-token-mismatch' };

  const { pathname, query, duplicates } = canonicalParts(request.path, request.query);
  const headers = { ...openSearchHeaders, Date: date, 'Content-Type': header(request.headers, 'content-type') ?? '', 'Content-MD5': md5 };
  const expected = duplicates
    ? undefined
    : OpenSearchUtil.getSignature({ pathname, query, headers, method: request.method } as never, accessKeyId, key.accessKeySecret).slice(`OPENSEARCH ${accessKeyId}:`.length);
  if (expected === undefined || !safeEqual(expected, signature)) return { ok: false, failure: 'v3-signature' };

  if (expired.has(accessKeyId) || (key.expiresAt !== undefined && key.expiresAt.getTime() <= now)) return { ok: false, failure: 'sts-token-expired' };
  return { ok: true };
}

function canonicalParts(path: string, rawQuery: string): { pathname: string; query: Record<string, string>; duplicates: boolean } {
  const pathname = decode(path).split('/').map(rfc3986).join('/');
  const query: Record<string, string> = {};
  let duplicates = false;
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const k = decode(eq === -1 ? pair : pair.slice(0, eq));
    const v = eq === -1 ? '' : decode(pair.slice(eq + 1));
    if (v === '') continue; // empty values are not signed
    const encodedKey = rfc3986(k);
    if (encodedKey in query) duplicates = true;
    query[encodedKey] = v;
  }
  return { pathname, query, duplicates };
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
