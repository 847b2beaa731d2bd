// Through a forward proxy: absolute-URI requests for http nodes, CONNECT tunnels for https
// nodes, `proxy: 'env'` with curl's NO_PROXY rules; signed exactly as direct requests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { ConfigError } from '@osauth/factory';
import { createClient, loadConfig, type OsAuthConfig } from '@osauth/factory';
import { type Emulator, type ForwardProxy, startEmulator, startForwardProxy, startTlsFront, type TlsFront } from '@osauth/testing';
import '@osauth/aws';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const DOMAIN = 'vpc-logs-abc.us-east-1.es.amazonaws.com';
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const PROXY_PASSWORD = 'FAKEproxyPASS/01';
const PROXY_AUTHORIZATION = `Basic ${Buffer.from(`alice:${PROXY_PASSWORD}`).toString('base64')}`;
const AUTH = { provider: 'aws', service: 'es', region: 'us-east-1', credentials: KEYS } as const;

/** The env variables of `vars` set for the duration of `run`. */
async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const names = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  for (const name of names) delete process.env[name];
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

async function info(config: OsAuthConfig): Promise<number | Error> {
  const client = createClient({ ...config, client: { maxRetries: 0, ...config.client } });
  try {
    return (await client.info()).statusCode ?? 0;
  } catch (error) {
    return error as Error;
  } finally {
    await client.close();
  }
}

