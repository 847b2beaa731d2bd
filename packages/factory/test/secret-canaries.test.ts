import { inspect } from 'node:util';
import { AlibabaProvider } from '@osauth/alibaba';
import { AwsSigV4Provider } from '@osauth/aws';
import { ConfigError, createClient, type FailedResponse, OsAuthError, type OsAuthEvent } from '@osauth/factory';
import { seededRandom, startLoopback } from '@osauth/testing';

const CANARY = {
  accessKeyId: 'ASIACANARYKEYID00001',
  secretAccessKey: 'CANARYsecretKEYwJalrXUtnFEMIK7MDENGbPxRf',
  sessionToken: 'CANARYsessionTOKENIQoJb3JpZ2luX2VjEGkaCXVz',
};
const SECRETS = [CANARY.secretAccessKey, CANARY.sessionToken, CANARY.accessKeyId];

/** Ways a response can echo what it was sent (AWS echoes the canonical request; proxies echo headers). */
const ECHOES: ((pick: <T>(items: readonly T[]) => T) => string)[] = [
  () => `x-amz-security-token:${CANARY.sessionToken}`,
  () => `Credential=${CANARY.accessKeyId}/20261122/us-east-1/es/aws4_request`,
  () => `Authorization: AWS4-HMAC-SHA256 Credential=${CANARY.accessKeyId}/20261122/us-east-1/es/aws4_request, SignedHeaders=host, Signature=abc`,
  () => `secret ${CANARY.secretAccessKey} leaked`,
  () => `token=${CANARY.sessionToken}&x=1`,
  (pick) => `${pick(['"', "'", ''])}${CANARY.sessionToken}${pick(['"', "'", ''])}`,
];

const TEMPLATES: ((echo: string) => unknown)[] = [
  (echo) => ({ message: `The request signature we calculated does not match the signature you provided.\n\n'GET\n/\n\nhost:x\n${echo}\n'` }),
  (echo) => ({ message: `The security token included in the request is expired ${echo}` }),
  (echo) => ({ message: `The security token included in the request is invalid. ${echo}` }),
  (echo) => ({ Message: `User: arn:aws:iam::123456789012:user/x is not authorized to perform: es:ESHttpGet ${echo}` }),
  (echo) => ({ message: `Signature expired: 20261122T100000Z is now earlier than 20261122T101500Z ${echo}` }),
  (echo) => ({ error: { type: 'security_exception', reason: `no permissions for [indices:data/read/search] and User [name=${echo}]` }, status: 403 }),
  (echo) => ({ message: `Authorization header requires 'Credential' parameter. ${echo}` }),
  (echo) => `plain text ${echo}`,
  (echo) => ({ status: 403, 'request-id': echo, error: { reason: '403 Forbidden', type: 'Forbidden' } }),
  () => undefined,
];

function leaks(error: unknown): string[] {
  const e = error as Error;
  const texts = [e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 10, showHidden: true }), String(e)];
  if (error instanceof OsAuthError) texts.push(error.remediation, error.hint ?? '', error.requestId ?? '', inspect(error.cause, { depth: 10 }));
  return SECRETS.filter((secret) => texts.some((t) => t.includes(secret)));
}

