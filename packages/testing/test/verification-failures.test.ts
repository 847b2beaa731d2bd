import { type Emulator, type EmulatorOptions, startEmulator } from '@osauth/testing';
import { json, KEY, type Reply, send, sendSigned, type SignOptions, signWithAws4 } from './support';

const NOW = Date.UTC(2026, 10, 22, 10, 20, 0); // 20261122T102000Z
const GW_HELPER_DENY = { error: { reason: '403 Forbidden', type: 'Forbidden' } };

async function withEmulator<T>(options: EmulatorOptions, run: (emulator: Emulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ clock: () => NOW, ...options });
  try {
    return await run(emulator);
  } finally {
    await emulator.close();
  }
}

async function esAnswer(sign: SignOptions, options: EmulatorOptions = {}): Promise<{ reply: Reply; outcome: string | undefined }> {
  return withEmulator({ service: 'es', ...options }, async (emulator) => {
    const reply = await sendSigned(emulator.url, { service: 'es', at: NOW, ...sign });
    return { reply, outcome: emulator.requests[0]?.outcome };
  });
}

async function aossAnswer(sign: SignOptions, options: EmulatorOptions = {}): Promise<{ reply: Reply; outcome: string | undefined }> {
  return withEmulator({ service: 'aoss', ...options }, async (emulator) => {
    const reply = await sendSigned(emulator.url, { service: 'aoss', at: NOW, ...sign });
    return { reply, outcome: emulator.requests[0]?.outcome };
  });
}

