import { Connection } from '@opensearch-project/opensearch';

type BuiltRequest = { hostname: string; port?: string; headers: Record<string, unknown> };

// Fixed values of the same length as real ones: 64 hex digits for the hash and the signature.
const FIXED_HASH = '0'.repeat(64);
const FIXED_AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/aoss/aws4_request, ' + `SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=${'0'.repeat(64)}`;

/**
 * A Connection that adds the four headers a SigV4 signer adds, with fixed values and no
 * hashing: what sending and parsing those headers costs alone. Between it and the
 * unsigned client is the share of the budget no signer can win back; between it and the
 * ceiling is the cost of the hashing itself.
 */
export function headersOnlyConnection(): typeof Connection {
  return class HeadersOnlyConnection extends Connection {
    override buildRequestObject(params: Parameters<Connection['buildRequestObject']>[0]): ReturnType<Connection['buildRequestObject']> {
      const built = super.buildRequestObject(params);
      const request = built as unknown as BuiltRequest;
      const headers = request.headers;
      headers.host = request.port ? `${request.hostname}:${request.port}` : request.hostname;
      headers['x-amz-date'] = '20260101T000000Z';
      headers['x-amz-content-sha256'] = FIXED_HASH;
      headers.authorization = FIXED_AUTHORIZATION;
      return built;
    }
  };
}
