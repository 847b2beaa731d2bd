import { createHash, createHmac, hash } from 'node:crypto';
import { type AuthRequest, HmacKey } from '@osauth/core';

/** Obviously fake credentials for every comparison. */
export const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
export const HOST = 'abc123.us-east-1.aoss.amazonaws.com';
/** Obviously fake Alibaba STS credentials (signed the OpenSearch v3 way). */
export const ALIBABA_STS_AUTH = { provider: 'alibaba', mode: 'sts', accessKeyId: 'STS.FAKEBENCH0001', accessKeySecret: 'FAKEbenchSECRET0001', securityToken: 'FAKEbenchTOKENCAIS0001' } as const;

/** A 1 KB JSON search body. */
export const BODY_1KB = JSON.stringify({ query: { match: { title: 'x'.repeat(960) } } });

/** The request opensearch-js sends for a 1 KB search, as osauth providers see it. */
export const SEARCH_REQUEST: AuthRequest = {
  method: 'POST',
  protocol: 'https:',
  hostname: HOST,
  path: '/books/_search',
  query: '',
  headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(BODY_1KB)), 'user-agent': 'opensearch-js/3.9.0 (linux; Node.js v20)' },
  body: BODY_1KB,
};

/**
 * The practical floor of SigV4 for this request: node:crypto's fastest calls (one-shot
 * `crypto.hash`; HMAC as two one-shot hashes with the signing key derived and prepared once
 * per day), the date formatted once per second, the canonical request written out by hand
 * for exactly these headers.
 */
export function floorSigner(): () => string {
  const keys = dayHmacKeys('us-east-1', 'aoss');
  let second = Number.NaN;
  let amzDate = '';
  return () => {
    const now = Date.now();
    if (Math.floor(now / 1000) !== second) {
      second = Math.floor(now / 1000);
      amzDate = new Date(now).toISOString().replace(/[:-]|\.\d{3}/g, '');
    }
    const day = amzDate.slice(0, 8);
    const payload = hash('sha256', BODY_1KB, 'hex');
    const canonical =
      `POST\n/books/_search\n\ncontent-length:${SEARCH_REQUEST.headers['content-length']}\ncontent-type:application/json\nhost:${HOST}\n` +
      `x-amz-content-sha256:${payload}\nx-amz-date:${amzDate}\n\ncontent-length;content-type;host;x-amz-content-sha256;x-amz-date\n${payload}`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${day}/us-east-1/aoss/aws4_request\n${hash('sha256', canonical, 'hex')}`;
    return keys(day).digest(stringToSign, 'hex');
  };
}

/**
 * The floor as the issue first measured it: a Hash object per digest and the date formatted
 * on every call (node:crypto, signing key cached per day). Kept to compare with its figures.
 */
export function plainFloorSigner(): () => string {
  const keys = daySigningKeys('us-east-1', 'aoss');
  return () => {
    const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
    const day = amzDate.slice(0, 8);
    const payload = createHash('sha256').update(BODY_1KB).digest('hex');
    const canonical =
      `POST\n/books/_search\n\ncontent-length:${SEARCH_REQUEST.headers['content-length']}\ncontent-type:application/json\nhost:${HOST}\n` +
      `x-amz-content-sha256:${payload}\nx-amz-date:${amzDate}\n\ncontent-length;content-type;host;x-amz-content-sha256;x-amz-date\n${payload}`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${day}/us-east-1/aoss/aws4_request\n${createHash('sha256').update(canonical).digest('hex')}`;
    return createHmac('sha256', keys(day)).update(stringToSign).digest('hex');
  };
}

/** The floors' signing key for KEYS, derived once per day (a lookup, as any signer caches it). */
export function daySigningKeys(region: string, service: string): (day: string) => Buffer {
  const keys = new Map<string, Buffer>();
  return (day) => {
    let key = keys.get(day);
    if (!key) {
      key = createHmac('sha256', `AWS4${KEYS.secretAccessKey}`).update(day).digest();
      for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
      keys.set(day, key);
    }
    return key;
  };
}

/** The floors' signing key for KEYS as an `HmacKey`, derived and prepared once per day. */
export function dayHmacKeys(region: string, service: string): (day: string) => HmacKey {
  const signingKey = daySigningKeys(region, service);
  const prepared = new Map<string, HmacKey>();
  return (day) => {
    let key = prepared.get(day);
    if (!key) {
      key = new HmacKey('sha256', signingKey(day));
      prepared.set(day, key);
    }
    return key;
  };
}
