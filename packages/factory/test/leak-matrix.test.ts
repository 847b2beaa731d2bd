// The adversarial suite: canary secrets of every kind, for every provider, echoed back by
// hostile servers in every common encoding and place, looked for on every channel a user
// can print (thrown errors and their cause chain, client events, DEBUG=opensearch output,
// the provider and client objects). Any appearance of a canary is a leak.
import { dirname } from 'node:path';
import { format, inspect } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Client } from '@opensearch-project/opensearch';
import { BUILT_IN_PROVIDERS, createClient, type OsAuthConfig } from '@osauth/factory';
import { type AlibabaStsEmulator, type AwsStsEmulator, startAlibabaStsEmulator, startAwsStsEmulator, startLoopback } from '@osauth/testing';

// Canaries shaped like the real thing: AWS tokens and secrets carry `/`, `+` and `=`, which
// JSON (`\/`) and percent-encoding rewrite.
const AWS_KEYS = { accessKeyId: 'AKIDEXAMPLECANARY01', secretAccessKey: 'FAKEawsSECRET/canary+Key=01' };
const AWS_TOKEN = 'FAKEawsSESSION/token+CANARY==01';
const AWS_SOURCE = { accessKeyId: 'AKIDEXAMPLESOURCE01', secretAccessKey: 'FAKEsourceSECRET/canary+Key=02' };
const ALI_STS = { accessKeyId: 'STS.FAKECANARY01', accessKeySecret: 'FAKEaliSECRET/canary+01=', securityToken: 'FAKEaliTOKEN/canary+CAIS01=' };
const ALI_SOURCE = { accessKeyId: 'LTAIFAKECANARY0001', accessKeySecret: 'FAKEaliSOURCEsecret/+canary02' };
const API_KEY = 'FAKE-sk-bearer/canary+key=01';
const ALI_PASSWORD = 'FAKEelasticPASS/canary+01';
const BASIC_PASSWORD = 'FAKEbasicPASS/canary+02=';

type Echo = 'raw' | 'json' | 'percent-upper' | 'percent-lower' | 'base64-pair';
type Place = 'json-403' | 'text-401' | 'utf16-403' | 'not-json-403' | 'not-json-200' | 'headers-403' | 'redirect-302';
const PLACES: readonly Place[] = ['json-403', 'text-401', 'utf16-403', 'not-json-403', 'not-json-200', 'headers-403', 'redirect-302'];

interface ProviderCase {
  readonly name: string;
  readonly auth: () => OsAuthConfig['auth'];
  /** Canaries of this case (credentials issued by a local STS are added as they are issued). */
  readonly secrets: string[];
  /** `user:password` pairs whose base64 is also a secret. */
  readonly pairs?: readonly [string, string][];
}

let awsSts: AwsStsEmulator;
let aliSts: AlibabaStsEmulator;
const issued: string[] = [];

const CASES: readonly ProviderCase[] = [
  { name: 'aws es, keys', auth: () => ({ provider: 'aws', service: 'es', region: 'us-east-1', credentials: AWS_KEYS }), secrets: [AWS_KEYS.secretAccessKey] },
  {
    name: 'aws es, keys + session token',
    auth: () => ({ provider: 'aws', service: 'es', region: 'us-east-1', credentials: { ...AWS_KEYS, sessionToken: AWS_TOKEN } }),
    secrets: [AWS_KEYS.secretAccessKey, AWS_TOKEN],
  },
  {
    name: 'aws aoss, keys + session token',
    auth: () => ({ provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: { ...AWS_KEYS, sessionToken: AWS_TOKEN } }),
    secrets: [AWS_KEYS.secretAccessKey, AWS_TOKEN],
  },
  {
    name: 'aws es, AssumeRole',
    auth: () => ({
      provider: 'aws',
      service: 'es',
      region: 'us-east-1',
      credentials: { roleArn: 'arn:aws:iam::123456789012:role/search', stsEndpoint: awsSts.url, source: AWS_SOURCE },
    }),
    secrets: [AWS_SOURCE.secretAccessKey],
  },
  { name: 'alibaba bearer', auth: () => ({ provider: 'alibaba', mode: 'bearer', apiKey: API_KEY }), secrets: [API_KEY] },
  {
    name: 'alibaba basic',
    auth: () => ({ provider: 'alibaba', mode: 'basic', username: 'elastic', password: ALI_PASSWORD }),
    secrets: [ALI_PASSWORD],
    pairs: [['elastic', ALI_PASSWORD]],
  },
  { name: 'alibaba sts, static', auth: () => ({ provider: 'alibaba', mode: 'sts', ...ALI_STS }), secrets: [ALI_STS.accessKeySecret, ALI_STS.securityToken] },
  {
    name: 'alibaba sts, AssumeRole',
    auth: () => ({ provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::1234567890123456:role/search', stsEndpoint: aliSts.url, ...ALI_SOURCE }),
    secrets: [ALI_SOURCE.accessKeySecret],
  },
  { name: 'basic', auth: () => ({ provider: 'basic', username: 'admin', password: BASIC_PASSWORD }), secrets: [BASIC_PASSWORD], pairs: [['admin', BASIC_PASSWORD]] },
];

function encode(value: string, echo: Echo): string {
  switch (echo) {
    case 'raw':
      return value;
    case 'json':
      return JSON.stringify(value).slice(1, -1).replaceAll('/', '\\/');
    case 'percent-upper':
      return encodeURIComponent(value);
    case 'percent-lower':
      return encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
    case 'base64-pair':
      return value;
  }
}

const SECRET_REQUEST_HEADERS = ['authorization', 'x-amz-security-token', 'x-opensearch-security-token'];

/** What the hostile server echoes: every secret header it received, and every canary it was told of. */
function echoText(req: IncomingMessage, canaries: readonly string[], echo: Echo): string {
  const received = SECRET_REQUEST_HEADERS.map((name) => req.headers[name]).filter((v): v is string => typeof v === 'string');
  const values = echo === 'base64-pair' ? canaries : [...received, ...canaries];
  return values.map((v) => encode(v, echo)).join(' | ');
}

function answer(res: ServerResponse, place: Place, text: string): void {
  switch (place) {
    case 'json-403':
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `The request signature we calculated does not match. ${text}`, error: { type: 'security_exception', reason: text } }));
      return;
    case 'text-401':
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(`Unauthorized: ${text}`);
      return;
    case 'utf16-403':
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-16le' });
      res.end(Buffer.from(`Forbidden: ${text}`, 'utf16le'));
      return;
    case 'not-json-403':
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(`<html><body>denied ${text}</body>`);
      return;
    case 'not-json-200':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"broken": ${text}`);
      return;
    case 'headers-403':
      res.writeHead(403, { 'content-type': 'application/json', 'x-echo': text.replace(/[^\x20-\x7e]/g, '?'), 'www-authenticate': `Basic realm="${text.replace(/[^\x20-\x7e]/g, '?')}"` });
      res.end('{}');
      return;
    case 'redirect-302':
      res.writeHead(302, { location: `https://elsewhere.example/?t=${text.replace(/[^\x20-\x7e]/g, '?')}`, 'content-type': 'text/plain' });
      res.end(text);
      return;
  }
}

