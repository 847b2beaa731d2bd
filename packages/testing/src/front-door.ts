import type { IncomingHttpHeaders } from 'node:http';

/** A request as a front door receives it and passes it on: everything raw, nothing decoded. */
export interface FrontDoorRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The raw path, percent-encoding included, without the query. */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  /** Header names in lower case, values as received. */
  readonly headers: IncomingHttpHeaders;
}

/**
 * Something between the client and the cluster that changes requests after they were
 * signed, as proxies, gateways and middleware do; the emulator verifies what comes out of
 * it, so the signature no longer matches (and on `es` the answer quotes the request AWS
 * verified, as AWS does):
 *
 * - `'re-encode-query'`: decodes the query and encodes it again as an HTML form does, a
 *   space (`%20`) becoming `+`, which AWS reads as a plus sign;
 * - `'re-encode-path'`: decodes each path segment and encodes it strictly (RFC 3986), so
 *   `'`, `(`, `)`, `*` and `!` arrive percent-encoded;
 * - `{ rewriteHeader, value }`: sets that header (any case) to `value`, as a proxy
 *   rewriting `host`, or adding a charset to `content-type`, does;
 * - a function: any change of your own, from the request received to the request passed on.
 */
export type EmulatorFrontDoor =
  | 're-encode-query'
  | 're-encode-path'
  | {
      /** The header to set (lower case), e.g. `host`. */
      readonly rewriteHeader: string;
      /** Its new value. */
      readonly value: string;
    }
  | ((request: FrontDoorRequest) => FrontDoorRequest);

/** `request` as `frontDoor` passes it on (unchanged without one). */
export function passThroughFrontDoor(frontDoor: EmulatorFrontDoor | undefined, request: FrontDoorRequest): FrontDoorRequest {
  if (frontDoor === undefined) return request;
  if (typeof frontDoor === 'function') return frontDoor(request);
  if (frontDoor === 're-encode-query') return { ...request, query: request.query === '' ? '' : new URLSearchParams(request.query).toString() };
  if (frontDoor === 're-encode-path') return { ...request, path: request.path.split('/').map(strictlyEncoded).join('/') };
  return { ...request, headers: { ...request.headers, [frontDoor.rewriteHeader.toLowerCase()]: frontDoor.value } };
}

function strictlyEncoded(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return segment;
  }
  return encodeURIComponent(decoded).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
