/**
 * Alibaba Cloud Elasticsearch speaks the Elasticsearch/OpenSearch REST API with HTTP basic
 * auth: the `elastic` user, or users created in Kibana.
 *
 * - Default: a local emulator.
 * - `OPENSEARCH_ENDPOINT=https://es-cn-xxxx.elasticsearch.aliyuncs.com:9200 ES_USERNAME=elastic ES_PASSWORD=… pnpm start`
 */
import { AuthenticationError, createClient, OsAuthError } from '@osauth/factory';
import { startAlibabaEmulator } from '@osauth/testing';
import '@osauth/alibaba'; // registers the `alibaba` provider (and its config type); bundlers need this one line

async function main(): Promise<void> {
  const endpoint = process.env.OPENSEARCH_ENDPOINT;
  const emulator = endpoint ? undefined : await startAlibabaEmulator({ users: [{ username: 'elastic', password: 'FAKEelasticPassword1' }] });
  const node: string = emulator?.url ?? (endpoint as string);
  const username = process.env.ES_USERNAME ?? 'elastic';
  const password = process.env.ES_PASSWORD ?? 'FAKEelasticPassword1';

  const client = createClient({ node, auth: { provider: 'alibaba', mode: 'basic', username, password } });
  try {
    await client.index({ index: 'osauth-example-orders', id: 'o-1', body: { customer: 'ada', total: 42 }, refresh: true });
    const { body } = await client.search({ index: 'osauth-example-orders', body: { query: { term: { customer: 'ada' } } } });
    console.log(`${emulator ? 'emulator' : endpoint}: ${body.hits.hits.length} order(s) for ada`);

    // What a wrong password looks like.
    const wrong = createClient({ node, auth: { provider: 'alibaba', mode: 'basic', username, password: 'FAKEnotThePassword' } });
    await wrong.info().catch((error: unknown) => {
      if (!(error instanceof AuthenticationError)) throw error;
      console.log(`wrong password → ${error.code}: ${error.message}`);
    });
    await wrong.close();
  } catch (error) {
    if (!(error instanceof OsAuthError)) throw error;
    console.error(`${error.code} (${error.hint ?? 'no hint'})\n${error.remediation}`);
    process.exitCode = 1;
  } finally {
    await client.close();
    await emulator?.close();
  }
}

void main();
