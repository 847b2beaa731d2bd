import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsSigV4Provider } from '@osauth/aws';
import { createClient, CredentialsUnavailableError } from '@osauth/factory';
import { startRecordingServer } from '@osauth/testing';

type Server = Awaited<ReturnType<typeof startRecordingServer>>;

function keyIdOf(authorization: unknown): string {
  return /Credential=([^/]+)\//.exec(String(authorization))?.[1] ?? '';
}

describe('AWS credentials through createClient', () => {
  let server: Server;
  beforeEach(async () => {
    server = await startRecordingServer();
  });
  afterEach(() => server.close());

  it('fetches nothing at createClient, then once for 1000 concurrent cold requests', async () => {
    let calls = 0;
    const credentials = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { accessKeyId: 'ASIAFAKECOLDSTART001', secretAccessKey: 'FAKEcoldSECRET', sessionToken: 'FAKEcoldTOKEN', expiration: new Date(Date.now() + 3_600_000) };
    };
    const client = createClient({ node: server.url, auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials } });
    expect(calls).toBe(0);
    const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => client.get({ index: 'books', id: String(i) })));
    await client.close();
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(calls).toBe(1);
    expect(server.requests).toHaveLength(1000);
    expect(new Set(server.requests.map((r) => keyIdOf(r.headers.authorization)))).toEqual(new Set(['ASIAFAKECOLDSTART001']));
  });

  it('refreshes once, ahead of expiry, while requests keep flowing', async () => {
    let calls = 0;
    const credentials = () => {
      calls += 1;
      // The first credentials are inside the 5-minute refresh window from the start.
      const lifetime = calls === 1 ? 120_000 : 3_600_000;
      return Promise.resolve({ accessKeyId: `ASIAFAKEROTATION00${calls}`, secretAccessKey: `FAKErotSECRET${calls}`, expiration: new Date(Date.now() + lifetime) });
    };
    const client = createClient({ node: server.url, auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials } });
    await client.info();
    await Promise.all(Array.from({ length: 50 }, () => client.info()));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await client.info();
    await client.close();
    expect(calls).toBe(2);
    expect(keyIdOf(server.requests[0]?.headers.authorization)).toBe('ASIAFAKEROTATION001');
    expect(keyIdOf(server.requests.at(-1)?.headers.authorization)).toBe('ASIAFAKEROTATION002');
  });

  it('fails fast with CredentialsUnavailableError, no request sent, no retries, no secret', async () => {
    let calls = 0;
    const credentials = () => {
      calls += 1;
      return Promise.reject(new Error('profile "prod" not found; secret FAKEleakedSECRETvalue'));
    };
    const client = createClient({
      node: server.url,
      auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials },
      client: { maxRetries: 3 },
    });
    const error = await client.info().catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect((error as CredentialsUnavailableError).remediation).toMatch(/Read `cause`/);
    expect((error as CredentialsUnavailableError).docsUrl).toMatch(/#aws-credentials-unavailable$/);
    expect(server.requests).toHaveLength(0);
    expect(calls).toBe(1);
  });

  it("re-signs the client's own retries: fresh date, hash of the bytes sent each time", async () => {
    server.answers.push({ status: 502, body: '{"error":"bad gateway"}' }, { status: 503, body: '{}' }, { status: 200, body: '{"result":"created"}' });
    const client = createClient({
      node: server.url,
      auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEretrySECRET' } },
      client: { maxRetries: 3, compression: 'gzip' },
    });
    await client.index({ index: 'books', id: '1', body: { title: 'Dune' } });
    await client.close();
    expect(server.requests).toHaveLength(3);
    for (const request of server.requests) {
      expect(request.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(request.body).digest('hex'));
      expect(String(request.headers.authorization)).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/aoss\/aws4_request, SignedHeaders=[^,]*x-amz-content-sha256[^,]*, Signature=[0-9a-f]{64}$/,
      );
    }
  });

  it('joins duplicate header values instead of signing a header twice', async () => {
    const client = createClient({
      node: server.url,
      auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEdupSECRET' } },
      client: { headers: { 'x-tenant': ['blue', 'green'] } },
    });
    await client.info();
    await client.close();
    const signed = /SignedHeaders=([^,]+)/.exec(String(server.requests[0]?.headers.authorization))?.[1]?.split(';') ?? [];
    expect(signed.filter((h) => h === 'x-tenant')).toHaveLength(1);
  });
});

describe('AWS provider details', () => {
  const scopeNode = [new URL('https://abc123.us-east-1.aoss.amazonaws.com')];

  it('leaves the default port out of host and keeps a non-default one', async () => {
    const provider = new AwsSigV4Provider({ provider: 'aws', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEportSECRET' } }, { nodes: scopeNode, configPath: 'auth' });
    const base = { method: 'GET', protocol: 'https:' as const, hostname: 'abc123.us-east-1.aoss.amazonaws.com', path: '/', query: '', headers: {} };
    expect((await provider.authorize(base)).headers.host).toBe('abc123.us-east-1.aoss.amazonaws.com');
    expect((await provider.authorize({ ...base, port: 8443 })).headers.host).toBe('abc123.us-east-1.aoss.amazonaws.com:8443');
  });

  it('re-reads a profile file without expiration after five minutes, so a rewritten file is picked up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osauth-profile-'));
    const file = join(dir, 'credentials');
    const write = (id: string) => writeFileSync(file, `[search]\naws_access_key_id = ${id}\naws_secret_access_key = FAKEprofileSECRET\n`);
    write('AKIDPROFILEFIRST0001');
    const saved = { creds: process.env.AWS_SHARED_CREDENTIALS_FILE, config: process.env.AWS_CONFIG_FILE };
    process.env.AWS_SHARED_CREDENTIALS_FILE = file;
    process.env.AWS_CONFIG_FILE = join(dir, 'config-absent');
    try {
      let now = Date.now();
      const provider = new AwsSigV4Provider({ provider: 'aws', credentials: { profile: 'search' } }, { nodes: scopeNode, configPath: 'auth', clock: { now: () => now } });
      const request = { method: 'GET', protocol: 'https:' as const, hostname: 'abc123.us-east-1.aoss.amazonaws.com', path: '/', query: '', headers: {} };
      expect(keyIdOf((await provider.authorize(request)).headers.authorization)).toBe('AKIDPROFILEFIRST0001');
      write('AKIDPROFILESECOND002');
      now += 60_000;
      expect(keyIdOf((await provider.authorize(request)).headers.authorization)).toBe('AKIDPROFILEFIRST0001');
      now += 5 * 60_000;
      await provider.authorize(request); // serves the held keys, re-reads in the background
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(keyIdOf((await provider.authorize(request)).headers.authorization)).toBe('AKIDPROFILESECOND002');
    } finally {
      if (saved.creds === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      else process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
      else process.env.AWS_CONFIG_FILE = saved.config;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
