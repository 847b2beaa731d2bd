import { inspect } from 'node:util';
import { AuthenticationError, AuthorizationError, ConfigError, createClient } from '@osauth/factory';
import { startRecordingServer } from '@osauth/testing';

const PASSWORD = 'FAKEpasswordCANARY42';

describe('basic and none providers', () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeEach(async () => {
    server = await startRecordingServer();
  });
  afterEach(() => server.close());

  it('basic sends Authorization: Basic on every request', async () => {
    const client = createClient({ node: server.url, auth: { provider: 'basic', username: 'elastic', password: PASSWORD } });
    await client.info();
    await client.index({ index: 'books', id: '1', body: { title: 'Dune' } });
    await client.close();
    const expected = `Basic ${Buffer.from(`elastic:${PASSWORD}`).toString('base64')}`;
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([expected, expected]);
  });

  it('none sends no Authorization header', async () => {
    const client = createClient({ node: server.url, auth: { provider: 'none' } });
    await client.info();
    await client.close();
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it.each(['basic', 'none'] as const)('%s: 401 → AuthenticationError, 403 security_exception → AuthorizationError, no secret', async (provider) => {
    const auth = provider === 'basic' ? { provider, username: 'elastic', password: PASSWORD } : { provider };
    server.answers.push(
      {
        status: 401,
        headers: { 'www-authenticate': 'Basic realm="security" charset="UTF-8"' },
        body: JSON.stringify({ error: { type: 'security_exception', reason: 'unable to authenticate user [elastic] for REST request [/_search]' }, status: 401 }),
      },
      {
        status: 403,
        body: JSON.stringify({ error: { type: 'security_exception', reason: 'action [indices:data/read/search] is unauthorized for user [reader]' }, status: 403 }),
      },
    );
    const client = createClient({ node: server.url, auth, client: { maxRetries: 0 } });
    const first = await client.search({ index: 'books' }).catch((e: unknown) => e);
    const second = await client.search({ index: 'books' }).catch((e: unknown) => e);
    await client.close();
    expect(first).toBeInstanceOf(AuthenticationError);
    expect((first as AuthenticationError).hint).toMatch(/unable to authenticate user \[elastic\]/);
    expect(second).toBeInstanceOf(AuthorizationError);
    expect((second as AuthorizationError).provider).toBe(provider);
    for (const error of [first, second] as Error[]) {
      const text = `${error.message}${error.stack}${JSON.stringify(error)}${inspect(error, { depth: 8 })}`;
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(Buffer.from(`elastic:${PASSWORD}`).toString('base64'));
    }
  });

  it.each([
    [{ provider: 'basic', password: PASSWORD }, 'auth.username'],
    [{ provider: 'basic', username: 'elastic' }, 'auth.password'],
    [{ provider: 'basic', username: 'elastic', password: '' }, 'auth.password'],
    [{ provider: 'basic', username: 'a:b', password: PASSWORD }, 'auth.username'],
  ])('%o → ConfigError at %s', (auth, path) => {
    let caught: unknown;
    try {
      createClient({ node: server.url, auth: auth as never });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).path).toBe(path);
    expect(`${(caught as Error).message}${JSON.stringify(caught)}`).not.toContain(PASSWORD);
  });
});
