import type { ServerResponse } from 'node:http';

/** A response with the typed error code it answered, for the log line. */
export type TaggedResponse = ServerResponse & { errorCode?: string };

/** One request as the proxy forwards it: the client's, with its credentials removed. */
export interface ForwardRequest {
  /** Upper-case method. */
  readonly method: string;
  /** Path and query exactly as the client sent them (percent-encoding kept). */
  readonly path: string;
  /** The client's end-to-end headers, lower-case names, credentials and hop-by-hop ones dropped; built per request, the forwarder's to change. */
  readonly headers: Record<string, string>;
  /** The whole body (at most `--max-body` bytes); empty for none. */
  readonly body: Buffer;
}

/** How `osauth proxy` sends a request on to the cluster and answers its client. */
export interface Forwarder {
  /**
   * Signs and sends `request`, then answers on `res`: streamed back, or a typed auth error.
   * Rejects (for the proxy to answer) only while nothing has been written to `res`.
   */
  forward(request: ForwardRequest, res: TaggedResponse): Promise<void>;
  /** Releases sockets and the provider. */
  close(): Promise<void>;
}
