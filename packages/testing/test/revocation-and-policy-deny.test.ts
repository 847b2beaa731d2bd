import { startAwsStsEmulator, startEmulator, type EmulatorCredential } from '@osauth/testing';
import { KEY, sendSigned } from './support';

const GW_HELPER_BODY = /^\{"status":403,"request-id":"[0-9a-f-]{36}","error":\{"reason":"403 Forbidden","type":"Forbidden"\}\}$/;

/** Asks the STS emulator for a session, as an SDK would (the signature is not checked there). */
async function assumeRole(url: string): Promise<void> {
  const body = 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fsearch&RoleSessionName=test';
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00' },
    body,
  });
  expect(response.status).toBe(200);
}

describe('a revoked-then-reissued session', () => {
  it('on aoss: the revoked key gets the gw-helper-deny 403, a session issued afterwards is accepted', async () => {
    const emulator = await startEmulator({ service: 'aoss', credentials: [] });
    const issued: EmulatorCredential[] = [];
    const sts = await startAwsStsEmulator({ onIssue: (c) => (issued.push(c), emulator.addCredentials(c)) });
    try {
      await assumeRole(sts.url);
      const [first] = issued as [EmulatorCredential];
      expect((await sendSigned(emulator.url, { credentials: first })).status).toBe(200);

      emulator.revokeCredentials(first.accessKeyId);
      const denied = await sendSigned(emulator.url, { credentials: first });
      expect([denied.status, denied.headers['x-aoss-response-hint'], denied.headers.server]).toEqual([403, 'X01:gw-helper-deny', 'aoss-amazon']);
      expect(denied.body).toMatch(GW_HELPER_BODY);

      await assumeRole(sts.url);
      const second = issued[1] as EmulatorCredential;
      expect((await sendSigned(emulator.url, { credentials: second })).status).toBe(200);
      expect(emulator.requests.map((r) => [r.accessKeyId, r.outcome])).toEqual([
        [first.accessKeyId, 'ok'],
        [first.accessKeyId, 'unknown-key'],
        [second.accessKeyId, 'ok'],
      ]);
    } finally {
      await Promise.all([sts.close(), emulator.close()]);
    }
  });
});

describe('denyAccess(): the policy-deny mode', () => {
  it('on aoss: every correctly signed request, any key, gets the gw-helper-deny 403 until denyAccess(false)', async () => {
    const other = { accessKeyId: 'ASIAFAKEOTHER0000001', secretAccessKey: 'FAKEotherSECRET', sessionToken: 'FAKEotherTOKEN' };
    const emulator = await startEmulator({ service: 'aoss', credentials: [KEY, other] });
    try {
      emulator.denyAccess();
      for (const credentials of [KEY, other]) {
        const reply = await sendSigned(emulator.url, { credentials });
        expect([reply.status, reply.headers['x-aoss-response-hint']]).toEqual([403, 'X01:gw-helper-deny']);
        expect(reply.body).toMatch(GW_HELPER_BODY);
      }
      // A bad signature is still a bad signature: the mode sits behind verification.
      await sendSigned(emulator.url, { credentials: { ...KEY, secretAccessKey: 'FAKEwrong' } });
      expect(emulator.requests.map((r) => [r.verified, r.outcome])).toEqual([
        [true, 'data-access-denied'],
        [true, 'data-access-denied'],
        [false, 'signature-mismatch'],
      ]);

      emulator.denyAccess(false);
      expect((await sendSigned(emulator.url, { credentials: KEY })).status).toBe(200);
      emulator.denyAccess();
      emulator.reset();
      expect((await sendSigned(emulator.url, { credentials: KEY })).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('on es: an explicit deny naming the key’s principal', async () => {
    const emulator = await startEmulator({ service: 'es', credentials: [{ ...KEY, principalArn: 'arn:aws:iam::123456789012:role/search' }] });
    try {
      emulator.denyAccess();
      const reply = await sendSigned(emulator.url, { credentials: KEY, service: 'es', path: '/books/_search' });
      expect(reply.status).toBe(403);
      expect(JSON.parse(reply.body)).toEqual({
        Message:
          'User: arn:aws:iam::123456789012:role/search is not authorized to perform: es:ESHttpGet on resource: arn:aws:es:us-east-1:123456789012:domain/emulator/books with an explicit deny in an identity-based policy',
      });
    } finally {
      await emulator.close();
    }
  });
});
