/**
 * Alibaba Cloud OpenSearch API v3 with STS credentials, signed the v3 way
 * (`Authorization: OPENSEARCH <AccessKeyId>:<Signature>`, `x-opensearch-security-token`):
 *
 * 1. a fixed STS token (accessKeyId + accessKeySecret + securityToken), and
 * 2. AssumeRole with a long-term key, refreshed ahead of expiry,
 *
 * both calling the v3 search API through `client.transport.request`.
 *
 * - Default: a local emulator and a local STS.
 * - Real endpoints: `OPENSEARCH_ENDPOINT=http://opensearch-cn-hangzhou.aliyuncs.com ALIBABA_CLOUD_ROLE_ARN=…
 *   ALIBABA_CLOUD_ACCESS_KEY_ID=… ALIBABA_CLOUD_ACCESS_KEY_SECRET=… OPENSEARCH_APP=<app> pnpm start`
 */
import { type Client } from '@opensearch-project/opensearch';
import { createClient, OsAuthError } from '@osauth/factory';
import { startAlibabaEmulator, startAlibabaStsEmulator } from '@osauth/testing';
import '@osauth/alibaba'; // registers the `alibaba` provider (and its config type); bundlers need this one line

const LONG_TERM = { accessKeyId: 'LTAIFAKEEXAMPLE0001', accessKeySecret: 'FAKEaccessKeySecret0001' };
const FIXED = { accessKeyId: 'STS.FAKEFIXED0001', accessKeySecret: 'FAKEfixedSECRET0001', securityToken: 'FAKEfixedTOKENCAIS0001' };

async function searchV3(client: Client, app: string): Promise<number> {
  const response = await client.transport.request({
    method: 'GET',
    path: `/v3/openapi/apps/${encodeURIComponent(app)}/search`,
    querystring: { query: "config=format:json&&query=default:'dune'" },
  });
  return (response.body as { result: { total: number } }).result.total;
}

async function main(): Promise<void> {
  const endpoint = process.env.OPENSEARCH_ENDPOINT;
  const app = process.env.OPENSEARCH_APP ?? 'books';
  const emulator = endpoint ? undefined : await startAlibabaEmulator({ accessKeys: [FIXED] });
  const sts = emulator ? await startAlibabaStsEmulator({ accessKeys: [LONG_TERM], onIssue: (key) => emulator.addAccessKey(key) }) : undefined;
  const node: string = emulator?.url ?? (endpoint as string);

  const fixed = createClient({ node, auth: { provider: 'alibaba', mode: 'sts', ...FIXED } });
  const assumed = createClient({
    node,
    auth: sts ? { provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::1234567890123456:role/search-reader', stsEndpoint: sts.url, ...LONG_TERM } : { provider: 'alibaba', mode: 'sts' }, // role and key from ALIBABA_CLOUD_* variables
  });
  try {
    if (emulator) await fixed.index({ index: app, id: '1', body: { title: 'Dune' }, refresh: true });
    console.log(`fixed STS token:  ${await searchV3(fixed, app)} hit(s)`);
    console.log(`AssumeRole:       ${await searchV3(assumed, app)} hit(s)${sts ? ` (${sts.calls.length} STS call)` : ''}`);
  } catch (error) {
    if (!(error instanceof OsAuthError)) throw error;
    console.error(`${error.code} (${error.hint ?? 'no hint'})\n${error.remediation}`);
    process.exitCode = 1;
  } finally {
    await Promise.all([fixed.close(), assumed.close()]);
    await sts?.close();
    await emulator?.close();
  }
}

void main();
