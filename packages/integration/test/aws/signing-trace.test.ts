import { createHash } from 'node:crypto';
import { createClient, type OsAuthConfig, type OsAuthEvent, type RequestSignedEvent } from '@osauth/factory';
import { type Emulator, startEmulator } from '@osauth/testing';

const TEMP = { accessKeyId: 'ASIAFAKETRACE0000002', secretAccessKey: 'FAKEtraceSECRETwJalrXUtnFEMIK7MDENG2', sessionToken: 'FAKEtraceSESSIONtokenIQoJb3JpZ2luX2VjEGkb' };

describe('seeing the signature: debug.signing and OSAUTH_DEBUG=signing', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ service: 'es', credentials: [TEMP] });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const config = (extra: Partial<OsAuthConfig> = {}): OsAuthConfig => ({
    node: emulator.url,
    auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: TEMP },
    client: { maxRetries: 0 },
    ...extra,
  });

  /** The request-signed events of one search and one info call under `extra`. */
  async function signedEvents(extra: Partial<OsAuthConfig>): Promise<RequestSignedEvent[]> {
    const events: OsAuthEvent[] = [];
    const client = createClient(config({ onEvent: (event) => events.push(event), ...extra }));
    await client.info();
    await client.search({ index: 'books', q: 'title dune', body: { query: { match_all: {} } } });
    await client.close();
    return events.filter((e): e is RequestSignedEvent => e.type === 'request-signed');
  }

  async function withEnv<T>(value: string, run: () => Promise<T>): Promise<T> {
    const before = process.env.OSAUTH_DEBUG;
    process.env.OSAUTH_DEBUG = value;
    try {
      return await run();
    } finally {
      if (before === undefined) delete process.env.OSAUTH_DEBUG;
      else process.env.OSAUTH_DEBUG = before;
    }
  }

  it('debug: { signing: true } emits what each request was signed with, the session token redacted', async () => {
    const events = await signedEvents({ debug: { signing: true } });
    expect(emulator.requests.map((r) => r.verified)).toEqual([true, true]);
    expect(events.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /', 'POST /books/_search']);
    const search = events[1] as RequestSignedEvent;
    expect(search).toMatchObject({ provider: 'aws', signedHeaders: ['content-length', 'content-type', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token'] });
    expect(search.canonicalRequest?.split('\n').slice(0, 3)).toEqual(['POST', '/books/_search', 'q=title%20dune']);
    expect(search.canonicalRequest).toContain('\nx-amz-security-token:[REDACTED]\n');
    // With the token put back, the canonical request is the one whose hash was signed (and the emulator verified).
    const restored = (search.canonicalRequest as string).replace('[REDACTED]', TEMP.sessionToken);
    expect(search.stringToSign.split('\n')[3]).toBe(createHash('sha256').update(restored).digest('hex'));
    expect(JSON.stringify(events)).not.toContain(TEMP.sessionToken);
  });

  it('OSAUTH_DEBUG=signing (one of a comma-separated list) does the same when the config has no debug', async () => {
    const events = await withEnv('transport, signing', () => signedEvents({}));
    expect(events).toHaveLength(2);
  });

  it('is off by default, and debug in the config wins over OSAUTH_DEBUG', async () => {
    expect(await signedEvents({})).toEqual([]);
    expect(await withEnv('signing', () => signedEvents({ debug: { signing: false } }))).toEqual([]);
    expect(await withEnv('transport', () => signedEvents({}))).toEqual([]);
  });

  it('without onEvent, prints each signed request to stderr, redacted', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const client = createClient(config({ debug: { signing: true } }));
      await client.info();
      await client.close();
    } finally {
      spy.mockRestore();
    }
    const text = written.join('');
    expect(text).toContain('osauth: aws signed GET /\n  signed headers: host;x-amz-content-sha256;x-amz-date;x-amz-security-token\n  canonical request:\n    GET\n    /\n');
    expect(text).toContain('    x-amz-security-token:[REDACTED]\n');
    expect(text).toContain('  string to sign:\n    AWS4-HMAC-SHA256\n');
    expect(text).not.toContain(TEMP.sessionToken);
  });

  it('prints nothing while off', async () => {
    const spy = jest.spyOn(process.stderr, 'write');
    try {
      const client = createClient(config());
      await client.info();
      await client.close();
      expect(spy.mock.calls.map(([chunk]) => String(chunk)).filter((c) => c.includes('osauth:'))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});
