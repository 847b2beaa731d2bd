import { HttpRequest } from '@smithy/protocol-http';
import { getCanonicalHeaders, SignatureV4 } from '@smithy/signature-v4';
import type { HeaderBag } from '@smithy/types';
import type { AuthRequest, OsAuthEvent, ProviderContext, RequestSignedEvent } from '@osauth/core';
import { AwsSigV4Provider } from '../src';
import { NodeSha256 } from './reference/node-sha256';
import { parseQuery } from './reference/smithy-signer';

const HOST = 'abc123.us-east-1.aoss.amazonaws.com';
const TEMP = { accessKeyId: 'ASIAFAKETRACE0000001', secretAccessKey: 'FAKEtraceSECRETwJalrXUtnFEMIK7MDENG', sessionToken: 'FAKEtraceSESSIONtokenIQoJb3JpZ2luX2VjEGka' };
const REQUEST: AuthRequest = {
  method: 'POST',
  protocol: 'https:',
  hostname: HOST,
  path: '/books/_search',
  query: 'q=title%20dune&size=10&flag',
  headers: { 'content-type': 'application/json', 'x-tenant': 'blue,   green', 'user-agent': 'opensearch-js/3.5.0' },
  body: '{"query":{"match":{"title":"dune"}}}',
};

/** `@smithy/signature-v4`'s own canonical request and string to sign for `request` as signed. */
interface SmithyInternals {
  createCanonicalRequest(request: HttpRequest, headers: HeaderBag, payloadHash: string): string;
  createStringToSign(longDate: string, scope: string, canonicalRequest: string, algorithm: string): Promise<string>;
}

async function smithyTexts(request: AuthRequest, signed: Record<string, string>, service: 'es' | 'aoss') {
  const httpRequest = new HttpRequest({
    method: request.method,
    protocol: request.protocol,
    hostname: request.hostname,
    path: request.path,
    query: parseQuery(request.query),
    headers: {
      ...request.headers,
      host: signed.host as string,
      'x-amz-date': signed['x-amz-date'] as string,
      'x-amz-content-sha256': signed['x-amz-content-sha256'] as string,
      'x-amz-security-token': TEMP.sessionToken,
    },
  });
  const smithy = new SignatureV4({ service, region: 'us-east-1', credentials: TEMP, sha256: NodeSha256, uriEscapePath: true }) as unknown as SmithyInternals;
  const canonicalRequest = smithy.createCanonicalRequest(httpRequest, getCanonicalHeaders(httpRequest), signed['x-amz-content-sha256'] as string);
  const amzDate = signed['x-amz-date'] as string;
  const stringToSign = await smithy.createStringToSign(amzDate, `${amzDate.slice(0, 8)}/us-east-1/${service}/aws4_request`, canonicalRequest, 'AWS4-HMAC-SHA256');
  return { canonicalRequest, stringToSign };
}

async function signWith(context: Partial<ProviderContext>, node = `https://${HOST}`) {
  const events: OsAuthEvent[] = [];
  const provider = new AwsSigV4Provider({ provider: 'aws', credentials: TEMP }, { nodes: [new URL(node)], configPath: 'auth', emit: (event) => events.push(event), ...context });
  await provider.prepare();
  const authorization = await provider.authorize(REQUEST);
  return { provider, events, headers: authorization.headers as Record<string, string> };
}

describe('request-signed: what the AWS provider signed, on demand', () => {
  it('is the canonical request and string to sign @smithy/signature-v4 computes, token redacted', async () => {
    const { events, headers } = await signWith({ debug: { signing: true } });
    const signed = events.filter((e): e is RequestSignedEvent => e.type === 'request-signed');
    expect(signed).toHaveLength(1);
    const event = signed[0] as RequestSignedEvent;
    const smithy = await smithyTexts(REQUEST, headers, 'aoss');
    expect(event).toEqual({
      type: 'request-signed',
      provider: 'aws',
      method: 'POST',
      path: '/books/_search',
      signedHeaders: ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token', 'x-tenant'],
      canonicalRequest: smithy.canonicalRequest.replace(TEMP.sessionToken, '[REDACTED]'),
      stringToSign: smithy.stringToSign,
    });
    expect(event.canonicalRequest).toContain('\nx-amz-security-token:[REDACTED]\n');
    expect(headers.authorization).toContain(`SignedHeaders=${event.signedHeaders.join(';')},`);
    expect(JSON.stringify(events)).not.toContain(TEMP.sessionToken);
    expect(JSON.stringify(events)).not.toContain(TEMP.secretAccessKey);
  });

  it('is emitted for es too, where the provider also keeps what it signed', async () => {
    const { events, headers } = await signWith({ debug: { signing: true } }, 'https://search-books.us-east-1.es.amazonaws.com');
    const event = events.find((e): e is RequestSignedEvent => e.type === 'request-signed');
    const smithy = await smithyTexts({ ...REQUEST, hostname: 'search-books.us-east-1.es.amazonaws.com' }, headers, 'es');
    expect(event?.stringToSign).toBe(smithy.stringToSign);
  });

  it('is off by default: no event, and no trace handed to the signer', async () => {
    const off = await signWith({});
    expect(off.events.filter((e) => e.type === 'request-signed')).toEqual([]);
    // Nothing on the hot path: the signer gets no trace to call.
    expect((off.provider as unknown as { trace?: unknown }).trace).toBeUndefined();
    const explicitlyOff = await signWith({ debug: { signing: false } }, 'https://search-books.us-east-1.es.amazonaws.com');
    expect(explicitlyOff.events.filter((e) => e.type === 'request-signed')).toEqual([]);
  });
});
