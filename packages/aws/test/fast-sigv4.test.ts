import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthRequest } from '@osauth/core';
import { deriveSigningKey, FastSigV4Signer } from '../src/fast-sigv4/fast-sigv4-signer';
import { sigv4Signature } from './reference/sigv4-signature';
import { SigV4Signer } from './reference/smithy-signer';
import { seededRandom } from '@osauth/testing';

const PATH_CHARS = [..."abcXYZ019-_.~ !'()*+,;=:@$&/%é文😀"];
const QUERY_CHARS = [..."abcXYZ019-_.~ !'()*+,;:@$/?é文"];
const HEADER_VALUE_CHARS = [...'abcXYZ019-_.~ !"#$%&\'()*+,/:;<=>?@[]^`{|}\t'];

describe('FastSigV4Signer is byte-identical to @smithy/signature-v4', () => {
  // A bounded count, not a time: the limit only stops a hung run (about 10 s on busy 2-core CI).
  it('over 10,000 generated requests (paths, queries, headers, bodies, tokens, services, regions, dates)', async () => {
    const random = seededRandom(20261123);
    const int = (n: number) => Math.floor(random() * n);
    const text = (chars: readonly string[], max: number) => Array.from({ length: int(max + 1) }, () => chars[int(chars.length)]).join('');
    const mismatches: string[] = [];
    const signers = new Map<string, { fast: FastSigV4Signer; reference: SigV4Signer }>();
    for (let i = 0; i < 10_000; i += 1) {
      const scope = { service: random() < 0.5 ? ('es' as const) : ('aoss' as const), region: ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1'][int(4)] as string };
      const key = `${scope.service}/${scope.region}`;
      let pair = signers.get(key);
      if (!pair) {
        pair = { fast: new FastSigV4Signer(scope), reference: new SigV4Signer(scope) };
        signers.set(key, pair);
      }
      // Paths as the client sends them: each segment percent-encoded, sometimes with dot segments or doubled slashes.
      const segments = Array.from({ length: int(5) }, () => (random() < 0.1 ? pick(['.', '..', '']) : encodeURIComponent(text(PATH_CHARS, 8))));
      const path = `/${segments.join('/')}${random() < 0.2 ? '/' : ''}`;
      const pairs = Array.from({ length: int(5) }, () => {
        const k = encodeURIComponent(text(QUERY_CHARS, 5) || 'k');
        if (random() < 0.15) return k; // valueless
        return `${k}=${random() < 0.3 ? text(QUERY_CHARS, 6).replace(/[&#= ]/g, '+') : encodeURIComponent(text(QUERY_CHARS, 6))}`;
      });
      if (random() < 0.2 && pairs.length > 0) pairs.push(pairs[0] as string); // repeated key
      const headers: Record<string, string> = { 'content-type': pick(['application/json', 'application/x-ndjson', 'text/plain; charset=utf-8']) };
      for (let h = int(4); h > 0; h -= 1) headers[`x-custom-${text([...'abcdef'], 3)}`] = text(HEADER_VALUE_CHARS, 12);
      if (random() < 0.3) headers['user-agent'] = `opensearch-js/${int(9)}.0`;
      if (random() < 0.2) headers.connection = 'keep-alive';
      if (random() < 0.2) headers['x-tenant'] = 'blue,   green';
      const body = random() < 0.3 ? undefined : Buffer.from(text(QUERY_CHARS, random() < 0.05 ? 4000 : 200));
      const payload = createHash('sha256')
        .update(body ?? '')
        .digest('hex');
      const credentials = {
        accessKeyId: `AKIDFAKE${int(1000)}`,
        secretAccessKey: `FAKE${text([...'abcdefXYZ0189/+'], 40)}`,
        ...(random() < 0.5 ? { sessionToken: `FAKEtoken${text([...'abcXYZ019/+='], 60)}` } : {}),
      };
      const request: AuthRequest = {
        method: pick(['GET', 'HEAD', 'PUT', 'POST', 'DELETE']),
        protocol: 'https:',
        hostname: `search-x.${scope.region}.${scope.service}.amazonaws.com`,
        ...(random() < 0.2 ? { port: 9200 + int(100) } : {}),
        path,
        query: pairs.join('&'),
        headers,
        ...(body ? { body } : {}),
      };
      const now = new Date(Date.UTC(2020, 0, 1) + int(5 * 365) * 86_400_000 + int(86_400_000));
      const [ours, reference] = [pair.fast.signAt(request, credentials, payload, now.getTime()), await pair.reference.sign(request, credentials, payload, now)];
      if (JSON.stringify(ours) !== JSON.stringify(reference)) mismatches.push(`#${i} ${request.method} ${path}?${request.query}`);
    }
    expect(mismatches.slice(0, 10)).toEqual([]);

    function pick<T>(items: readonly T[]): T {
      return items[Math.floor(random() * items.length)] as T;
    }
  }, 60_000);
});

interface SuiteVector {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: [string, string][];
  readonly body: string;
  readonly authorization: string;
}

describe("AWS's published SigV4 test suite", () => {
  const suite = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'aws4-testsuite.json'), 'utf8')) as { vectors: SuiteVector[] };
  // The suite's documented example credentials (obviously fake, from AWS's docs).
  const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

  it('has the vectors', () => expect(suite.vectors.length).toBeGreaterThanOrEqual(30));

  it.each(suite.vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of vector.headers) headers[name.toLowerCase()] = value;
    const amzDate = headers['x-amz-date'] as string;
    const credentialScope = `${amzDate.slice(0, 8)}/us-east-1/service/aws4_request`;
    const { signature, signedHeaders } = sigv4Signature(
      { method: vector.method, path: vector.path, query: vector.query, headers, payloadSha256: createHash('sha256').update(vector.body).digest('hex'), amzDate, credentialScope },
      deriveSigningKey(SECRET, amzDate.slice(0, 8), 'us-east-1', 'service'),
    );
    expect(`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`).toBe(vector.authorization);
  });
});

