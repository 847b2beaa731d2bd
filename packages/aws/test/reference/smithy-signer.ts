import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AuthRequest } from '@osauth/core';
import type { AwsCredentialIdentity } from '../../src/aws-auth-config';
import type { SigningScope } from '../../src/infer-signing-scope';
import { NodeSha256 } from './node-sha256';

/** The headers SigV4 adds to a request. */
export interface SignedHeaders {
  readonly host: string;
  readonly 'x-amz-date': string;
  readonly 'x-amz-content-sha256': string;
  readonly authorization: string;
  readonly 'x-amz-security-token'?: string;
}

// Never signed: hop-by-hop headers may be rewritten by proxies and Node itself, and
// user-agent is changed by some gateways; signing them breaks valid requests.
const UNSIGNABLE = new Set(['connection', 'transfer-encoding', 'keep-alive', 'user-agent', 'expect', 'te', 'upgrade', 'proxy-connection']);

/**
 * The reference: how osauth signed with `@smithy/signature-v4` before it had its own signer,
 * kept in the tests so the fast signer is proven byte-identical to smithy.
 *
 * Signs requests with `@smithy/signature-v4` for one scope: node:crypto hashing, the
 * payload hash supplied (so bodies are hashed once), the path URI-encoded once more
 * as AWS requires for every service but S3.
 */
export class SigV4Signer {
  private readonly scope: SigningScope;
  private readonly signers = new WeakMap<AwsCredentialIdentity, SignatureV4>();

  constructor(scope: SigningScope) {
    this.scope = scope;
  }

  async sign(request: AuthRequest, credentials: AwsCredentialIdentity, payloadSha256: string, now: Date): Promise<SignedHeaders> {
    const host = request.port === undefined ? request.hostname : `${request.hostname}:${request.port}`;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (name === 'authorization' || name === 'x-amz-date' || name === 'x-amz-security-token') continue;
      headers[name] = value;
    }
    headers.host = host;
    headers['x-amz-content-sha256'] = payloadSha256;

    const httpRequest = new HttpRequest({
      method: request.method,
      protocol: request.protocol,
      hostname: request.hostname,
      ...(request.port === undefined ? {} : { port: request.port }),
      path: request.path,
      query: parseQuery(request.query),
      headers,
    });
    const signed = await this.signerFor(credentials).sign(httpRequest, {
      signingDate: now,
      unsignableHeaders: UNSIGNABLE,
    });
    const out = signed.headers as Record<string, string>;
    return {
      host,
      'x-amz-date': out['x-amz-date'] as string,
      'x-amz-content-sha256': payloadSha256,
      authorization: out.authorization as string,
      ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
    };
  }

  // One SignatureV4 per credential set: it caches signing keys per day and scope.
  private signerFor(credentials: AwsCredentialIdentity): SignatureV4 {
    let signer = this.signers.get(credentials);
    if (!signer) {
      signer = new SignatureV4({
        service: this.scope.service,
        region: this.scope.region,
        credentials,
        sha256: NodeSha256,
        uriEscapePath: true,
        applyChecksum: false,
      });
      this.signers.set(credentials, signer);
    }
    return signer;
  }
}

/**
 * The raw query string as smithy expects it: decoded keys to decoded values, repeated
 * keys as arrays, `a` and `a=` both as the empty value. `+` stays a plus sign, as AWS reads it.
 */
export function parseQuery(query: string): Record<string, string | string[]> {
  const parsed: Record<string, string | string[]> = {};
  if (query === '') return parsed;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const existing = parsed[key];
    if (existing === undefined) parsed[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else parsed[key] = [existing, value];
  }
  return parsed;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