describe('real verification failures get the matching real answer (es)', () => {
  it('accepts a correct request signed by aws4 with the default credential', async () => {
    const { reply, outcome } = await esAnswer({});
    expect([reply.status, outcome]).toEqual([200, 'ok']);
    expect(json(reply)).toMatchObject({ version: { distribution: 'opensearch', number: '2.17.0' } });
    expect(reply.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts a request without x-amz-content-sha256 (es hashes the body itself, as AWS does), but not one with a wrong body', async () => {
    const body = '{"query":{"match_all":{}}}';
    const headers = { 'content-type': 'application/json' };
    const { reply, outcome } = await esAnswer({ method: 'POST', path: '/books/_search', body, headers, contentSha: false });
    expect([reply.status, outcome]).toEqual([200, 'ok']);
    await withEmulator({ service: 'es' }, async (emulator) => {
      const request = signWithAws4(emulator.url, { service: 'es', at: NOW, method: 'POST', path: '/books/_search', body, headers, contentSha: false });
      const tampered = await send(emulator.url, { ...request, body: '{"query":{"match_any":{}}}' }); // same length, other bytes
      expect([tampered.status, emulator.requests[0]?.outcome]).toEqual([403, 'signature-mismatch']);
    });
  });

  it('wrong secret → the canonical request echo', async () => {
    const { reply, outcome } = await esAnswer({ credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: 'FAKEwrong' }, path: '/books/_search' });
    expect([reply.status, outcome]).toEqual([403, 'signature-mismatch']);
    expect(json<{ message: string }>(reply).message).toMatch(/^The request signature we calculated does not match[^]*\n'GET\n\/books\/_search\n\nhost:127\.0\.0\.1:\d+\n/);
  });

  it('unknown access key → "…is invalid." (with the full stop)', async () => {
    const { reply, outcome } = await esAnswer({ credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'FAKE' } });
    expect([reply.status, reply.body, outcome]).toEqual([403, '{"message":"The security token included in the request is invalid."}', 'unknown-key']);
  });

  it('a revoked key is unknown from then on', async () => {
    await withEmulator({ service: 'es' }, async (emulator) => {
      expect((await sendSigned(emulator.url, { service: 'es', at: NOW })).status).toBe(200);
      emulator.revokeCredentials(KEY.accessKeyId);
      expect((await sendSigned(emulator.url, { service: 'es', at: NOW })).body).toBe('{"message":"The security token included in the request is invalid."}');
    });
  });

  it('a wrong or missing session token → "…is invalid" (no full stop)', async () => {
    const temporary = { ...KEY, accessKeyId: 'ASIAFAKE1', sessionToken: 'FAKEtoken' };
    const options = { credentials: [temporary] };
    const wrong = await esAnswer({ credentials: { ...temporary, sessionToken: 'FAKEother' } }, options);
    const missing = await esAnswer({ credentials: { accessKeyId: temporary.accessKeyId, secretAccessKey: temporary.secretAccessKey } }, options);
    const unexpected = await esAnswer({ credentials: { ...KEY, sessionToken: 'FAKEtoken' } });
    for (const { reply, outcome } of [wrong, missing, unexpected]) {
      expect([reply.status, reply.body, outcome]).toEqual([403, '{"message":"The security token included in the request is invalid"}', 'invalid-token']);
    }
    const right = await esAnswer({ credentials: temporary }, options);
    expect(right.outcome).toBe('ok');
  });

  it('expired credentials (expiresAt passed, or expireCredentials) → "…is expired"', async () => {
    const expired = await esAnswer({}, { credentials: [{ ...KEY, expiresAt: new Date(NOW - 1) }] });
    expect([expired.reply.status, expired.reply.body, expired.outcome]).toEqual([403, '{"message":"The security token included in the request is expired"}', 'expired-token']);
    await withEmulator({ service: 'es' }, async (emulator) => {
      expect((await sendSigned(emulator.url, { service: 'es', at: NOW })).status).toBe(200);
      emulator.expireCredentials(KEY.accessKeyId);
      expect((await sendSigned(emulator.url, { service: 'es', at: NOW })).body).toBe('{"message":"The security token included in the request is expired"}');
    });
  });

  it('an expired key with a wrong secret is still a signature mismatch: only the secret holder learns it expired', async () => {
    const { outcome } = await esAnswer({ credentials: { ...KEY, secretAccessKey: 'FAKEwrong' } }, { credentials: [{ ...KEY, expiresAt: new Date(NOW - 1) }] });
    expect(outcome).toBe('signature-mismatch');
  });

  it('clock skew, past and future, with the real computed timestamps', async () => {
    const past = await esAnswer({ at: NOW - 20 * 60_000 });
    expect([past.reply.status, past.reply.body, past.outcome]).toEqual([
      403,
      '{"message":"Signature expired: 20261122T100000Z is now earlier than 20261122T101500Z (20261122T102000Z - 5 min.)"}',
      'clock-skew',
    ]);
    const future = await esAnswer({ at: NOW + 10 * 60_000 });
    expect([future.reply.status, future.reply.body, future.outcome]).toEqual([
      403,
      '{"message":"Signature not yet current: 20261122T103000Z is still later than 20261122T102500Z (20261122T102000Z + 5 min.)"}',
      'clock-skew-future',
    ]);
    // Just inside the window on either side is fine.
    expect((await esAnswer({ at: NOW - 5 * 60_000 })).outcome).toBe('ok');
    expect((await esAnswer({ at: NOW + 5 * 60_000 })).outcome).toBe('ok');
  });

  it('the answer carries the emulator clock in Date, for clients that correct skew', async () => {
    const { reply } = await esAnswer({ at: NOW - 20 * 60_000 });
    expect(reply.headers.date).toBe(new Date(NOW).toUTCString());
  });

  it('honours maxSkewMs', async () => {
    expect((await esAnswer({ at: NOW - 2 * 60_000 }, { maxSkewMs: 60_000 })).outcome).toBe('clock-skew');
  });

  it('wrong service or region in the credential scope', async () => {
    const service = await esAnswer({ service: 'aoss' });
    expect([service.reply.status, service.reply.body]).toEqual([403, `{"message":"Credential should be scoped to correct service: 'es'. "}`]);
    const region = await esAnswer({ region: 'eu-west-1' });
    expect([region.reply.status, region.reply.body]).toEqual([403, '{"message":"Credential should be scoped to a valid region. "}']);
  });

  it('no Authorization header → anonymous is not authorized, naming the action by method', async () => {
    await withEmulator({ service: 'es' }, async (emulator) => {
      const get = await send(emulator.url, { method: 'GET', path: '/books/_search' });
      expect([get.status, get.body]).toEqual([403, '{"Message":"User: anonymous is not authorized to perform: es:ESHttpGet because no resource-based policy allows the es:ESHttpGet action"}']);
      const del = await send(emulator.url, { method: 'DELETE', path: '/books' });
      expect(del.body).toContain('es:ESHttpDelete');
      expect(emulator.requests.map((r) => r.outcome)).toEqual(['anonymous', 'anonymous']);
    });
  });

  it('an unreadable Authorization header → "Authorization header requires…", echoing the header', async () => {
    await withEmulator({ service: 'es' }, async (emulator) => {
      const reply = await send(emulator.url, { method: 'GET', path: '/', headers: { authorization: 'AWS4-HMAC-SHA256 garbage' } });
      expect([reply.status, reply.body]).toEqual([
        403,
        JSON.stringify({
          message:
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 garbage",
        }),
      ]);
    });
  });

  it('checks the payload hash against the bytes received; UNSIGNED-PAYLOAD and no hash header are fine on es', async () => {
    const body = '{"title":"Dune"}';
    const headers = { 'content-type': 'application/json' };
    expect((await esAnswer({ method: 'PUT', path: '/books/_doc/1', body, headers })).outcome).toBe('ok');
    expect((await esAnswer({ method: 'PUT', path: '/books/_doc/1', body, headers, contentSha: 'UNSIGNED-PAYLOAD' })).outcome).toBe('ok');
    expect((await esAnswer({ method: 'PUT', path: '/books/_doc/1', body, headers, contentSha: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })).outcome).toBe(
      'signature-mismatch',
    );
    expect((await esAnswer({ method: 'PUT', path: '/books/_doc/1', body, headers, contentSha: false })).outcome).toBe('ok');
  });

  it('a header changed after signing fails; an unsigned header added after signing does not matter', async () => {
    await withEmulator({ service: 'es' }, async (emulator) => {
      const request = signWithAws4(emulator.url, { service: 'es', at: NOW, headers: { 'x-custom': 'a' } });
      await send(emulator.url, { ...request, headers: { ...request.headers, 'x-custom': 'b' } });
      await send(emulator.url, { ...request, headers: { ...request.headers, 'x-forwarded-for': '10.0.0.1' } });
      expect(emulator.requests.map((r) => r.outcome)).toEqual(['signature-mismatch', 'ok']);
    });
  });
});

