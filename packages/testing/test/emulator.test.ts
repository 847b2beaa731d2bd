import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import aws4 from 'aws4';
import { type EmulatorFailure, startEmulator } from '@osauth/testing';

interface Vector {
  readonly name: string;
  readonly input: {
    method: string;
    path: string;
    query: string;
    headers: Record<string, string>;
    bodyBase64: string;
    amzDate: string;
    region: string;
    service: 'es' | 'aoss';
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    signedHeaders: string[];
  };
  readonly expected: { signature: string };
}

// Requests signed by botocore (AWS's own SigV4), recorded by the factory's cross-check.
const VECTORS = JSON.parse(readFileSync(join(__dirname, '..', '..', 'factory', 'test', 'fixtures', 'botocore-sigv4.json'), 'utf8')) as Vector[];

function send(url: string, options: { method: string; path: string; headers: Record<string, string>; body?: Buffer }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    // Host/port/path given apart: a URL string would have its %2E%2E segments normalised away.
    const { hostname, port } = new URL(url);
    const req = httpRequest({ hostname, port, path: options.path, method: options.method, headers: { host: `${hostname}:${port}`, ...options.headers }, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function amzToMs(d: string): number {
  return Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15));
}

describe('the emulator verifies SigV4 like AWS', () => {
  it.each(VECTORS.map((v) => [v.name, v] as const))('accepts botocore-signed %s, rejects it tampered', async (_name, vector) => {
    const { input } = vector;
    const emulator = await startEmulator({
      service: input.service,
      region: input.region,
      credentials: [{ accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey, ...(input.sessionToken ? { sessionToken: input.sessionToken } : {}) }],
      clock: () => amzToMs(input.amzDate),
    });
    const authorization = `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${input.amzDate.slice(0, 8)}/${input.region}/${input.service}/aws4_request, SignedHeaders=${input.signedHeaders.join(';')}, Signature=${vector.expected.signature}`;
    const body = Buffer.from(input.bodyBase64, 'base64');
    const path = input.path + (input.query ? `?${input.query}` : '');
    const headers = { ...input.headers, authorization };
    await send(emulator.url, { method: input.method, path, headers, body });
    const tampered = input.method === 'GET' || input.method === 'HEAD' || input.method === 'DELETE' ? `${path}${input.query ? '&' : '?'}x=1` : path;
    const tamperedBody = tampered === path ? Buffer.concat([body, Buffer.from(' ')]) : body;
    const tamperedHeaders = tampered === path ? { ...headers, 'content-length': String(tamperedBody.length) } : headers;
    await send(emulator.url, { method: input.method, path: tampered, headers: tamperedHeaders, body: tamperedBody });
    await emulator.close();
    expect(emulator.requests.map((r) => r.verified)).toEqual([true, false]);
    expect(emulator.requests[1]?.outcome).toBe('signature-mismatch');
  });

  it('answers a signature mismatch on es with the canonical request, as AWS does', async () => {
    const emulator = await startEmulator({ service: 'es', region: 'us-east-1' });
    const signed = aws4.sign(
      { host: new URL(emulator.url).host, path: '/books/_search', method: 'GET', service: 'es', region: 'us-east-1', headers: { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } },
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwrong' },
    );
    const answer = await send(emulator.url, { method: 'GET', path: '/books/_search', headers: signed.headers as Record<string, string> });
    await emulator.close();
    expect(answer.status).toBe(403);
    const message = (JSON.parse(answer.body) as { message: string }).message;
    expect(message).toMatch(/^The request signature we calculated does not match the signature you provided\./);
    expect(message).toContain("The Canonical String for this request should have been\n'GET\n/books/_search\n");
  });
});

describe('failure answers, byte for byte', () => {
  const kinds: EmulatorFailure[] = [
    'expired-token', 'invalid-token', 'unknown-key', 'signature-mismatch', 'clock-skew', 'clock-skew-future', 'wrong-service', 'wrong-region',
    'missing-credential', 'anonymous', 'iam-not-authorized', 'iam-explicit-deny', 'fgac-denied', 'fgac-unauthenticated', 'network-policy-deny',
    'gw-helper-deny', 'data-access-denied', 'unsigned-content-sha256', 'throttled', 'too-many-requests',
  ];

  it.each(kinds)('es: %s', async (kind) => {
    const emulator = await startEmulator({ service: 'es' });
    emulator.failNext(kind);
    const answer = await send(emulator.url, { method: 'POST', path: '/books/_search', headers: {} });
    await emulator.close();
    expect(emulator.requests[0]?.outcome).toBe(kind);
    const expected: Partial<Record<EmulatorFailure, [number, RegExp]>> = {
      'expired-token': [403, /^\{"message":"The security token included in the request is expired"\}$/],
      'invalid-token': [403, /^\{"message":"The security token included in the request is invalid"\}$/],
      'unknown-key': [403, /^\{"message":"The security token included in the request is invalid\."\}$/],
      'clock-skew': [403, /^\{"message":"Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)"\}$/],
      'clock-skew-future': [403, /^\{"message":"Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)"\}$/],
      'wrong-service': [403, /^\{"message":"Credential should be scoped to correct service: 'es'\. "\}$/],
      'wrong-region': [403, /^\{"message":"Credential should be scoped to a valid region\. "\}$/],
      anonymous: [403, /^\{"Message":"User: anonymous is not authorized to perform: es:ESHttpPost because no resource-based policy allows the es:ESHttpPost action"\}$/],
      'iam-not-authorized': [403, /^\{"Message":"User: arn:aws:iam::123456789012:user\/emulator is not authorized to perform: es:ESHttpPost because no identity-based policy allows the es:ESHttpPost action"\}$/],
      'iam-explicit-deny': [403, /with an explicit deny in an identity-based policy"\}$/],
      'fgac-denied': [403, /"type":"security_exception","reason":"no permissions for \[indices:data\/read\/search\]/],
      'fgac-unauthenticated': [401, /"reason":"Authentication finished but no user found"/],
      throttled: [403, /^Request throttled due to too many requests$/],
      'too-many-requests': [429, /Too Many Requests/],
      'network-policy-deny': [401, /^$/],
    };
    const want = expected[kind];
    if (want) {
      expect(answer.status).toBe(want[0]);
      expect(answer.body).toMatch(want[1]);
    }
    expect(answer.headers['x-amzn-requestid'] ?? answer.headers['x-request-id']).toBeTruthy();
  });

  it.each(kinds)('aoss: %s', async (kind) => {
    const emulator = await startEmulator({ service: 'aoss' });
    emulator.failNext(kind);
    const answer = await send(emulator.url, { method: 'GET', path: '/', headers: {} });
    await emulator.close();
    if (kind === 'throttled' || kind === 'too-many-requests') return expect([403, 429]).toContain(answer.status);
    expect(answer.headers.server).toBe('aoss-amazon');
    if (kind === 'network-policy-deny') {
      expect([answer.status, answer.body, answer.headers['x-aoss-response-hint']]).toEqual([401, '', 'X01:network-policy-deny']);
    } else if (kind === 'unsigned-content-sha256') {
      expect([answer.status, answer.body]).toEqual([400, '{"message":"x-amz-content-sha256 header must be signed in SigV4"}']);
    } else {
      expect(answer.status).toBe(403);
      expect(answer.headers['x-aoss-response-hint']).toBe('X01:gw-helper-deny');
      expect(JSON.parse(answer.body)).toEqual({ status: 403, 'request-id': answer.headers['x-request-id'], error: { reason: '403 Forbidden', type: 'Forbidden' } });
    }
  });
});
