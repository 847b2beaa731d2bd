import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AuthorizationError, ClockSkewError, ExpiredCredentialsError, InvalidCredentialsError, InvalidSecurityTokenError, type OsAuthError, redactText, SignatureMismatchError } from '@osauth/core';
import type { HeldAwsCredentials } from './aws-auth-config';
import { FastSigV4Signer } from './fast-sigv4/fast-sigv4-signer';
import type { SigningScope } from './infer-signing-scope';
import { sha256Hex } from './payload';

/** Who AWS says the held credentials belong to: STS `GetCallerIdentity`'s answer. */
export interface AwsCallerIdentity {
  /** The caller's ARN, e.g. `arn:aws:sts::123456789012:assumed-role/MyRole/session`. */
  readonly arn: string;
  /** The 12-digit account id. */
  readonly account: string;
  /** The unique id of the caller, e.g. `AROA…:session` for an assumed role. */
  readonly userId: string;
  /** The STS endpoint that answered. */
  readonly endpoint: string;
}

/** Options of `AwsSigV4Provider.getCallerIdentity`. */
export interface CallerIdentityOptions {
  /** The STS endpoint URL. Default: `https://sts.<region>.amazonaws.com`. */
  readonly endpoint?: string;
  /** How long the call may take. Default 5000 ms. */
  readonly timeoutMs?: number;
}

const BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

/**
 * Calls STS `GetCallerIdentity` (a Query API POST, SigV4-signed for `sts`) with `credentials`
 * at `now`. STS's auth answers become the typed error of their kind; anything else (the
 * network, a 5xx, an answer that is not STS XML) is a plain `Error`.
 */
export async function callerIdentity(credentials: HeldAwsCredentials, region: string, now: number, options: CallerIdentityOptions = {}): Promise<AwsCallerIdentity> {
  const endpoint = new URL(options.endpoint ?? `https://sts.${region}.amazonaws.com`);
  // The global endpoint signs for us-east-1; a regional or custom one for the client's region.
  const signingRegion = endpoint.hostname === 'sts.amazonaws.com' ? 'us-east-1' : (/^sts\.([a-z0-9-]+)\.amazonaws\.com/.exec(endpoint.hostname)?.[1] ?? region);
  // The signer only reads the scope's strings: `sts` is a service like any other to it.
  const signer = new FastSigV4Signer({ service: 'sts', region: signingRegion } as unknown as SigningScope);
  const protocol = endpoint.protocol === 'http:' ? 'http:' : 'https:';
  const port = endpoint.port === '' ? undefined : Number(endpoint.port);
  const path = endpoint.pathname === '' ? '/' : endpoint.pathname;
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const signed = signer.signAt(
    { method: 'POST', protocol, hostname: endpoint.hostname, ...(port === undefined ? {} : { port }), path, query: '', headers, body: BODY },
    credentials,
    sha256Hex(BODY),
    now,
  );
  const answer = await post(endpoint, { ...headers, ...signed, 'content-length': String(Buffer.byteLength(BODY)) }, options.timeoutMs ?? 5_000);
  const field = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(answer.body)?.[1];
  if (answer.status === 200) {
    const arn = field('Arn');
    if (arn) return { arn: unescapeXml(arn), account: unescapeXml(field('Account') ?? ''), userId: unescapeXml(field('UserId') ?? ''), endpoint: endpoint.origin };
  }
  const code = field('Code');
  const message = redactText(unescapeXml(field('Message') ?? `HTTP ${answer.status}`));
  const typed = code === undefined ? undefined : stsError(code, message, answer.status, field('RequestId'), credentials.sessionToken !== undefined);
  if (typed) throw typed;
  const error = new Error(`STS GetCallerIdentity at ${endpoint.origin} answered ${answer.status}${code ? ` (${code})` : ''}: ${message}`);
  if (code) error.name = code;
  throw error;
}

/** STS's auth error codes as osauth's typed errors. */
function stsError(code: string, message: string, statusCode: number, requestId: string | undefined, temporary: boolean): OsAuthError | undefined {
  const options = { provider: 'aws', statusCode, hint: code, message: `STS GetCallerIdentity: ${message}`, ...(requestId ? { requestId } : {}) };
  if (code === 'ExpiredToken') return new ExpiredCredentialsError(options);
  if (code === 'InvalidClientTokenId') return temporary ? new InvalidSecurityTokenError(options) : new InvalidCredentialsError(options);
  if (code === 'RequestExpired' || (code === 'SignatureDoesNotMatch' && /expired|time/i.test(message))) return new ClockSkewError(options);
  if (code === 'SignatureDoesNotMatch' || code === 'IncompleteSignature') return new SignatureMismatchError(options);
  if (code === 'AccessDenied' || code === 'AccessDeniedException') return new AuthorizationError(options);
  return undefined;
}

function post(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const req = send(url, { method: 'POST', headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`STS GetCallerIdentity at ${url.origin} did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(BODY);
  });
}

function unescapeXml(text: string): string {
  return text.replace(/&(#(\d+)|#x([0-9a-f]+)|lt|gt|amp|quot|apos);/gi, (whole, _e: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCharCode(Number(dec));
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[whole.slice(1, -1).toLowerCase()] ?? whole;
  });
}
