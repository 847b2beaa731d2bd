import type { Readable } from 'node:stream';

/** A request body as it goes on the wire. Streams are read by providers that must hash them. */
export type RequestBody = string | Uint8Array | Readable;

/**
 * A request exactly as the HTTP client is about to send it, after compression.
 * Providers read it to compute authorization; they never send it themselves.
 */
export interface AuthRequest {
  /** Upper-case HTTP method, e.g. `GET`. */
  readonly method: string;
  /** The node URL's protocol. */
  readonly protocol: 'http:' | 'https:';
  /** Host name without port, e.g. `search.example.com`. */
  readonly hostname: string;
  /** The port, only when it is not the protocol's default (80 / 443). */
  readonly port?: number;
  /** The path as sent, already percent-encoded, without the query string. */
  readonly path: string;
  /** The raw query string as sent, without the leading `?` (`''` when none). */
  readonly query: string;
  /** Headers that will be sent, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes (after any compression), a stream, or `undefined` for no body. */
  readonly body?: RequestBody;
}

/** What a provider adds to a request. */
export interface Authorization {
  /** Headers to set (lower-case names); they replace headers of the same name. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * When the request body was a stream that the provider had to read (to hash it),
   * the bytes to send instead. Otherwise absent: the body is sent unchanged.
   */
  readonly body?: Uint8Array;
}
