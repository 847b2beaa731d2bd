import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue as header, safeEqual } from './compare';
import aws4 from 'aws4';
import type { EmulatorCredential, EmulatorFailure } from './emulator-types';

/** What the verifier concluded about one request. */
export type Verdict =
  | { readonly ok: true; readonly credential: EmulatorCredential }
  | {
      readonly ok: false;
      readonly failure: EmulatorFailure;
      readonly accessKeyId?: string;
      /** For a signature mismatch: the canonical request and string to sign AWS would echo. */
      readonly canonicalRequest?: string;
      readonly stringToSign?: string;
      /** For clock skew: the request's X-Amz-Date. */
      readonly amzDate?: string;
    };

/** What a request looks like to the verifier: everything as received, nothing decoded. */
export interface ReceivedRequest {
  readonly method: string;
  /** Raw path, percent-encoding included, without the query. */
  readonly path: string;
  /** Raw query string, without `?`. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  /** Body bytes as received (still compressed when the client compressed them). */
  readonly body: Buffer;
}

/** Who the verifier knows and what it expects. */
export interface VerifierContext {
  readonly service: 'es' | 'aoss' | 'sts';
  readonly region: string;
  readonly maxSkewMs: number;
  readonly now: number;
  readonly credentials: ReadonlyMap<string, EmulatorCredential>;
  readonly expired: ReadonlySet<string>;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const EMPTY_SHA256 = createHash('sha256').digest('hex');

/**
 * Verifies a SigV4 request the way AWS's front door does, with the `aws4` package as the
 * signer: an implementation independent of osauth's. The request is rebuilt from its raw
 * path, raw query, body bytes and ONLY the headers it says it signed, then signed again
 * with the known secret at the request's own X-Amz-Date.
 *
 * The order of checks follows what AWS reports first: a missing or unreadable
 * Authorization header, then the key, the scope, the date, the payload hash, the session
 * token, the signature itself, and last the token's lifetime.
 */
export function verifySigV4(request: ReceivedRequest, context: VerifierContext): Verdict {
  const authorization = header(request.headers, 'authorization');
  if (authorization === undefined) return { ok: false, failure: 'anonymous' };
  const match = AUTHORIZATION.exec(authorization.trim());
  if (!match) return { ok: false, failure: 'missing-credential' };
  const accessKeyId = match[1] ?? '';
  const scopeDate = match[2] ?? '';
  const region = match[3] ?? '';
  const service = match[4] ?? '';
  const signed = (match[5] ?? '').split(';');
  const signature = match[6] ?? '';

  const credential = context.credentials.get(accessKeyId);
  if (!credential) return { ok: false, failure: 'unknown-key', accessKeyId };
  if (service !== context.service) return { ok: false, failure: 'wrong-service', accessKeyId };
  if (region !== context.region) return { ok: false, failure: 'wrong-region', accessKeyId };

  const amzDate = header(request.headers, 'x-amz-date');
  const signedAt = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (amzDate === undefined || signedAt === undefined || !signed.includes('host') || !amzDate.startsWith(scopeDate)) {
    return { ok: false, failure: 'missing-credential', accessKeyId };
  }
  if (signedAt < context.now - context.maxSkewMs) return { ok: false, failure: 'clock-skew', accessKeyId, amzDate };
  if (signedAt > context.now + context.maxSkewMs) return { ok: false, failure: 'clock-skew-future', accessKeyId, amzDate };

  const mismatch = (): Verdict => ({ ok: false, failure: 'signature-mismatch', accessKeyId, ...canonicalize(request, signed, credential, service, region, amzDate) });

  // The payload hash: aoss insists that it is present AND signed (400 when sent unsigned,
  // its own answer; a mismatch when absent). es, like every SigV4 service, hashes the body
  // itself when the header is absent (aws4 and aws-opensearch-connector never send it).
  // Sent, it must be the hash of the bytes as received — of the compressed bytes for a
  // gzip body. UNSIGNED-PAYLOAD is accepted on es only.
  const contentSha = header(request.headers, 'x-amz-content-sha256');
  if (context.service === 'aoss' && contentSha !== undefined && !signed.includes('x-amz-content-sha256')) {
    return { ok: false, failure: 'unsigned-content-sha256', accessKeyId };
  }
  if (contentSha === undefined) {
    if (context.service === 'aoss') return mismatch();
  } else {
    const unsignedPayload = contentSha === 'UNSIGNED-PAYLOAD' && context.service === 'es';
    if (!unsignedPayload && contentSha !== sha256Hex(request.body)) return mismatch();
  }

  // Temporary credentials: the token must come, be signed and be the one issued with the key.
  // A token sent with a long-term key is just as invalid.
  const token = header(request.headers, 'x-amz-security-token');
  if (credential.sessionToken !== undefined) {
    if (token !== credential.sessionToken || !signed.includes('x-amz-security-token')) return { ok: false, failure: 'invalid-token', accessKeyId };
  } else if (token !== undefined) {
    return { ok: false, failure: 'invalid-token', accessKeyId };
  }

  const expected = canonicalize(request, signed, credential, service, region, amzDate);
  if (!safeEqual(expected.signature, signature)) {
    return { ok: false, failure: 'signature-mismatch', accessKeyId, canonicalRequest: expected.canonicalRequest, stringToSign: expected.stringToSign };
  }
  // Checked last, as AWS does: only the holder of the secret learns that the token expired.
  const expired = context.expired.has(accessKeyId) || (credential.expiresAt !== undefined && credential.expiresAt.getTime() <= context.now);
  if (expired) return { ok: false, failure: 'expired-token', accessKeyId };
  return { ok: true, credential };
}

/** The parts of aws4's RequestSigner this verifier drives directly. */
interface Aws4Signer {
  parsedPath: { path: string; query: Record<string, string | string[]> | null };
  datetime: string;
  signature(): string;
  canonicalString(): string;
  stringToSign(): string;
}

/** aws4's canonical request, string to sign and signature for the request as received. */
function canonicalize(
  request: ReceivedRequest,
  signed: readonly string[],
  credential: EmulatorCredential,
  service: string,
  region: string,
  amzDate: string,
): { signature: string; canonicalRequest: string; stringToSign: string } {
  const headers: Record<string, string> = {};
  for (const name of signed) headers[name] = header(request.headers, name) ?? '';
  const signer = new aws4.RequestSigner(
    {
      method: request.method,
      host: headers.host ?? '',
      path: request.path,
      headers,
      body: request.body,
      service,
      region,
      // aws4 leaves out a few headers (user-agent, range, expect, …) unless told: AWS signs
      // exactly the headers the client listed, so list them all.
      extraHeadersToInclude: Object.fromEntries(signed.map((name) => [name, true])),
    } as unknown as aws4.Request,
    { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
  ) as unknown as Aws4Signer;
  // Two places where aws4 cannot reproduce AWS, replaced by our own parsing (aws4 still
  // builds the canonical request from the result):
  // - its parsePath reads `+` in the query as a space (AWS reads a plus sign), and it
  //   re-encodes paths holding characters outside RFC 3986 before encoding them again;
  // - so the raw path goes in untouched (aws4 then URI-encodes every segment once more, AWS's
  //   non-S3 rule: `%20` becomes `%2520`), and the query goes in decoded by AWS's rules.
  signer.parsedPath = { path: request.path || '/', query: request.query === '' ? null : parseQuery(request.query) };
  signer.datetime = amzDate;
  return { signature: signer.signature(), canonicalRequest: signer.canonicalString(), stringToSign: signer.stringToSign() };
}

/**
 * Decodes a raw query as AWS does: `&`-separated, split at the first `=`, percent-decoded,
 * `+` kept as a plus sign, a valueless parameter read as an empty value, repeats kept.
 */
export function parseQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const previous = query[key];
    query[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return query;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part; // a stray `%`: AWS compares it as sent
  }
}

function parseAmzDate(value: string): number | undefined {
  const m = AMZ_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
}

function sha256Hex(body: Buffer): string {
  return body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex');
}
