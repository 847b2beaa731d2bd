/**
 * The canonical request of SigV4, built with exactly the rules `@smithy/signature-v4` uses
 * with `uriEscapePath: true` (a differential test holds the two byte-identical).
 */

// Headers never signed: smithy's ALWAYS_UNSIGNABLE_HEADERS, its generated `date`, plus the
// hop-by-hop headers osauth also refuses to sign.
const UNSIGNABLE = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
  'date',
  'proxy-connection',
]);

const NEEDS_FOLDING = /[\r\n\t]| {2}|^ | $/;

/** RFC 3986 escaping as smithy's `escapeUri`: encodeURIComponent plus `!'()*`. */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// Paths repeat (`/_bulk`, `/<index>/_search`): their canonical form is cached, bounded.
const pathCache = new Map<string, string>();
const MAX_CACHED_PATHS = 1024;

/** The path as sent, with `.`/`..`/empty segments resolved, URI-encoded once more (AWS's non-S3 rule). */
export function canonicalPath(path: string): string {
  const cached = pathCache.get(path);
  if (cached !== undefined) return cached;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment.length === 0 || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  const canonical = escapeUri(normalized).replace(/%2F/g, '/');
  if (pathCache.size >= MAX_CACHED_PATHS) pathCache.clear();
  pathCache.set(path, canonical);
  return canonical;
}

/**
 * The raw query string, decoded then re-encoded per RFC 3986, sorted by key; repeated keys'
 * values sorted; `a` and `a=` both `a=`; `+` is a plus sign.
 */
export function canonicalQuery(query: string): string {
  if (query === '') return '';
  const byKey = new Map<string, string[]>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = escapeUri(decode(eq === -1 ? pair : pair.slice(0, eq)));
    if (key.toLowerCase() === 'x-amz-signature') continue;
    const value = `${key}=${escapeUri(eq === -1 ? '' : decode(pair.slice(eq + 1)))}`;
    const values = byKey.get(key);
    if (values) values.push(value);
    else byKey.set(key, [value]);
  }
  return [...byKey.keys()]
    .sort()
    .map((key) => {
      const values = byKey.get(key) as string[];
      return values.length === 1 ? values[0] : values.sort().join('&');
    })
    .join('&');
}

/** Whether SigV4 signs a header (lower-case name), by smithy's rules. */
export function isSignable(name: string): boolean {
  return !UNSIGNABLE.has(name) && !name.startsWith('proxy-') && !name.startsWith('sec-');
}

/** A header value as SigV4 canonicalises it: trimmed, inner whitespace and line breaks collapsed to one space. */
export function foldValue(raw: string): string {
  // Most values need no folding: test once before running three replacements.
  return NEEDS_FOLDING.test(raw)
    ? raw
        .replace(/[\r\n]/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .replace(/^ | $/g, '')
    : raw;
}

/** Canonical header lines and the signed-header list, from lower-case header names. */
export function canonicalHeaders(headers: Readonly<Record<string, string>>): { lines: string; signed: string } {
  const names = Object.keys(headers).filter(isSignable).sort();
  let lines = '';
  for (const name of names) lines += `${name}:${foldValue(headers[name] as string)}\n`;
  return { lines, signed: names.join(';') };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
