import type { IncomingHttpHeaders } from 'node:http';
import { inspect } from 'node:util';
import type { Client } from '@opensearch-project/opensearch';
import { ConfigError, createClient, type OsAuthConfig, UntrustedHostError } from '@osauth/factory';
import { startLoopback, startRecordingServer } from '@osauth/testing';

const PASSWORD = 'FAKEpasswordSNIFF01';
const PAIR = Buffer.from(`elastic:${PASSWORD}`).toString('base64');
const BASIC = { provider: 'basic', username: 'elastic', password: PASSWORD } as const;
const AWS_KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEsecretKEYsniff0001' };

type Loopback = Awaited<ReturnType<typeof startLoopback>>;
type Recording = Awaited<ReturnType<typeof startRecordingServer>>;

function hostOf(url: string): string {
  return new URL(url).host;
}

/** What an OpenSearch node answers to `GET /_nodes/_all/http`: one node, published at `publishAddress`. */
function nodesBody(publishAddress: string): string {
  return JSON.stringify({
    _nodes: { total: 1, successful: 1, failed: 0 },
    cluster_name: 'osauth-sniff-test',
    nodes: {
      'node-b': {
        name: 'node-b',
        transport_address: '127.0.0.1:9300',
        host: '127.0.0.1',
        ip: '127.0.0.1',
        version: '2.17.0',
        roles: ['data', 'ingest', 'cluster_manager'],
        http: { bound_address: [publishAddress], publish_address: publishAddress, max_content_length_in_bytes: 104857600 },
      },
    },
  });
}

/** Server A, the configured node: answers the sniff with `publishAddress`, everything else 200 {}. */
async function startNodeA(publishAddress: () => string): Promise<{ server: Loopback; requests: { url: string; headers: IncomingHttpHeaders }[] }> {
  const requests: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = await startLoopback((req, _body, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.method === 'GET' && req.url?.startsWith('/_nodes/_all/http') ? nodesBody(publishAddress()) : '{}');
  });
  return { server, requests };
}

/** Resolves with the first `sniff` event's arguments. */
function firstSniff(client: Client): Promise<{ err: unknown; result: unknown }> {
  return new Promise((resolve) => client.on('sniff', (err, result) => resolve({ err, result })));
}

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('sniffing is refused where the provider cannot support it', () => {
  const node = 'http://127.0.0.1:9';
  const managed: [string, OsAuthConfig['auth']][] = [
    ['aws', { provider: 'aws', service: 'es', region: 'us-east-1', credentials: AWS_KEYS }],
    ['alibaba', { provider: 'alibaba', mode: 'bearer', apiKey: 'FAKE-sk-key' }],
  ];
  const options: [string, OsAuthConfig['client']][] = [
    ['sniffOnStart', { sniffOnStart: true }],
    ['sniffInterval', { sniffInterval: 1000 }],
    ['sniffOnConnectionFault', { sniffOnConnectionFault: true }],
  ];

  describe.each(managed)('%s', (name, auth) => {
    it.each(options)('client.%s → ConfigError naming that option, saying sniffing is not supported', (option, client) => {
      const error = configErrorOf(() => createClient({ node, auth, client }));
      expect(error.path).toBe(`client.${option}`);
      expect(error.provider).toBe(name);
      expect(error.message).toMatch(/does not support sniffing/);
      expect(`${error.message}${JSON.stringify(error)}`).not.toMatch(/FAKE/);
    });
  });

  it('basic accepts every sniffing option', async () => {
    const a = await startNodeA(() => hostOf(a.server.url));
    try {
      for (const [, client] of options) {
        const created = createClient({ node: a.server.url, auth: BASIC, client });
        // sniffOnStart sniffs 10 ms after construction: let it finish before closing.
        if (client?.sniffOnStart) await firstSniff(created);
        await created.close();
      }
    } finally {
      await a.server.close();
    }
  });
});