describe('real verification failures get the matching real answer (aoss)', () => {
  it('accepts a correct request', async () => {
    const { reply, outcome } = await aossAnswer({});
    expect([reply.status, outcome, reply.headers.server]).toEqual([200, 'ok', 'aoss-amazon']);
    expect(reply.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each<[string, SignOptions, EmulatorOptions, string]>([
    ['wrong secret', { credentials: { ...KEY, secretAccessKey: 'FAKEwrong' } }, {}, 'signature-mismatch'],
    ['unknown key', { credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'FAKE' } }, {}, 'unknown-key'],
    ['expired key', {}, { credentials: [{ ...KEY, expiresAt: new Date(NOW) }] }, 'expired-token'],
    ['clock skew', { at: NOW - 6 * 60_000 }, {}, 'clock-skew'],
    ['future date', { at: NOW + 6 * 60_000 }, {}, 'clock-skew-future'],
    ['wrong service', { service: 'es' }, {}, 'wrong-service'],
    ['wrong region', { region: 'eu-west-1' }, {}, 'wrong-region'],
    ['no payload hash', { contentSha: false }, {}, 'signature-mismatch'],
    ['UNSIGNED-PAYLOAD (es only)', { method: 'POST', path: '/books/_doc', body: '{}', contentSha: 'UNSIGNED-PAYLOAD' }, {}, 'signature-mismatch'],
  ])('%s → 403 gw-helper-deny', async (_name, sign, options, outcome) => {
    const answer = await aossAnswer(sign, options);
    expect(answer.outcome).toBe(outcome);
    expect(answer.reply.status).toBe(403);
    expect(answer.reply.headers['x-aoss-response-hint']).toBe('X01:gw-helper-deny');
    expect(json(answer.reply)).toEqual({ status: 403, 'request-id': answer.reply.headers['x-request-id'], ...GW_HELPER_DENY });
  });

  it('no Authorization header → 403 gw-helper-deny', async () => {
    await withEmulator({ service: 'aoss' }, async (emulator) => {
      const reply = await send(emulator.url, { method: 'GET', path: '/' });
      expect([reply.status, reply.headers['x-aoss-response-hint'], emulator.requests[0]?.outcome]).toEqual([403, 'X01:gw-helper-deny', 'anonymous']);
    });
  });

  it('no x-amz-content-sha256 at all → a signature mismatch (aoss needs the header)', async () => {
    const { reply, outcome } = await aossAnswer({ method: 'POST', path: '/books/_search', body: '{}', headers: { 'content-type': 'application/json' }, contentSha: false });
    expect([reply.status, outcome]).toEqual([403, 'signature-mismatch']);
  });

  it('x-amz-content-sha256 sent but not signed → 400 "x-amz-content-sha256 header must be signed in SigV4"', async () => {
    await withEmulator({ service: 'aoss' }, async (emulator) => {
      // Sign without the hash, then add it: the way opensearch-js once did (opensearch-js#1098).
      const request = signWithAws4(emulator.url, { service: 'aoss', at: NOW, contentSha: false });
      const reply = await send(emulator.url, { ...request, headers: { ...request.headers, 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } });
      expect([reply.status, reply.body, reply.headers.server]).toEqual([400, '{"message":"x-amz-content-sha256 header must be signed in SigV4"}', 'aoss-amazon']);
      expect(emulator.requests[0]?.outcome).toBe('unsigned-content-sha256');
    });
  });
});
