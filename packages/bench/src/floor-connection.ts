import { hash } from 'node:crypto';
import { Connection } from '@opensearch-project/opensearch';
import { dayHmacKeys, KEYS } from './fixtures';

type BuiltRequest = { hostname: string; port?: string; path: string; method?: string; headers: Record<string, unknown> };

/**
 * The ceiling of any SigV4 signer inside opensearch-js: a Connection that signs synchronously
 * while Node builds the request, with the floor's primitives (one-shot hashing, signing key
 * derived and prepared once per day, date formatted once per second), for requests without a query.
 * It adds the same four headers osauth adds, so only the signer's own overhead is left out.
 */
export function floorSignedConnection(region: string, service: string): typeof Connection {
  const keys = dayHmacKeys(region, service);
  let second = Number.NaN;
  let amzDate = '';
  return class FloorSignedConnection extends Connection {
    override buildRequestObject(params: Parameters<Connection['buildRequestObject']>[0]): ReturnType<Connection['buildRequestObject']> {
      const built = super.buildRequestObject(params);
      const request = built as unknown as BuiltRequest;
      const now = Date.now();
      if (Math.floor(now / 1000) !== second) {
        second = Math.floor(now / 1000);
        amzDate = new Date(now).toISOString().replace(/[:-]|\.\d{3}/g, '');
      }
      const day = amzDate.slice(0, 8);
      const body = (params as { body?: string | Buffer }).body;
      const payload = hash('sha256', body ?? '', 'hex');
      const host = request.port ? `${request.hostname}:${request.port}` : request.hostname;
      const headers = request.headers;
      const canonical =
        `${request.method ?? 'GET'}\n${request.path}\n\ncontent-length:${String(headers['content-length'])}\ncontent-type:${String(headers['content-type'])}\nhost:${host}\n` +
        `x-amz-content-sha256:${payload}\nx-amz-date:${amzDate}\n\ncontent-length;content-type;host;x-amz-content-sha256;x-amz-date\n${payload}`;
      const scope = `${day}/${region}/${service}/aws4_request`;
      const signature = keys(day).digest(`AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${hash('sha256', canonical, 'hex')}`, 'hex');
      headers.host = host;
      headers['x-amz-date'] = amzDate;
      headers['x-amz-content-sha256'] = payload;
      headers.authorization = `AWS4-HMAC-SHA256 Credential=${KEYS.accessKeyId}/${scope}, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=${signature}`;
      return built;
    }
  };
}