describe('secret canaries', () => {
  // A bounded count, not a time: the limit only stops a hung run on a busy 2-core machine.
  it('10,000 generated AWS failures leak no key, secret or token', async () => {
    const events: OsAuthEvent[] = [];
    const provider = new AwsSigV4Provider(
      { provider: 'aws', service: 'es', region: 'us-east-1', credentials: CANARY },
      { nodes: [new URL('https://search-x.us-east-1.es.amazonaws.com')], configPath: 'auth', emit: (e) => events.push(e) },
    );
    await provider.prepare(); // holds (and registers) the canary credentials, as in real use
    const random = seededRandom(20261122);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    let classified = 0;
    const leaked: { seed: number; secrets: string[] }[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      const echo = pick(ECHOES)(pick);
      const headers: Record<string, string> = { 'x-amzn-requestid': pick(['req-1', echo]) };
      if (random() < 0.3) headers['x-aoss-response-hint'] = pick(['X01:gw-helper-deny', 'X01:network-policy-deny', `X01:${echo}`]);
      const response: FailedResponse = { statusCode: pick([400, 401, 403, 403, 403, 429]), headers, body: pick(TEMPLATES)(echo) };
      const error = provider.classifyError(response);
      if (!error) continue;
      classified += 1;
      const found = leaks(error);
      if (found.length > 0) leaked.push({ seed: i, secrets: found });
    }
    expect(classified).toBeGreaterThan(6_000);
    expect(leaked).toEqual([]);
    expect(JSON.stringify(events)).not.toMatch(/CANARY/);
  }, 60_000);

  it('failures through a real socket (typed error, its cause and meta) leak nothing', async () => {
    const random = seededRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const cluster = await startLoopback((_req, _body, res) => {
      const echo = pick(ECHOES)(pick);
      const body = pick(TEMPLATES)(echo);
      res.writeHead(pick([401, 403]), { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', 'x-amzn-requestid': 'r' });
      res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
    });
    const client = createClient({
      node: cluster.url,
      auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: CANARY },
      client: { maxRetries: 0 },
    });
    const leaked: string[][] = [];
    for (let i = 0; i < 300; i += 1) {
      const error = await client.info().catch((e: unknown) => e);
      const found = leaks(error);
      if (found.length > 0) leaked.push(found);
    }
    await client.close();
    await cluster.close();
    expect(leaked).toEqual([]);
  });

  it('config errors never echo a secret value', () => {
    const configs: unknown[] = [
      { node: 'http://127.0.0.1:9200', auth: { provider: 'aws', credentials: { accessKeyId: CANARY.accessKeyId } } },
      { node: 'http://127.0.0.1:9200', auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: { secretAccessKey: CANARY.secretAccessKey } } },
      { node: 'http://127.0.0.1:9200', auth: { provider: 'aws', service: 'es', region: CANARY.sessionToken, credentials: CANARY } },
      { node: CANARY.sessionToken, auth: { provider: 'aws' } },
      { node: 'http://127.0.0.1:9200', auth: { provider: CANARY.secretAccessKey } },
      { node: 'http://127.0.0.1:9200', auth: { provider: 'basic', username: 'u', password: '' } },
      { node: 'http://127.0.0.1:9200', auth: { provider: 'aws' }, client: { headers: { authorization: `Bearer ${CANARY.sessionToken}` } } },
    ];
    for (const config of configs) {
      let caught: unknown;
      try {
        createClient(config as never);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect(leaks(caught)).toEqual([]);
    }
  });

  it('5,000 generated Alibaba failures (POP, v3, AI Search, Elasticsearch shapes) leak no secret', async () => {
    const ALI = { accessKeyId: 'STS.CANARYALIKEY0001', accessKeySecret: 'CANARYaliSECRETkey0001xx', securityToken: 'CANARYaliSECURITYtokenCAIS0001' };
    const API_KEY = 'CANARY-sk-dashscope-api-key';
    const PASSWORD = 'CANARYelasticPASSWORD';
    const providers = [
      new AlibabaProvider({ provider: 'alibaba', mode: 'sts', ...ALI }, { nodes: [], configPath: 'auth' }),
      new AlibabaProvider({ provider: 'alibaba', mode: 'bearer', apiKey: API_KEY }, { nodes: [], configPath: 'auth' }),
      new AlibabaProvider({ provider: 'alibaba', mode: 'basic', username: 'elastic', password: PASSWORD }, { nodes: [], configPath: 'auth' }),
    ];
    await providers[0]?.prepare();
    const secrets = [ALI.accessKeySecret, ALI.securityToken, API_KEY, PASSWORD, Buffer.from(`elastic:${PASSWORD}`).toString('base64')];
    const random = seededRandom(4242);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const echoes = [
      () => `SecurityToken=${ALI.securityToken}`,
      () => `Authorization: OPENSEARCH ${ALI.accessKeyId}:sig x-opensearch-security-token:${ALI.securityToken}`,
      () => `Authorization: Bearer ${API_KEY}`,
      () => `key ${API_KEY}`,
      () => `Basic ${Buffer.from(`elastic:${PASSWORD}`).toString('base64')}`,
      () => `secret=${ALI.accessKeySecret}`,
    ];
    const bodies = [
      (e: string) => ({
        Code: pick(['InvalidSecurityToken.Expired', 'InvalidSecurityToken.Malformed', 'SignatureDoesNotMatch', 'Forbidden.RAM', 'InvalidAccessKeyId.NotFound', 'InvalidTimeStamp.Expired']),
        Message: `failed ${e}`,
        RequestId: 'R',
        Recommend: e,
        AccessDeniedDetail: { AuthAction: 'opensearch:Search', Extra: e },
      }),
      (e: string) => ({ request_id: 'r', status: 'FAIL', errors: [{ code: pick([4003, 5001]), message: e }] }),
      (e: string) => ({ request_id: 'r', latency: 1, code: 'InvalidApiKey', message: e }),
      (e: string) => ({ error: { type: 'security_exception', reason: e }, status: 401 }),
    ];
    const leaked: string[] = [];
    let classified = 0;
    for (let i = 0; i < 5_000; i += 1) {
      const echo = pick(echoes)();
      const error = pick(providers).classifyError({ statusCode: pick([400, 401, 403, 404]), headers: {}, body: pick(bodies)(echo) });
      if (!error) continue;
      classified += 1;
      const e = error as Error;
      const texts = [e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 10, showHidden: true }), String(e), error.remediation, error.hint ?? ''];
      for (const secret of secrets) if (texts.some((t) => t.includes(secret))) leaked.push(`${i}: ${secret.slice(0, 12)}`);
    }
    await Promise.all(providers.map((p) => p.close()));
    expect(classified).toBeGreaterThan(3_000);
    expect(leaked).toEqual([]);
  });

  it('network errors (connection refused) carry no credential', async () => {
    const gone = await startLoopback(() => {});
    const url = gone.url;
    await gone.close();
    const clients = [
      createClient({ node: url, auth: { provider: 'aws', service: 'es', region: 'us-east-1', credentials: CANARY }, client: { maxRetries: 1 } }),
      createClient({ node: url, auth: { provider: 'basic', username: 'u', password: 'CANARYbasicPASSWORD01' }, client: { maxRetries: 1 } }),
    ];
    for (const client of clients) {
      const error = await client.index({ index: 'books', body: { title: 'x' } }).catch((e: unknown) => e);
      await client.close();
      const text = `${(error as Error).message}${(error as Error).stack}${JSON.stringify(error)}${inspect(error, { depth: 10, showHidden: true })}`;
      expect((error as Error).name).toBe('ConnectionError');
      for (const secret of [...SECRETS, 'CANARYbasicPASSWORD01', 'AWS4-HMAC-SHA256', 'Basic ']) expect(text).not.toContain(secret);
    }
  });
});