describe('FastSigV4Signer.signAt, what the provider signs with, against the smithy-based reference', () => {
  const scope = { service: 'es' as const, region: 'eu-west-1' };
  const request: AuthRequest = {
    method: 'POST',
    protocol: 'https:',
    hostname: 'search-x.eu-west-1.es.amazonaws.com',
    path: '/logs-2026.11/_doc/a b',
    query: 'refresh=true&routing=',
    headers: { 'content-type': 'application/json', 'x-opaque-id': '  spaced   out  ', 'user-agent': 'opensearch-js/3' },
    body: '{"a":1}',
  };
  const payload = createHash('sha256').update('{"a":1}').digest('hex');
  const now = new Date('2026-11-23T10:15:00.123Z');

  it.each([
    ['long-term keys', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecret/+=' }],
    ['a session token', { accessKeyId: 'ASIAFAKE', secretAccessKey: 'FAKEsecret', sessionToken: 'FAKEtoken//==' }],
  ])('resolves to the same headers, in the same order, with %s', async (_name, credentials) => {
    const ours = new FastSigV4Signer(scope).signAt(request, credentials, payload, now.getTime());
    const reference = await new SigV4Signer(scope).sign(request, credentials, payload, now);
    expect(JSON.stringify(ours)).toBe(JSON.stringify(reference));
  });

  it('signs a second day with a fresh signing key, not the cached one', async () => {
    const signer = new FastSigV4Signer(scope);
    const reference = new SigV4Signer(scope);
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecret' };
    for (const at of [now, new Date('2026-11-24T00:00:01Z'), now]) {
      expect(signer.signAt(request, credentials, payload, at.getTime()).authorization).toBe((await reference.sign(request, credentials, payload, at)).authorization);
    }
  });

  it('throws a RangeError on an invalid date', () => {
    expect(() => new FastSigV4Signer(scope).signAt(request, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecret' }, payload, Number.NaN)).toThrow(RangeError);
  });
});
