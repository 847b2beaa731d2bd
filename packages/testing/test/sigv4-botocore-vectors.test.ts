import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '@osauth/testing';
import { amzToMs, json, send } from './support';

/** Requests signed by botocore (AWS's own SigV4), see fixtures/generate-botocore-vectors.py. */
interface Vector {
  readonly name: string;
  readonly service: 'es' | 'aoss';
  readonly region: string;
  readonly amzDate: string;
  readonly credential: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly request: { method: string; path: string; query: string; headers: Record<string, string>; bodyBase64: string };
  readonly expected: { signedHeaders: string; canonicalRequest: string; stringToSign: string; signature: string };
}

const VECTORS = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'botocore-sigv4-vectors.json'), 'utf8')) as Vector[];

async function replay(vector: Vector, change: { signature?: string; path?: string; body?: Buffer } = {}) {
  const emulator = await startEmulator({
    service: vector.service,
    region: vector.region,
    credentials: [vector.credential],
    clock: () => amzToMs(vector.amzDate) + 42_000,
  });
  try {
    const { request } = vector;
    const headers = { ...request.headers };
    if (change.signature) headers.authorization = headers.authorization?.replace(/Signature=[0-9a-f]{64}/, `Signature=${change.signature}`) ?? '';
    const body = change.body ?? Buffer.from(request.bodyBase64, 'base64');
    if (change.body) headers['content-length'] = String(body.length);
    const path = change.path ?? request.path + (request.query ? `?${request.query}` : '');
    const reply = await send(emulator.url, { method: request.method, path, headers, body });
    return { reply, recorded: emulator.requests[0] };
  } finally {
    await emulator.close();
  }
}

describe('SigV4 verification against botocore-signed requests', () => {
  it('has vectors for every tricky case on both services', () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(24);
    expect(VECTORS.filter((v) => v.service === 'aoss').length).toBeGreaterThanOrEqual(12);
  });

  it.each(VECTORS.map((v) => [v.name, v] as const))('accepts %s', async (_name, vector) => {
    const { reply, recorded } = await replay(vector);
    expect(recorded).toMatchObject({ verified: true, outcome: 'ok', accessKeyId: vector.credential.accessKeyId });
    expect(reply.status).toBeLessThan(500);
    expect(recorded?.path).toBe(vector.request.path);
    expect(recorded?.query).toBe(vector.request.query);
    expect(recorded?.body.toString('base64')).toBe(vector.request.bodyBase64);
  });

  // The echo is aws4's canonical request: equal to botocore's proves both implementations
  // read the raw path, query and headers the same way (double-encoded path, `+` as a plus sign,
  // sorted repeated parameters, valueless parameters, trimmed header values, only signed headers).
  // HEAD answers carry no body, so there is nothing to read the echo from.
  it.each(VECTORS.filter((v) => v.service === 'es' && v.request.method !== 'HEAD').map((v) => [v.name, v] as const))(
    'echoes botocore’s canonical request and string to sign when the signature is wrong: %s',
    async (_name, vector) => {
      const { reply, recorded } = await replay(vector, { signature: '0'.repeat(64) });
      expect(recorded).toMatchObject({ verified: false, outcome: 'signature-mismatch' });
      expect(reply.status).toBe(403);
      expect(json<{ message: string }>(reply).message).toBe(
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
          `The Canonical String for this request should have been\n'${vector.expected.canonicalRequest}'\n\n` +
          `The String-to-Sign should have been\n'${vector.expected.stringToSign}'\n`,
      );
    },
  );

  it('echoes the session token in the canonical request, as AWS does (the SDK must redact it)', async () => {
    const vector = VECTORS.find((v) => v.service === 'es' && v.credential.sessionToken !== undefined) as Vector;
    const { reply } = await replay(vector, { signature: 'f'.repeat(64) });
    expect(reply.body).toContain(`x-amz-security-token:${vector.credential.sessionToken ?? ''}`);
  });

  it.each(VECTORS.filter((v) => v.service === 'aoss').map((v) => [v.name, v] as const))('aoss: a wrong signature is a gw-helper-deny: %s', async (_name, vector) => {
    const { reply } = await replay(vector, { signature: '1'.repeat(64) });
    expect(reply.status).toBe(403);
    expect(reply.headers['x-aoss-response-hint']).toBe('X01:gw-helper-deny');
  });

  it.each(VECTORS.map((v) => [v.name, v] as const))('rejects %s with its path, query or body changed', async (_name, vector) => {
    const { request } = vector;
    const query = request.query ? `?${request.query}` : '';
    const hasBody = request.bodyBase64 !== '';
    const unsignedPayload = request.headers['x-amz-content-sha256'] === 'UNSIGNED-PAYLOAD';
    const change = hasBody && !unsignedPayload ? { body: Buffer.concat([Buffer.from(request.bodyBase64, 'base64'), Buffer.from(' ')]) } : { path: `${request.path}x${query}` };
    const { recorded } = await replay(vector, change);
    expect(recorded).toMatchObject({ verified: false, outcome: 'signature-mismatch' });
  });

  it('reads + in a query as a plus sign: the same request with %2B verifies, with %20 does not', async () => {
    const vector = VECTORS.find((v) => v.service === 'es' && v.request.query.includes('plus=a+b')) as Vector;
    const withPlus = await replay(vector, { path: `${vector.request.path}?${vector.request.query.replace('plus=a+b', 'plus=a%2Bb')}` });
    expect(withPlus.recorded?.verified).toBe(true);
    const withSpace = await replay(vector, { path: `${vector.request.path}?${vector.request.query.replace('plus=a+b', 'plus=a%20b')}` });
    expect(withSpace.recorded?.outcome).toBe('signature-mismatch');
  });
});
