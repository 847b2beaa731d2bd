import { digestBody, type HmacKey } from '@osauth/core';

/** What the Alibaba OpenSearch v3 signature covers. */
export interface V3SignInput {
  readonly method: string;
  /** The path as sent (percent-encoded). */
  readonly path: string;
  /** The raw query string as sent, without `?`. */
  readonly query: string;
  /** Lower-case hex MD5 of the body bytes, `''` without a body. */
  readonly contentMd5: string;
  readonly contentType: string;
  /** `2026-01-02T03:04:05Z`, also sent as the `Date` header. */
  readonly date: string;
  /** The `x-opensearch-*` headers sent (any case). */
  readonly openSearchHeaders: Readonly<Record<string, string>>;
}

/** RFC 3986: everything but `A-Z a-z 0-9 - _ . ~` is percent-encoded (space `%20`, `*` `%2A`). */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical resource: the URL-decoded path re-encoded per RFC 3986 keeping `/`, then
 * `?` and the URL-decoded query pairs with empty values dropped, each `enc(k)=enc(v)`, sorted by key.
 */
export function canonicalResource(path: string, query: string): string {
  // Most paths hold only unreserved characters and `/`: decoding and re-encoding them is the identity.
  const resource = UNRESERVED_PATH.test(path) ? path : safeDecode(path).split('/').map(rfc3986).join('/');
  if (query === '') return resource;
  const pairs: [string, string][] = [];
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = safeDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : safeDecode(pair.slice(eq + 1));
    if (value === '') continue;
    pairs.push([rfc3986(key), rfc3986(value)]);
  }
  // Sorted by key (then value), as Alibaba's own SDK helpers do; not by the joined pair.
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.length === 0 ? resource : `${resource}?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

/** `x-opensearch-*` headers, lower-cased, empty values dropped, sorted, `name:value\n` each. */
export function canonicalOpenSearchHeaders(headers: Readonly<Record<string, string>>): string {
  // A plain loop: this runs on every request, usually over the nonce and the token alone.
  const kept: [name: string, value: string][] = [];
  for (const name in headers) {
    const value = headers[name];
    const lower = name.toLowerCase();
    if (value !== undefined && value !== '' && lower.startsWith('x-opensearch-')) kept.push([lower, value]);
  }
  // By name, not by line: `x-opensearch-a` sorts before `x-opensearch-a-b`, `a:` would not.
  if (kept.length > 1) kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let text = '';
  for (const [name, value] of kept) text += `${name}:${value}\n`;
  return text;
}

/** The string to sign of the v3 scheme. */
export function stringToSign(input: V3SignInput): string {
  return `${input.method.toUpperCase()}\n${input.contentMd5}\n${input.contentType}\n${input.date}\n` + canonicalOpenSearchHeaders(input.openSearchHeaders) + canonicalResource(input.path, input.query);
}

/**
 * The headers the v3 string to sign covers, lower case, in its order: `content-md5` (when
 * there is a body), `content-type`, `date`, then the non-empty `x-opensearch-*` headers by name.
 */
export function v3SignedHeaderNames(input: V3SignInput): string[] {
  const names = input.contentMd5 === '' ? ['content-type', 'date'] : ['content-md5', 'content-type', 'date'];
  const own: string[] = [];
  for (const name in input.openSearchHeaders) {
    const lower = name.toLowerCase();
    if (input.openSearchHeaders[name] !== '' && lower.startsWith('x-opensearch-')) own.push(lower);
  }
  return [...names, ...own.sort()];
}

/**
 * Base64(HMAC-SHA1(AccessKeySecret, StringToSign)): the secret itself is the key, no `&`.
 * `secretKey` is `new HmacKey('sha1', accessKeySecret)`, prepared once per credentials.
 */
export function v3Signature(input: V3SignInput, secretKey: HmacKey): string {
  return secretKey.digest(stringToSign(input), 'base64');
}

/** Lower-case hex MD5 of the exact body bytes (what every official SDK sends). */
export function contentMd5Hex(body: string | Uint8Array): string {
  return digestBody('md5', body);
}

// Requests in the same second share their date.
let lastSecond = Number.NaN;
let lastDate = '';

/** `2026-01-02T03:04:05Z` */
export function v3Date(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastDate;
  lastDate = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  lastSecond = second;
  return lastDate;
}

const UNRESERVED_PATH = /^[A-Za-z0-9\-_.~/]*$/;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
