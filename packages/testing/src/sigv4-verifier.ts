import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
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

/** What a request looks like to the verifier. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Who the verifier knows and what it expects. */
export interface VerifierContext {
  readonly service: 'es' | 'aoss';
  readonly region: string;
  readonly maxSkewMs: number;
  readonly now: number;
  readonly credentials: ReadonlyMap<string, EmulatorCredential>;
  readonly expired: ReadonlySet<string>;
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/**
 * Verifies a SigV4 request with the `aws4` package, an implementation independent of
 * osauth: the request is rebuilt from its signed headers only, and signed again.
 */
export function verifySigV4(request: ReceivedRequest, context: VerifierContext): Verdict {
  const authorization = header(request.headers, 'authorization');
  if (authorization === undefined) return { ok: false, failure: 'anonymous' };
  const match = AUTH.exec(authorization);
  if (!match) return { ok: false, failure: 'missing-credential' };
  const [, accessKeyId, , region, service, signedList, signature] = match as unknown as string[];
  const key = accessKeyId as string;

  const credential = context.credentials.get(key);
  if (!credential) return { ok: false, failure: 'unknown-key', accessKeyId: key };
  if (service !== context.service) return { ok: false, failure: 'wrong-service', accessKeyId: key };
  if (region !== context.region) return { ok: false, failure: 'wrong-region', accessKeyId: key };

  const signed = (signedList as string).split(';');
  const contentSha = header(request.headers, 'x-amz-content-sha256');
  if (context.service === 'aoss' && (contentSha === undefined || !signed.includes('x-amz-content-sha256'))) {
    return { ok: false, failure: 'unsigned-content-sha256', accessKeyId: key };
  }

  const amzDate = header(request.headers, 'x-amz-date');
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate) || !signed.includes('host')) return { ok: false, failure: 'missing-credential', accessKeyId: key };
  const signedAt = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
  if (signedAt < context.now - context.maxSkewMs) return { ok: false, failure: 'clock-skew', accessKeyId: key, amzDate };
  if (signedAt > context.now + context.maxSkewMs) return { ok: false, failure: 'clock-skew-future', accessKeyId: key, amzDate };

  // The session token, when the credential has one, must be sent and signed.
  const token = header(request.headers, 'x-amz-security-token');
  if (credential.sessionToken !== undefined && (token !== credential.sessionToken || !signed.includes('x-amz-security-token'))) {
    return { ok: false, failure: 'invalid-token', accessKeyId: key };
  }
  if (credential.sessionToken === undefined && token !== undefined) return { ok: false, failure: 'invalid-token', accessKeyId: key };

  // The payload hash must be the hash of the bytes received.
  if (contentSha !== undefined && contentSha !== 'UNSIGNED-PAYLOAD' && contentSha !== createHash('sha256').update(request.body).digest('hex')) {
    return { ok: false, failure: 'signature-mismatch', accessKeyId: key, ...echo(request, signed, credential, amzDate) };
  }

  const { signature: expected, canonicalRequest, stringToSign } = signWithAws4(request, signed, credential, amzDate);
  if (!safeEqual(expected, signature as string)) {
    return { ok: false, failure: 'signature-mismatch', accessKeyId: key, canonicalRequest, stringToSign };
  }
  const expiredNow = context.expired.has(key) || (credential.expiresAt !== undefined && credential.expiresAt.getTime() <= context.now);
  if (expiredNow) return { ok: false, failure: 'expired-token', accessKeyId: key };
  return { ok: true, credential };

  function echo(req: ReceivedRequest, list: string[], cred: EmulatorCredential, date: string) {
    const { canonicalRequest: c, stringToSign: s } = signWithAws4(req, list, cred, date);
    return { canonicalRequest: c, stringToSign: s };
  }
}

function signWithAws4(
  request: ReceivedRequest,
  signed: readonly string[],
  credential: EmulatorCredential,
  amzDate: string,
): { signature: string; canonicalRequest: string; stringToSign: string } {
  const headers: Record<string, string> = {};
  for (const name of signed) headers[name] = header(request.headers, name) ?? '';
  // aws4 reads `+` in a query as a space; AWS reads it as a plus sign.
  const query = request.query.replace(/\+/g, '%2B');
  const signer = new aws4.RequestSigner(
    {
      method: request.method,
      host: headers.host,
      path: request.path + (query ? `?${query}` : ''),
      headers,
      body: request.body,
      service: undefined,
      region: undefined,
    } as unknown as aws4.Request,
    {
      accessKeyId: credential.accessKeyId,
      secretAccessKey: credential.secretAccessKey,
      ...(credential.sessionToken ? { sessionToken: credential.sessionToken } : {}),
    },
  ) as unknown as Aws4Signer;
  const [, , region, service] = /Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\//.exec(header(request.headers, 'authorization') ?? '') ?? [];
  signer.service = service ?? '';
  signer.region = region ?? '';
  signer.datetime = amzDate;
  signer.parsePath();
  return { signature: signer.signature(), canonicalRequest: signer.canonicalString(), stringToSign: signer.stringToSign() };
}

/** The parts of aws4's RequestSigner this verifier drives directly. */
interface Aws4Signer {
  service: string;
  region: string;
  datetime: string;
  parsePath(): void;
  signature(): string;
  canonicalString(): string;
  stringToSign(): string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
