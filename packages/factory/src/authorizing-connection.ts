import type { ClientRequest, IncomingMessage } from 'node:http';
import { Connection, errors } from '@opensearch-project/opensearch';
import type { AuthProvider, AuthRequest, Authorization } from '@osauth/core';

type ConnectionRequestParams = Parameters<Connection['request']>[0];
type ConnectionCallback = (err: Error | null, response: IncomingMessage | null) => void;

type BuiltRequest = {
  protocol: 'http:' | 'https:';
  hostname: string;
  port?: string;
  path: string;
  method?: string;
  headers: Record<string, unknown>;
};

/**
 * An opensearch-js `Connection` that asks `provider` to authorize each request right
 * before it goes on the wire: after the transport has serialised and compressed the
 * body, and again for each of the client's own retries (fresh date, fresh signature).
 *
 * When the provider can authorize at once (`authorizeSync`: credentials held, body in
 * memory) the request is built once, signed and sent in the same tick; otherwise it waits
 * for `authorize()`.
 */
export function authorizingConnection(provider: AuthProvider): typeof Connection {
  return class AuthorizingConnection extends Connection {
    // The request built and authorized by request(), handed to super.request() through
    // buildRequestObject() so it is not built twice.
    private authorized: ReturnType<Connection['buildRequestObject']> | undefined;

    override request(params: ConnectionRequestParams, callback: ConnectionCallback): ClientRequest {
      const built = super.buildRequestObject(params);
      const request = toAuthRequest(built as unknown as BuiltRequest, params);
      if (provider.authorizeSync) {
        let authorization: Authorization | undefined;
        try {
          authorization = provider.authorizeSync(request);
        } catch (error) {
          callback(toError(error), null);
          return { abort: () => {} } as unknown as ClientRequest;
        }
        if (authorization !== undefined && authorization.body === undefined) {
          // Headers go on the built request only: the transport's params end up in error
          // metadata, so authorization headers never reach `err.meta`.
          Object.assign((built as unknown as BuiltRequest).headers, authorization.headers);
          this.authorized = built;
          try {
            return super.request(params, callback);
          } finally {
            this.authorized = undefined;
          }
        }
      }
      return this.requestAfterAuthorize(request, params, callback);
    }

    override buildRequestObject(params: ConnectionRequestParams): ReturnType<Connection['buildRequestObject']> {
      const authorized = this.authorized;
      if (authorized === undefined) return super.buildRequestObject(params);
      this.authorized = undefined;
      return authorized;
    }

    private requestAfterAuthorize(request: AuthRequest, params: ConnectionRequestParams, callback: ConnectionCallback): ClientRequest {
      let aborted = false;
      let sent: { abort(): void } | undefined;

      provider.authorize(request).then(
        (authorization) => {
          if (aborted) return;
          // A new params object: the transport keeps its own, which ends up in error
          // metadata, so authorization headers never reach `err.meta`.
          const headers = { ...(params.headers as Record<string, unknown>), ...authorization.headers };
          const body = authorization.body === undefined ? params.body : Buffer.from(authorization.body);
          sent = super.request({ ...params, headers, body } as ConnectionRequestParams, callback);
        },
        (error: unknown) => {
          if (!aborted) callback(toError(error), null);
        },
      );

      const handle = {
        abort: () => {
          if (sent) return sent.abort();
          if (aborted) return;
          aborted = true;
          callback(new errors.RequestAbortedError('Request aborted'), null);
        },
      };
      return handle as unknown as ClientRequest;
    }
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The request as it will be sent, in the provider-neutral shape. */
function toAuthRequest(built: BuiltRequest, params: ConnectionRequestParams): AuthRequest {
  const queryStart = built.path.indexOf('?');
  const headers: Record<string, string> = {};
  const source = built.headers;
  for (const name in source) {
    const value = source[name];
    if (value === undefined || value === null) continue;
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const existing = headers[key];
    headers[key] = existing === undefined ? text : `${existing}, ${text}`;
  }
  const body = params.body as AuthRequest['body'] | null | '';
  return {
    method: (built.method ?? 'GET').toUpperCase(),
    protocol: built.protocol,
    hostname: built.hostname,
    ...(built.port ? { port: Number(built.port) } : {}),
    path: queryStart === -1 ? built.path : built.path.slice(0, queryStart),
    query: queryStart === -1 ? '' : built.path.slice(queryStart + 1),
    headers,
    ...(body === null || body === undefined || body === '' ? {} : { body }),
  };
}
