import { type AuthProvider, createClient } from '@osauth/factory';

describe('createClient({ onProvider })', () => {
  it('hands over the very provider that authorizes the client, once', async () => {
    const seen: AuthProvider[] = [];
    const client = createClient({ node: 'http://127.0.0.1:9', auth: { provider: 'basic', username: 'admin', password: 'FAKEpass01' } }, { onProvider: (provider) => seen.push(provider) });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.name).toBe('basic');
    const authorization = await seen[0]!.authorize({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', path: '/', query: '', headers: {} });
    expect(authorization.headers.authorization).toBe(`Basic ${Buffer.from('admin:FAKEpass01').toString('base64')}`);
    await client.close();
  });

  it('is not called when the config is invalid', () => {
    const seen: AuthProvider[] = [];
    expect(() => createClient({ node: 'not a url', auth: { provider: 'none' } }, { onProvider: (provider) => seen.push(provider) })).toThrow();
    expect(seen).toHaveLength(0);
  });
});