/** Every way a user prints what the client gave them. */
function printedForms(value: unknown): string[] {
  if (value === undefined) return [];
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- String() is one of the ways a user prints a value, whatever it is
  const forms = [inspect(value, { depth: Infinity }), inspect(value, { depth: Infinity, showHidden: true }), String(value)];
  try {
    forms.push(JSON.stringify(value) ?? '');
  } catch {
    // Results hold the live Connection (sockets, circular): what JSON can show is covered by inspect.
  }
  if (value instanceof Error) forms.push(value.message, value.stack ?? '');
  return forms;
}

/** The opensearch-js `debug` instance, capturing what DEBUG=opensearch would print. */
function captureDebug(): { lines: string[]; restore(): void } {
  const debugPath = require.resolve('debug', { paths: [dirname(require.resolve('@opensearch-project/opensearch'))] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the instance opensearch-js loaded, found at run time
  const debug = require(debugPath) as { enable(ns: string): void; disable(): string; log: (...args: unknown[]) => void };
  const lines: string[] = [];
  const originalLog = debug.log;
  debug.enable('opensearch');
  debug.log = (...args: unknown[]) => lines.push(format(...args));
  return {
    lines,
    restore() {
      debug.log = originalLog;
      debug.disable();
    },
  };
}

/** A full collection, and a turn for the finalizers it queued. */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let round = 0; round < 3; round += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function leaksIn(texts: readonly string[], secrets: readonly string[]): string[] {
  return secrets.filter((secret) => texts.some((text) => text.includes(secret)));
}

/** The forms in which a canary must never appear (as it is, and as the server encoded it). */
function forbiddenForms(c: ProviderCase, received: readonly string[]): string[] {
  const raw = [...c.secrets, ...issued, ...received];
  const pairs = (c.pairs ?? []).map(([user, password]) => Buffer.from(`${user}:${password}`).toString('base64'));
  const echoes: Echo[] = ['raw', 'json', 'percent-upper', 'percent-lower'];
  return [...new Set([...raw.flatMap((value) => echoes.map((echo) => encode(value, echo))), ...pairs])];
}

describe('leak matrix: providers × places × encodings × channels', () => {
  const results: { name: string; place: Place; echo: Echo; leaks: string[] }[] = [];
  let channelChecks = 0;

  beforeAll(async () => {
    awsSts = await startAwsStsEmulator({ onIssue: (c) => issued.push(c.secretAccessKey, ...(c.sessionToken ? [c.sessionToken] : [])) });
    aliSts = await startAlibabaStsEmulator({
      accessKeys: [ALI_SOURCE],
      onIssue: (k) => issued.push(k.accessKeySecret, ...(k.securityToken ? [k.securityToken] : [])),
    });
  });
  afterAll(async () => {
    await awsSts.close();
    await aliSts.close();
  });

  it.each(CASES)('$name: no canary reaches any channel', async (c) => {
    // Earlier cases' clients are closed: collect them, so the credentials an STS issued to
    // them are echoed here after nothing holds them any more (they must stay redacted).
    await collectGarbage();
    // The server knows the case's canaries and echoes what it receives, as the test says.
    let mode: { place: Place; echo: Echo } = { place: 'json-403', echo: 'raw' };
    const received: string[] = [];
    const server = await startLoopback((req, _body, res) => {
      for (const name of SECRET_REQUEST_HEADERS) {
        const value = req.headers[name];
        // A request signature (SigV4, Alibaba v3) is not a credential: it signs that one
        // request only. Bearer and Basic values, and security tokens, are.
        if (typeof value === 'string' && !/^(AWS4-HMAC-SHA256|OPENSEARCH) /.test(value)) received.push(value);
      }
      const canaries = mode.echo === 'base64-pair' ? (c.pairs ?? []).map(([u, p]) => Buffer.from(`${u}:${p}`).toString('base64')) : [...c.secrets, ...issued];
      answer(res, mode.place, echoText(req, canaries, mode.echo));
    });
    const events: unknown[][] = [];
    const client: Client = createClient({ node: server.url, auth: c.auth(), client: { maxRetries: 0 } });
    for (const event of ['request', 'response', 'serialization', 'deserialization'] as const) {
      client.on(event as 'request', (...args: unknown[]) => events.push([event, ...args]));
    }
    const debug = captureDebug();
    try {
      const echoes: Echo[] = ['raw', 'json', 'percent-upper', 'percent-lower', ...(c.pairs ? (['base64-pair'] as const) : [])];
      for (const place of PLACES) {
        for (const echo of echoes) {
          mode = { place, echo };
          events.length = 0;
          debug.lines.length = 0;
          const outcome = await client.info().then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          );
          const thrown = 'error' in outcome ? outcome.error : undefined;
          const error = thrown as Error & { cause?: unknown; meta?: unknown };
          // Each channel: the thrown error and its cause, every event payload, the debug log.
          const channels: Record<string, string[]> = {
            error: printedForms(thrown),
            cause: printedForms(error?.cause),
            meta: printedForms(error?.meta),
            ...Object.fromEntries(events.map((args, i) => [`event ${String(args[0])} #${i}`, printedForms(args)])),
            debug: debug.lines,
          };
          channelChecks += Object.keys(channels).length;
          const forbidden = forbiddenForms(c, received);
          const leaks = Object.entries(channels).flatMap(([channel, texts]) => leaksIn(texts, forbidden).map((leak) => `${channel}: ${leak}`));
          results.push({ name: c.name, place, echo, leaks });
          // A successful 302 is returned to the caller as the server sent it (docs/security.md);
          // everything else here must fail, so a leak could not hide in a success.
          if (place !== 'redirect-302') expect(thrown).toBeInstanceOf(Error);
        }
      }
      // The objects themselves: the client and the provider class it was built from.
      const Provider = BUILT_IN_PROVIDERS[c.auth().provider]!;
      const provider = new Provider(c.auth() as never, { nodes: [new URL(server.url)], configPath: 'auth' });
      await provider.prepare?.();
      await provider.authorize({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', path: '/', query: '', headers: {} });
      const objectLeaks = leaksIn([...printedForms(provider), ...printedForms(client)], forbiddenForms(c, received));
      results.push({ name: c.name, place: 'json-403', echo: 'raw', leaks: objectLeaks.map((l) => `object: ${l}`) });
      await provider.close();
    } finally {
      debug.restore();
      await client.close();
      await server.close();
    }
    // Cases that send a credential (a token, a Bearer or Basic value) had it echoed back.
    if (c.name !== 'aws es, keys') expect(received.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.name === c.name && r.leaks.length > 0)).toEqual([]);
  });

  it('an STS that echoes the AssumeRole source credentials leaks nothing (aws and alibaba)', async () => {
    const server = await startLoopback((_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    const leaks: string[] = [];
    for (const [which, c] of [
      ['aws', CASES[3]!],
      ['alibaba', CASES[7]!],
    ] as const) {
      const client = createClient({ node: server.url, auth: c.auth(), client: { maxRetries: 0 } });
      const echo = `${ALI_SOURCE.accessKeySecret} ${AWS_SOURCE.secretAccessKey} ${encodeURIComponent(AWS_SOURCE.secretAccessKey)}`;
      if (which === 'aws') awsSts.failNext(403, 'AccessDenied', `not authorized: ${echo}`);
      else aliSts.failNext(403, 'NoPermission', `not authorized: ${echo}`);
      const error = await client.info().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      leaks.push(...leaksIn([...printedForms(error), ...printedForms((error as Error).cause)], forbiddenForms(c, [])));
      await client.close();
    }
    await server.close();
    expect(leaks).toEqual([]);
  });

  afterAll(() => {
    const leaked = results.filter((r) => r.leaks.length > 0);
    // A summary for the closing note of the change that introduced this suite.
    process.stdout.write(`leak matrix: ${results.length} cases, ${channelChecks} channel checks, ${leaked.length} with leaks\n`);
  });
});
