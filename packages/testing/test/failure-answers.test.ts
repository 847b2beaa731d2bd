import { type EmulatorFailure, startEmulator } from '@osauth/testing';
import { type Reply, send, sendSigned } from './support';

const NOW = Date.UTC(2026, 10, 22, 10, 20, 0); // 20261122T102000Z

/** Forces `kind` on a fresh emulator and returns what a correctly signed request gets. */
async function forced(service: 'es' | 'aoss', kind: EmulatorFailure, method = 'POST', path = '/books/_search'): Promise<{ reply: Reply; outcome?: string; verified?: boolean }> {
  const emulator = await startEmulator({ service, clock: () => NOW });
  try {
    emulator.failNext(kind);
    const reply = await sendSigned(emulator.url, { service, method, path, at: NOW });
    return { reply, outcome: emulator.requests[0]?.outcome, verified: emulator.requests[0]?.verified };
  } finally {
    await emulator.close();
  }
}

const SIGNATURE_MISMATCH_PREFIX =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n';
const FGAC_REASON =
  'no permissions for [indices:data/read/search] and User [name=arn:aws:iam::123456789012:user/emulator, backend_roles=[arn:aws:iam::123456789012:user/emulator], requestedTenant=null]';

/** The es answers, byte for byte, for a POST /books/_search at 20261122T102000Z. */
const ES: Record<EmulatorFailure, [number, string | RegExp]> = {
  'expired-token': [403, '{"message":"The security token included in the request is expired"}'],
  'invalid-token': [403, '{"message":"The security token included in the request is invalid"}'],
  'unknown-key': [403, '{"message":"The security token included in the request is invalid."}'],
  'signature-mismatch': [403, new RegExp(`^${escape(JSON.stringify({ message: SIGNATURE_MISMATCH_PREFIX }).slice(0, -2))}The Canonical String for this request should have been\\\\n'`)],
  'clock-skew': [403, /^\{"message":"Signature expired: 20261122T100\d{3}Z is now earlier than 20261122T101500Z \(20261122T102000Z - 5 min\.\)"\}$/],
  'clock-skew-future': [403, /^\{"message":"Signature not yet current: 20261122T103\d{3}Z is still later than 20261122T102500Z \(20261122T102000Z \+ 5 min\.\)"\}$/],
  'wrong-service': [403, `{"message":"Credential should be scoped to correct service: 'es'. "}`],
  'wrong-region': [403, '{"message":"Credential should be scoped to a valid region. "}'],
  'missing-credential': [
    403,
    /^\{"message":"Authorization header requires 'Credential' parameter\. Authorization header requires 'Signature' parameter\. Authorization header requires 'SignedHeaders' parameter\. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header\. Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261122\/us-east-1\/es\/aws4_request, /,
  ],
  anonymous: [403, '{"Message":"User: anonymous is not authorized to perform: es:ESHttpPost because no resource-based policy allows the es:ESHttpPost action"}'],
  'iam-not-authorized': [
    403,
    '{"Message":"User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: es:ESHttpPost because no identity-based policy allows the es:ESHttpPost action"}',
  ],
  'iam-explicit-deny': [
    403,
    '{"Message":"User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: es:ESHttpPost on resource: arn:aws:es:us-east-1:123456789012:domain/emulator/books with an explicit deny in an identity-based policy"}',
  ],
  'data-access-denied': [
    403,
    '{"Message":"User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: es:ESHttpPost on resource: arn:aws:es:us-east-1:123456789012:domain/emulator/books with an explicit deny in an identity-based policy"}',
  ],
  'fgac-denied': [403, JSON.stringify({ error: { root_cause: [{ type: 'security_exception', reason: FGAC_REASON }], type: 'security_exception', reason: FGAC_REASON }, status: 403 })],
  'fgac-unauthenticated': [
    401,
    '{"error":{"root_cause":[{"type":"security_exception","reason":"Authentication finished but no user found"}],"type":"security_exception","reason":"Authentication finished but no user found"},"status":401}',
  ],
  'network-policy-deny': [401, ''],
  'gw-helper-deny': [403, /^\{"status":403,"request-id":"[0-9a-f-]{36}","error":\{"reason":"403 Forbidden","type":"Forbidden"\}\}$/],
  'unsigned-content-sha256': [400, '{"message":"x-amz-content-sha256 header must be signed in SigV4"}'],
  throttled: [403, 'Request throttled due to too many requests'],
  'too-many-requests': [429, '{"message":"Too Many Requests"}'],
};

const KINDS = Object.keys(ES) as EmulatorFailure[];

describe('failNext: every failure kind, as AWS answers it', () => {
  it('knows all 20 kinds', () => {
    expect(KINDS).toHaveLength(20);
  });

  it.each(KINDS)('es: %s', async (kind) => {
    const { reply, outcome, verified } = await forced('es', kind);
    const [status, body] = ES[kind];
    expect(reply.status).toBe(status);
    if (typeof body === 'string') expect(reply.body).toBe(body);
    else expect(reply.body).toMatch(body);
    expect(reply.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect([outcome, verified]).toEqual([kind, false]);
  });

  it('es: content types and the OpenSearch Security challenge', async () => {
    expect((await forced('es', 'throttled')).reply.headers['content-type']).toBe('text/plain');
    expect((await forced('es', 'too-many-requests')).reply.headers['content-type']).toBe('application/json');
    expect((await forced('es', 'fgac-unauthenticated')).reply.headers['www-authenticate']).toBe('Basic realm="OpenSearch Security"');
    expect((await forced('es', 'expired-token')).reply.headers['content-type']).toBe('application/json');
  });

  it('es: the principal of the signing credential is named in denials', async () => {
    const emulator = await startEmulator({
      service: 'es',
      clock: () => NOW,
      credentials: [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', principalArn: 'arn:aws:iam::123456789012:user/demo' }],
    });
    try {
      emulator.failNext('iam-not-authorized');
      const reply = await sendSigned(emulator.url, { service: 'es', method: 'POST', path: '/x/_search', at: NOW });
      expect(reply.body).toBe('{"Message":"User: arn:aws:iam::123456789012:user/demo is not authorized to perform: es:ESHttpPost because no identity-based policy allows the es:ESHttpPost action"}');
      expect(emulator.requests[0]?.accessKeyId).toBe('AKIDEXAMPLE');
    } finally {
      await emulator.close();
    }
  });

  it.each(KINDS)('aoss: %s', async (kind) => {
    const { reply, outcome } = await forced('aoss', kind, 'GET', '/');
    expect(outcome).toBe(kind);
    expect(reply.headers.server).toBe('aoss-amazon');
    expect(reply.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    switch (kind) {
      case 'network-policy-deny':
        expect([reply.status, reply.body, reply.headers['x-aoss-response-hint'], reply.headers['content-length']]).toEqual([401, '', 'X01:network-policy-deny', '0']);
        break;
      case 'unsigned-content-sha256':
        expect([reply.status, reply.body]).toEqual([400, '{"message":"x-amz-content-sha256 header must be signed in SigV4"}']);
        break;
      case 'throttled':
        expect([reply.status, reply.body, reply.headers['content-type']]).toEqual([403, 'Request throttled due to too many requests', 'text/plain']);
        expect(reply.headers['x-aoss-response-hint']).toBeUndefined();
        break;
      case 'too-many-requests':
        expect(reply.status).toBe(429);
        break;
      default:
        expect(reply.status).toBe(403);
        expect(reply.headers['x-aoss-response-hint']).toBe('X01:gw-helper-deny');
        expect(reply.body).toBe(JSON.stringify({ status: 403, 'request-id': reply.headers['x-request-id'], error: { reason: '403 Forbidden', type: 'Forbidden' } }));
    }
  });

  it('failNext answers before verification, for `times` requests, then the emulator verifies again', async () => {
    const emulator = await startEmulator({ service: 'aoss' });
    try {
      emulator.failNext('network-policy-deny', { times: 2 });
      emulator.failNext('throttled');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await sendSigned(emulator.url)).status);
      // Even an unsigned request gets the queued answer.
      emulator.failNext('too-many-requests');
      statuses.push((await send(emulator.url, { method: 'GET', path: '/' })).status);
      expect(statuses).toEqual([401, 401, 403, 200, 429]);
      expect(emulator.requests.map((r) => r.outcome)).toEqual(['network-policy-deny', 'network-policy-deny', 'throttled', 'ok', 'too-many-requests']);
    } finally {
      await emulator.close();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
