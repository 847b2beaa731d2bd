import { createHmac } from 'node:crypto';
import OpenSearchUtil from '@alicloud/opensearch-util';
import { HmacKey } from '@osauth/core';
import { seededRandom } from '@osauth/testing';
import { canonicalResource, stringToSign, v3Signature } from '../src/opensearch-v3-signature';

const SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
const ANY = `${SAFE} !'()*+,/:;=?@&$#%[]é文😀`;

describe('Alibaba OpenSearch v3 signature', () => {
  it('is byte-identical to @alicloud/opensearch-util getSignature over 5,000 generated requests', () => {
    const random = seededRandom(424242);
    const pick = (chars: string, min: number, max: number) => Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => [...chars][Math.floor(random() * [...chars].length)]).join('');
    const mismatches: string[] = [];
    for (let i = 0; i < 5_000; i += 1) {
      // The helper encodes neither the path nor query keys: generate those from unreserved characters.
      const path = `/${Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(SAFE, 1, 8)).join('/')}`;
      const query: Record<string, string> = {};
      for (let k = Math.floor(random() * 4); k > 0; k -= 1) query[pick(SAFE, 1, 6)] = pick(ANY, 1, 10);
      const rawQuery = Object.entries(query)
        .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
        .join('&');
      const method = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'][Math.floor(random() * 5)] as string;
      const contentMd5 = random() < 0.5 ? '' : pick('0123456789abcdef', 32, 32);
      const contentType = ['application/json', 'application/x-ndjson', 'text/plain; charset=utf-8'][Math.floor(random() * 3)] as string;
      const date = new Date(1_700_000_000_000 + Math.floor(random() * 1e10)).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const openSearchHeaders: Record<string, string> = { 'x-opensearch-nonce': pick(SAFE, 8, 32) };
      if (random() < 0.7) openSearchHeaders['x-opensearch-security-token'] = pick(SAFE, 20, 80);
      if (random() < 0.2) openSearchHeaders['X-Opensearch-Extra'] = pick(SAFE, 1, 10);
      // A name that extends another: sorted by name it comes after `x-opensearch-nonce`.
      if (random() < 0.2) openSearchHeaders['x-opensearch-nonce-b'] = pick(SAFE, 1, 10);
      const secret = pick(SAFE, 16, 40);

      const ours = v3Signature({ method, path, query: rawQuery, contentMd5, contentType, date, openSearchHeaders }, new HmacKey('sha1', secret));
      const util = OpenSearchUtil.getSignature(
        { method, pathname: path, query, headers: { ...openSearchHeaders, Date: date, 'Content-Type': contentType, 'Content-MD5': contentMd5 } } as never,
        'AKID',
        secret,
      );
      if (`OPENSEARCH AKID:${ours}` !== util) mismatches.push(`${method} ${path}?${rawQuery}`);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['spaces and reserved characters in the path', '/v3/openapi/apps/my%20app/search', '', '/v3/openapi/apps/my%20app/search'],
    ["sub-delimiters !'()* re-encoded", "/v3/openapi/apps/a!b'c(d)e*f", '', '/v3/openapi/apps/a%21b%27c%28d%29e%2Af'],
    ['plus sign, colon and unicode', '/books/_doc/e+f:g%E6%96%87', '', '/books/_doc/e%2Bf%3Ag%E6%96%87'],
    ['an encoded slash is decoded and kept as /', '/books/_doc/a%2Fb', '', '/books/_doc/a/b'],
    ['query keys and values encoded, sorted, empty values dropped', '/search', 'z=1&a%20b=x*y&empty=&flag&tilde=~', '/search?a%20b=x%2Ay&tilde=~&z=1'],
    ['query values with spaces (+ is a plus sign)', '/search', 'q=a%20b&p=c+d', '/search?p=c%2Bd&q=a%20b'],
    ['an unreserved path is kept as sent', '/my-index.v2/_doc/a_b~c', '', '/my-index.v2/_doc/a_b~c'],
    ['an unencoded space in the path is encoded', '/my index/_doc', '', '/my%20index/_doc'],
  ])('canonical resource: %s', (_name, path, query, expected) => {
    expect(canonicalResource(path, query)).toBe(expected);
  });

  it('builds the documented string to sign and signs it with HMAC-SHA1 keyed by the secret alone', () => {
    const input = {
      method: 'post',
      path: '/v3/openapi/apps/books/actions/bulk',
      query: '',
      contentMd5: '0123456789abcdef0123456789abcdef',
      contentType: 'application/json',
      date: '2026-01-02T03:04:05Z',
      openSearchHeaders: { 'X-Opensearch-Nonce': '1700000000abcdef', 'x-opensearch-security-token': 'FAKEtoken', 'x-opensearch-empty': '' },
    };
    const expectedString =
      'POST\n0123456789abcdef0123456789abcdef\napplication/json\n2026-01-02T03:04:05Z\n' +
      'x-opensearch-nonce:1700000000abcdef\nx-opensearch-security-token:FAKEtoken\n' +
      '/v3/openapi/apps/books/actions/bulk';
    expect(stringToSign(input)).toBe(expectedString);
    expect(v3Signature(input, new HmacKey('sha1', 'FAKEsecret'))).toBe(createHmac('sha1', 'FAKEsecret').update(expectedString).digest('base64'));
  });
});
