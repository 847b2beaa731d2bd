/** What replaces a secret wherever osauth prints something. */
export const REDACTED = '[REDACTED]';

/** Header names whose values are secrets, lower case. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-amz-security-token',
  'x-opensearch-security-token',
  'x-acs-security-token',
  'cookie',
  'set-cookie',
]);

// Secrets shorter than this are not tracked: replacing a 1-3 character string
// everywhere would mangle text without protecting anything meaningful.
const MIN_SECRET_LENGTH = 4;
// Bounded so that long-lived processes rotating credentials do not grow without limit.
const MAX_TRACKED_SECRETS = 512;
const trackedSecrets = new Set<string>();
let secretsLongestFirst: string[] = [];

/**
 * Remembers a secret value the SDK holds (a secret key, a session token, an API key,
 * a password) so that every error and log path replaces it with `[REDACTED]`.
 * Providers call this whenever they receive credentials.
 */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  if (trackedSecrets.has(value)) {
    // Refresh its position so the newest secrets are the last to be evicted.
    trackedSecrets.delete(value);
    trackedSecrets.add(value);
    return;
  }
  trackedSecrets.add(value);
  if (trackedSecrets.size > MAX_TRACKED_SECRETS) {
    const oldest = trackedSecrets.values().next().value;
    if (oldest !== undefined) trackedSecrets.delete(oldest);
  }
  // Longest first, so a secret that contains another is replaced whole.
  secretsLongestFirst = [...trackedSecrets].sort((a, b) => b.length - a.length);
}

// Shapes in which credentials appear in text we did not write: canonical requests
// echoed by AWS, signed URLs in library error messages, header dumps, JSON bodies.
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Header lines and query parameters: `x-amz-security-token:VALUE`, `X-Amz-Security-Token=VALUE`.
  [/((?:x-amz-security-token|x-opensearch-security-token|x-acs-security-token|securitytoken|x-amz-signature|signature)\s*["']?\s*[:=]\s*["']?)[^\s&,;"'\\]+/gi, `$1${REDACTED}`],
  // `Credential=AKID/20260101/...` in SigV4 headers and query strings: hide the key id, keep the scope.
  [/(Credential=)[^/\s&,"']+/g, `$1${REDACTED}`],
  [/((?:AccessKeyId|AccessKeySecret|X-Amz-Credential)=)[^&\s"']+/gi, `$1${REDACTED}`],
  // `authorization: ...` header dumps, up to the end of the line or the closing quote.
  [/((?:proxy-)?authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi, `$1${REDACTED}`],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, `$1${REDACTED}`],
  [/\b(Basic\s+)(?!realm\b)[A-Za-z0-9+/=]{6,}/g, `$1${REDACTED}`],
  [/\b(OPENSEARCH\s+)[^:\s]+:[A-Za-z0-9+/=]+/g, `$1${REDACTED}`],
  // JSON or object dumps with secret-named keys.
  [/(["']?(?:secretAccessKey|secret_access_key|aws_secret_access_key|sessionToken|session_token|aws_session_token|accessKeySecret|securityToken|apiKey|api_key|password)["']?\s*[:=]\s*["']?)[^"',\s}]+/gi, `$1${REDACTED}`],
];

/** Returns `text` with every tracked secret and every credential-shaped fragment replaced. */
export function redactText(text: string): string {
  let out = text;
  for (const secret of secretsLongestFirst) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) {
    out = out.replace(pattern, replacement);
  }
  return out;
}

/** A copy of `headers` with the values of secret headers replaced. */
export function redactHeaders<T extends Readonly<Record<string, unknown>>>(headers: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : typeof value === 'string' ? redactText(value) : value;
  }
  return out;
}

/**
 * A deep copy of a JSON-like value with every string redacted and the values of
 * secret headers replaced. Used on response bodies before they reach an error.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_HEADERS.has(key.toLowerCase()) ? REDACTED : redactValue(item, depth + 1);
  }
  return out;
}