describe('proxy: requests through a forward proxy are signed as direct ones', () => {
  let emulator: Emulator;
  let tunnel: TlsFront;
  let proxy: ForwardProxy;
  beforeAll(async () => {
    emulator = await startEmulator({ service: 'es', region: 'us-east-1', credentials: [KEYS] });
    tunnel = await startTlsFront(emulator.url, { cert: fixture(`${DOMAIN}.crt`), key: fixture(`${DOMAIN}.key`) });
    proxy = await startForwardProxy({ requireAuthorization: PROXY_AUTHORIZATION });
  });
  afterAll(async () => {
    await proxy.close();
    await tunnel.close();
    await emulator.close();
  });
  beforeEach(() => {
    emulator.reset();
    (proxy.requests as unknown[]).length = 0;
  });
  const proxyUrl = () => proxy.url.replace('http://', `http://alice:${encodeURIComponent(PROXY_PASSWORD)}@`);

  it('http node: an absolute-URI request, Proxy-Authorization sent to the proxy and never signed', async () => {
    expect(await info({ node: emulator.url, auth: AUTH, proxy: proxyUrl() })).toBe(200);
    expect(proxy.requests).toHaveLength(1);
    expect(proxy.requests[0]?.target).toBe(`${emulator.url}/`);
    expect(proxy.requests[0]?.headers['proxy-authorization']).toBe(PROXY_AUTHORIZATION);
    const [request] = emulator.requests;
    expect(request?.verified).toBe(true);
    expect(String(request?.headers.authorization)).not.toMatch(/proxy-authorization/);
  });

  it('https node: a CONNECT tunnel, TLS inside it, with the signing host verified', async () => {
    const status = await info({ node: tunnel.url, auth: { ...AUTH, signingHost: DOMAIN }, proxy: proxyUrl(), client: { ssl: { ca: fixture('ca.crt') } } });
    expect(status).toBe(200);
    expect(proxy.requests.map((r) => `${r.method} ${r.target}`)).toEqual([`CONNECT 127.0.0.1:${tunnel.port}`]);
    expect(proxy.requests[0]?.headers['proxy-authorization']).toBe(PROXY_AUTHORIZATION);
    expect(emulator.requests[0]?.verified).toBe(true);
    expect(emulator.requests[0]?.headers['proxy-authorization']).toBeUndefined();
  });

  it("proxy: 'env' reads HTTPS_PROXY / http_proxy by the node's scheme", async () => {
    await withEnv({ https_proxy: proxyUrl(), HTTP_PROXY: proxyUrl() }, async () => {
      expect(await info({ node: emulator.url, auth: AUTH, proxy: 'env' })).toBe(200);
      expect(await info({ node: tunnel.url, auth: { ...AUTH, signingHost: DOMAIN }, proxy: 'env', client: { ssl: { ca: fixture('ca.crt') } } })).toBe(200);
    });
    expect(proxy.requests.map((r) => r.method)).toEqual(['GET', 'CONNECT']);
  });

  it('NO_PROXY exempts a host (curl rules), and no proxy variable means a direct request', async () => {
    await withEnv({ HTTP_PROXY: proxyUrl(), NO_PROXY: 'example.com, 127.0.0.0/8' }, async () => {
      expect(await info({ node: emulator.url, auth: AUTH, proxy: 'env' })).toBe(200);
    });
    await withEnv({}, async () => {
      expect(await info({ node: emulator.url, auth: AUTH, proxy: 'env' })).toBe(200);
    });
    expect(proxy.requests).toHaveLength(0);
    expect(emulator.requests).toHaveLength(2);
  });

  it('the proxy password never reaches an error, even when the proxy echoes it', async () => {
    const echoing = await startForwardProxy({ requireAuthorization: 'Basic nobody' });
    const node = emulator.url;
    const error = await info({ node, auth: AUTH, proxy: echoing.url.replace('http://', `http://alice:${encodeURIComponent(PROXY_PASSWORD)}@`) });
    await echoing.close();
    expect(error).toBeInstanceOf(Error);
    const text = `${inspect(error, { depth: Infinity, showHidden: true })} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
    for (const secret of [PROXY_PASSWORD, encodeURIComponent(PROXY_PASSWORD), PROXY_AUTHORIZATION.slice(6)]) expect(text).not.toContain(secret);
    expect((error as { meta?: { statusCode?: number } }).meta?.statusCode).toBe(407);
  });

  it('a refused tunnel is a connection error that names the proxy, not its credentials', async () => {
    const strict = await startForwardProxy({ requireAuthorization: 'Basic nobody' });
    const error = await info({
      node: tunnel.url,
      auth: { ...AUTH, signingHost: DOMAIN },
      proxy: strict.url.replace('http://', `http://alice:${encodeURIComponent(PROXY_PASSWORD)}@`),
      client: { ssl: { ca: fixture('ca.crt') } },
    });
    await strict.close();
    expect((error as Error).name).toBe('ConnectionError');
    expect((error as Error).message).toMatch(/refused the tunnel .* 407/);
    expect(inspect(error, { depth: Infinity })).not.toContain(PROXY_PASSWORD);
  });

  it('loadConfig reads OSAUTH_PROXY, holding the URL with its credentials as a secret', async () => {
    const config = { node: emulator.url, auth: AUTH };
    const loaded = loadConfig({ config, env: { OSAUTH_PROXY: proxyUrl() } });
    const printed = `${JSON.stringify(loaded)} ${inspect(loaded, { depth: Infinity })}`;
    expect(printed).not.toContain(PROXY_PASSWORD);
    expect(printed).not.toContain(encodeURIComponent(PROXY_PASSWORD));
    const client = createClient(loaded);
    await client.info();
    await client.close();
    expect(proxy.requests).toHaveLength(1);
    expect(() => loadConfig({ config, env: { OSAUTH_PROXY: 'socks5://127.0.0.1:1080' } })).toThrow(/proxy \(from OSAUTH_PROXY\)/);
  });

  it('a bad proxy setting is a ConfigError naming where it came from, never the URL', async () => {
    const attempt = (config: Partial<OsAuthConfig>) => {
      try {
        createClient({ node: emulator.url, auth: AUTH, ...config });
      } catch (error) {
        return error as ConfigError;
      }
      throw new Error('expected a ConfigError');
    };
    const socks = attempt({ proxy: `socks5://alice:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:1080` });
    expect(socks.path).toBe('proxy');
    expect(socks.message).toContain('only http:// and https:// proxies');
    expect(socks.message).not.toContain(PROXY_PASSWORD);
    await withEnv({ HTTP_PROXY: `socks5://alice:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1:1080` }, () => {
      const fromEnv = attempt({ proxy: 'env' });
      expect(fromEnv.message).toContain('proxy (from HTTP_PROXY)');
      expect(fromEnv.message).not.toContain(PROXY_PASSWORD);
      return Promise.resolve();
    });
    expect(attempt({ proxy: proxy.url, client: { proxy: proxy.url } }).path).toBe('client.proxy');
  });
});
