import { fromTemporaryCredentials, fromWebToken } from '@aws-sdk/credential-providers';
import { type EmulatorCredential, startAwsStsEmulator, startEmulator } from '@osauth/testing';
import { KEY, send, sendSigned } from './support';

const ROLE = 'arn:aws:iam::123456789012:role/search';

describe('startAwsStsEmulator, driven by the AWS SDK', () => {
  it('issues fresh ASIAFAKE credentials to fromTemporaryCredentials, and they work on the emulator', async () => {
    const emulator = await startEmulator({ service: 'aoss' });
    const issued: EmulatorCredential[] = [];
    const sts = await startAwsStsEmulator({ durationSeconds: 900, onIssue: (c) => (issued.push(c), emulator.addCredentials(c)) });
    try {
      const provider = fromTemporaryCredentials({
        params: { RoleArn: ROLE, RoleSessionName: 'jest' },
        clientConfig: { endpoint: sts.url, region: 'us-east-1' },
        masterCredentials: { ...KEY },
      });
      const before = Date.now();
      const credentials = await provider();
      expect(credentials.accessKeyId).toMatch(/^ASIAFAKE[0-9A-F]+$/);
      expect(credentials.sessionToken).toBeTruthy();
      expect(credentials.expiration?.getTime()).toBeGreaterThanOrEqual(before + 899_000);
      expect(issued.map((c) => c.accessKeyId)).toEqual([credentials.accessKeyId]);
      expect(issued[0]?.principalArn).toBe(ROLE);

      expect(sts.calls).toHaveLength(1);
      expect(sts.calls[0]).toMatchObject({ action: 'AssumeRole', signed: true, params: { Action: 'AssumeRole', Version: '2011-06-15', RoleArn: ROLE, RoleSessionName: 'jest' } });

      const reply = await sendSigned(emulator.url, {
        credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken ?? '' },
      });
      expect(reply.status).toBe(200);
      expect(emulator.requests[0]).toMatchObject({ verified: true, accessKeyId: credentials.accessKeyId });
    } finally {
      await sts.close();
      await emulator.close();
    }
  });

  it("with accessKeys, verifies the SDK's signatures as STS does: the right key assumes the role, a wrong secret or an unknown key is refused by code", async () => {
    const sts = await startAwsStsEmulator({ accessKeys: [KEY] });
    const assume = (masterCredentials: { accessKeyId: string; secretAccessKey: string }) =>
      fromTemporaryCredentials({ params: { RoleArn: ROLE, RoleSessionName: 'verified' }, clientConfig: { endpoint: sts.url, region: 'eu-west-1', maxAttempts: 1 }, masterCredentials })();
    try {
      expect((await assume({ ...KEY })).accessKeyId).toMatch(/^ASIAFAKE/);
      await expect(assume({ ...KEY, secretAccessKey: 'FAKEwrongSECRETkey000000000000000000000' })).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
      await expect(assume({ accessKeyId: 'AKIDFAKEUNKNOWN00000', secretAccessKey: KEY.secretAccessKey })).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
      expect(sts.calls.map((call) => call.action)).toEqual(['AssumeRole', 'AssumeRole', 'AssumeRole']);
    } finally {
      await sts.close();
    }
  });

  it('answers AssumeRoleWithWebIdentity unsigned, as STS does', async () => {
    const sts = await startAwsStsEmulator();
    try {
      const credentials = await fromWebToken({ roleArn: ROLE, webIdentityToken: 'FAKE.jwt.token', roleSessionName: 'web', clientConfig: { endpoint: sts.url, region: 'us-east-1' } })();
      expect(credentials.accessKeyId).toMatch(/^ASIAFAKE/);
      expect(sts.calls[0]).toMatchObject({ action: 'AssumeRoleWithWebIdentity', signed: false, params: { WebIdentityToken: 'FAKE.jwt.token' } });
    } finally {
      await sts.close();
    }
  });

  it('failNext answers with STS error XML, which the SDK surfaces by code', async () => {
    const sts = await startAwsStsEmulator();
    try {
      sts.failNext(403, 'AccessDenied', 'User: arn:aws:iam::123456789012:user/demo is not authorized to perform: sts:AssumeRole on resource: ' + ROLE);
      const provider = fromTemporaryCredentials({
        params: { RoleArn: ROLE, RoleSessionName: 'x' },
        clientConfig: { endpoint: sts.url, region: 'us-east-1', maxAttempts: 1 },
        masterCredentials: { ...KEY },
      });
      await expect(provider()).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 }, message: expect.stringContaining('sts:AssumeRole') });
    } finally {
      await sts.close();
    }
  });

  it('speaks the Query API XML itself: shapes of success and error', async () => {
    const sts = await startAwsStsEmulator({ clock: () => Date.UTC(2026, 10, 22, 10, 0, 0) });
    try {
      const form = `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(ROLE)}&RoleSessionName=s1&DurationSeconds=1800`;
      const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64),
      };
      const ok = await send(sts.url, { method: 'POST', path: '/', headers, body: form });
      expect(ok.status).toBe(200);
      expect(ok.headers['content-type']).toBe('text/xml');
      expect(ok.body).toMatch(
        /^<AssumeRoleResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAFAKE[0-9A-F]+<\/AccessKeyId><SecretAccessKey>FAKE[^<]+<\/SecretAccessKey><SessionToken>FAKE[^<]+<\/SessionToken><Expiration>2026-11-22T10:30:00\.000Z<\/Expiration><\/Credentials><AssumedRoleUser><AssumedRoleId>AROAFAKE:s1<\/AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role\/search\/s1<\/Arn><\/AssumedRoleUser><\/AssumeRoleResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/AssumeRoleResponse>$/,
      );
      const unsigned = await send(sts.url, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
      expect(unsigned.status).toBe(403);
      expect(unsigned.body).toMatch(
        /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
      );
      expect(sts.calls.map((c) => c.signed)).toEqual([true, false]);
    } finally {
      await sts.close();
      await sts.close(); // idempotent
    }
  });
});