describe('credentials go only where the user sent them', () => {
  let b: Recording;
  let a: Awaited<ReturnType<typeof startNodeA>>;
  beforeEach(async () => {
    b = await startRecordingServer();
    a = await startNodeA(() => hostOf(b.url));
  });
  afterEach(async () => {
    await a.server.close();
    await b.close();
  });

  it('a sniffed node is refused with UntrustedHostError before anything is sent to it', async () => {
    const client = createClient({ node: a.server.url, auth: BASIC, client: { sniffOnStart: true } });
    try {
      const { err, result } = await firstSniff(client);
      expect(err).toBeNull();
      // The sniff itself went to A, the configured node, with the credentials.
      expect(a.requests[0]?.url).toMatch(/^\/_nodes\/_all\/http/);
      expect(a.requests[0]?.headers.authorization).toBe(`Basic ${PAIR}`);

      // The payload is what the listener may print: no password, no base64 pair.
      const sniff = result as { body: unknown; meta: { sniff: { hosts: { url: URL }[] } } };
      expect(sniff.meta.sniff.hosts.map((h) => h.url.host)).toEqual([hostOf(b.url)]);
      const printed = [inspect(result, { depth: Infinity, getters: true }), inspect(err, { depth: Infinity }), JSON.stringify(sniff.body), JSON.stringify(result)].join('\n');
      expect(printed).not.toContain(PASSWORD);
      expect(printed).not.toContain(PAIR);

      const before = a.requests.length;
      const outcomes: unknown[] = [];
      for (let i = 0; i < 4; i += 1)
        outcomes.push(
          await client.info().then(
            () => 'ok',
            (e: unknown) => e,
          ),
        );
      // Every request either reached A or was refused; none was sent to B.
      const reachedA = a.requests.length - before;
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(reachedA);
      for (const outcome of outcomes) {
        if (outcome === 'ok') continue;
        expect(outcome).toBeInstanceOf(UntrustedHostError);
        const error = outcome as UntrustedHostError;
        expect(error.code).toBe('UNTRUSTED_HOST');
        expect(error.host).toBe(hostOf(b.url));
        expect(error.remediation).toMatch(/allowedHosts/);
        const text = `${error.message}${error.stack}${JSON.stringify(error)}${inspect(error, { depth: Infinity, showHidden: true })}`;
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(PAIR);
      }
      // The pool holds B alone after the sniff: all were refused.
      expect(reachedA).toBe(0);
      expect(b.requests).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('auth.allowedHosts ["127.0.0.1"] (any port) admits the sniffed node, which receives Authorization', async () => {
    const client = createClient({ node: a.server.url, auth: { ...BASIC, allowedHosts: ['127.0.0.1'] }, client: { sniffOnStart: true } });
    try {
      await firstSniff(client);
      await expect(client.info()).resolves.toMatchObject({ statusCode: 200 });
      expect(b.requests).toHaveLength(1);
      expect(b.requests[0]?.headers.authorization).toBe(`Basic ${PAIR}`);
    } finally {
      await client.close();
    }
  });

  it('auth.allowedHosts ["127.0.0.1:1"] admits only that port: the sniffed node is refused again', async () => {
    const client = createClient({ node: a.server.url, auth: { ...BASIC, allowedHosts: ['127.0.0.1:1'] }, client: { sniffOnStart: true } });
    try {
      await firstSniff(client);
      const error = await client.info().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UntrustedHostError);
      expect((error as UntrustedHostError).host).toBe(hostOf(b.url));
      expect(b.requests).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it.each([
    ['x', 'auth.allowedHosts'],
    [['http://x'], 'auth.allowedHosts[0]'],
    [['127.0.0.1', 'x/y'], 'auth.allowedHosts[1]'],
  ])('auth.allowedHosts %j → ConfigError at %s', (allowedHosts, path) => {
    const error = configErrorOf(() => createClient({ node: a.server.url, auth: { ...BASIC, allowedHosts: allowedHosts as never } }));
    expect(error.path).toBe(path);
    expect(error.path.startsWith('auth.allowedHosts')).toBe(true);
    expect(`${error.message}${JSON.stringify(error)}`).not.toContain(PASSWORD);
  });

  it('a node added to the pool by hand is refused without it seeing the request', async () => {
    const client = createClient({ node: a.server.url, auth: BASIC, client: { maxRetries: 3 } });
    try {
      const pool = client.connectionPool;
      const added = pool.addConnection(b.url);
      expect(added.url.host).toBe(hostOf(b.url));
      // With A and B both in the pool, round-robin picks A, then B: B is refused (and marked
      // dead), the transport retries on A. Every request succeeds, and only A sees any.
      for (let i = 0; i < 4; i += 1) await expect(client.info()).resolves.toMatchObject({ statusCode: 200 });
      expect(a.requests).toHaveLength(4);
      expect(b.requests).toEqual([]);

      // The reliable way to make a request go to B: remove A from the pool (removeConnection,
      // not empty(): empty() waits for and closes every connection, B included). B is then the
      // only connection, so the transport must pick it, and each retry picks it again.
      const connectionA = pool.connections.find((c) => c.url.host === hostOf(a.server.url));
      expect(connectionA).toBeDefined();
      pool.removeConnection(connectionA as NonNullable<typeof connectionA>);
      expect(pool.connections.map((c) => c.url.host)).toEqual([hostOf(b.url)]);
      const error = await client.info().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UntrustedHostError);
      expect((error as UntrustedHostError).host).toBe(hostOf(b.url));
      expect((error as UntrustedHostError).remediation).toMatch(/allowedHosts/);
      expect(b.requests).toEqual([]);
      expect(a.requests).toHaveLength(4);
    } finally {
      await client.close();
    }
  });
});
