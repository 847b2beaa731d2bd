import { createHmac } from 'node:crypto';
import OpenSearchUtil from '@alicloud/opensearch-util';
import { AlibabaProvider } from '@osauth/alibaba';
import type { AuthRequest, OsAuthEvent, RequestSignedEvent } from '@osauth/core';

const STS = { accessKeyId: 'STS.FAKETRACE01', accessKeySecret: 'FAKEalibabaTRACEsecret0123', securityToken: 'FAKEalibabaTRACEsecurityTOKEN0123456789' };
const REQUEST: AuthRequest = {
  method: 'POST',
  protocol: 'https:',
  hostname: 'fake-instance.cn-hangzhou.opensearch.aliyuncs.com',
  path: '/v3/openapi/apps/books/search',
  query: 'query=title%20dune&hit=10',
  headers: { 'content-type': 'application/json' },
  body: '{"query":"dune"}',
};

function providerWith(debug: { signing?: boolean } | undefined, events: OsAuthEvent[]): AlibabaProvider {
  return new AlibabaProvider(
    { provider: 'alibaba', mode: 'sts', ...STS },
    { nodes: [new URL(`https://${REQUEST.hostname}`)], configPath: 'auth', emit: (event) => events.push(event), ...(debug ? { debug } : {}) },
  );
}

describe('request-signed: the Alibaba OpenSearch v3 string to sign, on demand', () => {
  it('is exactly the text signed, its headers named, the security token redacted', async () => {
    const events: OsAuthEvent[] = [];
    const provider = providerWith({ signing: true }, events);
    await provider.prepare();
    const { headers } = await provider.authorize(REQUEST);
    const signed = events.filter((e): e is RequestSignedEvent => e.type === 'request-signed');
    expect(signed).toHaveLength(1);
    const event = signed[0] as RequestSignedEvent;
    expect(event).toMatchObject({
      provider: 'alibaba',
      method: 'POST',
      path: '/v3/openapi/apps/books/search',
      signedHeaders: ['content-md5', 'content-type', 'date', 'x-opensearch-nonce', 'x-opensearch-security-token'],
    });
    expect(event.canonicalRequest).toBeUndefined();
    expect(event.stringToSign).toContain('\nx-opensearch-security-token:[REDACTED]\n');
    expect(JSON.stringify(events)).not.toContain(STS.securityToken);
    // With the token put back, it is the text the Authorization header's signature covers…
    const restored = event.stringToSign.replace('[REDACTED]', STS.securityToken);
    expect(headers.authorization).toBe(`OPENSEARCH ${STS.accessKeyId}:${createHmac('sha1', STS.accessKeySecret).update(restored).digest('base64')}`);
    // …which is Alibaba's own helper's signature for the request as sent.
    const util = OpenSearchUtil.getSignature(
      {
        method: 'POST',
        pathname: REQUEST.path,
        query: { query: 'title dune', hit: '10' },
        headers: {
          'Content-MD5': headers['content-md5'],
          'Content-Type': headers['content-type'],
          Date: headers.date,
          'x-opensearch-nonce': headers['x-opensearch-nonce'],
          'x-opensearch-security-token': STS.securityToken,
        },
      } as never,
      STS.accessKeyId,
      STS.accessKeySecret,
    );
    expect(headers.authorization).toBe(util);
  });

  it('is off by default', async () => {
    for (const debug of [undefined, { signing: false }]) {
      const events: OsAuthEvent[] = [];
      const provider = providerWith(debug, events);
      await provider.prepare();
      await provider.authorize(REQUEST);
      expect(events.filter((e) => e.type === 'request-signed')).toEqual([]);
    }
  });
});
