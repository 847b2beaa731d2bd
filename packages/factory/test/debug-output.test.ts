import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { formatWithOptions } from 'node:util';
import { createClient, type OsAuthConfig } from '@osauth/factory';
import { startLoopback } from '@osauth/testing';

/** The part of the `debug` package's API used here. */
interface DebugModule {
  enable(namespaces: string): void;
  disable(): string;
  log: (...args: unknown[]) => unknown;
}

// The very `debug` instance opensearch-js logs with (`require('debug')('opensearch')`),
// resolved from its package folder and loaded through jest's module registry (a plain
// `require`, not `createRequire`), so that it is the same object opensearch-js holds.
const debugPath = require.resolve('debug', { paths: [dirname(require.resolve('@opensearch-project/opensearch'))] });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debug = require(debugPath) as DebugModule;

const SECRET_HEADER_NAMES = ['authorization', 'proxy-authorization', 'x-amz-security-token', 'x-opensearch-security-token', 'x-acs-security-token'];

const AWS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEawsSECRETkeyDEBUG0001', sessionToken: 'FAKEsessionTOKEN/+=abc' };
const ALI = { accessKeyId: 'STS.FAKEaliKEYID0001', accessKeySecret: 'FAKEaliSECRET0001', securityToken: 'FAKEaliTOKEN0001' };
const API_KEY = 'FAKE-sk-bearer0001';
const PASSWORD = 'FAKEpasswordDEBUG0001';

const CASES: [string, OsAuthConfig['auth'], string[]][] = [
  ['aws static keys with a session token', { provider: 'aws', service: 'es', region: 'us-east-1', credentials: AWS }, [AWS.secretAccessKey, AWS.sessionToken, encodeURIComponent(AWS.sessionToken)]],
  ['alibaba sts (static)', { provider: 'alibaba', mode: 'sts', ...ALI }, [ALI.accessKeySecret, ALI.securityToken]],
  ['alibaba bearer', { provider: 'alibaba', mode: 'bearer', apiKey: API_KEY }, [API_KEY]],
  ['basic', { provider: 'basic', username: 'elastic', password: PASSWORD }, [PASSWORD, Buffer.from(`elastic:${PASSWORD}`).toString('base64')]],
];

/** Each secret header value, and its secret part alone (a signature, the bearer token, the base64 pair). */
function partsOf(value: string): string[] {
  const parts = [value];
  const signature = /Signature=([0-9a-f]+)/i.exec(value)?.[1];
  if (signature) parts.push(signature);
  const scheme = /^(?:Bearer|Basic)\s+(.+)$/i.exec(value)?.[1];
  if (scheme) parts.push(scheme);
  const aliSignature = /^OPENSEARCH\s+[^:]+:(.+)$/.exec(value)?.[1];
  if (aliSignature) parts.push(aliSignature);
  return parts;
}

describe('DEBUG=opensearch prints no secret', () => {
  const lines: string[] = [];
  let previousNamespaces = '';
  let previousLog: DebugModule['log'];
  beforeAll(() => {
    previousNamespaces = debug.disable();
    previousLog = debug.log;
    debug.enable('opensearch');
    // The debug package formats its arguments with util; depth Infinity so nested headers show.
    debug.log = (...args: unknown[]) => lines.push(formatWithOptions({ depth: Infinity, colors: false }, ...args));
  });
  afterAll(() => {
    debug.log = previousLog;
    debug.disable();
    if (previousNamespaces) debug.enable(previousNamespaces);
  });
  beforeEach(() => {
    lines.length = 0;
  });

  it.each(CASES)('%s: normal, streamed-body, 403-echo and retried-502 requests', async (_name, auth, secrets) => {
    const received: string[] = [];
    const server = await startLoopback((req, _body, res) => {
      for (const name of SECRET_HEADER_NAMES) {
        const value = req.headers[name];
        if (typeof value === 'string' && value !== '') received.push(value);
      }
      const path = (req.url ?? '').split('?')[0];
      if (path === '/echo') {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify(req.headers));
      } else if (path === '/retry') {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end('{"error":"bad gateway"}');
      } else {
        res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
        res.end('{}');
      }
    });
    const client = createClient({ node: server.url, auth, client: { maxRetries: 1 } });
    // The lines each request printed, so a leak is reported with the request that made it.
    const phases: Record<string, string[]> = {};
    const phase = async (name: string, run: () => Promise<unknown>): Promise<void> => {
      const start = lines.length;
      await run();
      phases[name] = lines.slice(start);
    };
    try {
      await phase('(a) normal', () => client.info());
      await phase('(b) stream body', () => client.transport.request({ method: 'POST', path: '/x/_doc', body: Readable.from(['{"a":1}']) }));
      await phase('(c) 403 echoing the headers', async () => {
        const forbidden = await client.transport.request({ method: 'GET', path: '/echo' }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(forbidden).toBeInstanceOf(Error);
      });
      await phase('(d) retried 502', async () => {
        const badGateway = await client.transport.request({ method: 'GET', path: '/retry' }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(badGateway).toBeInstanceOf(Error);
      });
    } finally {
      await client.close();
      await server.close();
    }

    // The capture works and saw the requests' params (else a leak would go unseen).
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(phases['(a) normal']?.join('\n')).toContain('Starting a new request');
    expect(phases['(b) stream body']?.join('\n')).toContain('/x/_doc');
    expect(phases['(c) 403 echoing the headers']?.join('\n')).toContain('/echo');
    expect(phases['(d) retried 502']?.join('\n')).toContain('Retrying request');

    // Every request carried credentials: 1 + 1 + 1 + 2 (the retry), at least one header each.
    expect(received.length).toBeGreaterThanOrEqual(5);
    if (auth.provider === 'aws') expect(received).toContain(AWS.sessionToken);

    const all = [...new Set([...secrets, ...received.flatMap(partsOf)])];
    // Per request: the secrets its lines printed, and the start of each leaking line's message.
    const leaks: Record<string, { secrets: string[]; lines: string[] }> = {};
    for (const [name, printed] of Object.entries(phases)) {
      const leakingLines = printed.filter((line) => all.some((secret) => line.includes(secret)));
      if (leakingLines.length === 0) continue;
      leaks[name] = {
        secrets: all.filter((secret) => leakingLines.some((line) => line.includes(secret))),
        lines: leakingLines.map((line) => line.replace(/^\S+ opensearch /, '').slice(0, 40)),
      };
    }
    expect(leaks).toEqual({});

    // The lines that print the request params carry no secret header at all, not even
    // redacted: the credentials go on the request opensearch-js builds, never on its params.
    // (This holds even when some later layer would redact what it prints.)
    const paramLines = lines.filter((line) => /Starting a new request|Retrying request/.test(line));
    expect(paramLines.length).toBeGreaterThanOrEqual(5);
    const headerNames = new RegExp(SECRET_HEADER_NAMES.join('|'), 'i');
    expect(paramLines.filter((line) => headerNames.test(line)).map((line) => line.replace(/^\S+ opensearch /, '').slice(0, 40))).toEqual([]);
    expect(all.filter((secret) => text.includes(secret))).toEqual([]);
  });
});
