import type { ClientRequest, IncomingMessage } from 'node:http';
import { Connection, errors } from '@opensearch-project/opensearch';
import type { AuthProvider, AuthRequest } from '@osauth/core';

type ConnectionRequestParams = Parameters<Connection['request']>[0];
type ConnectionCallback = (err: Error | null, response: IncomingMessage | null) => void;

/**
 * An opensearch-js `Connection` that asks `provider` to authorize each request right
 * before it goes on the wire: after the transport has serialised and compressed the
 * body, and again for each of the client's own retries (fresh date, fresh signature).
 */
export function authorizingConnection(provider: AuthProvider): typeof Connection {
  return class AuthorizingConnection extends Connection {
    override request(params: ConnectionRequestParams, callback: ConnectionCallback): ClientRequest {
      let aborted = false;
      let sent: { abort(): void } | undefined;

      provider.authorize(this.toAuthRequest(params)).then(
        (authorization) => {
          if (aborted) return;
          // A new params object: the transport keeps its own, which ends up in error
          // metadata, so authorization headers never reach `err.meta`.
          const headers = { ...(params.headers as Record<string, unknown>), ...authorization.headers };
          const body = authorization.body === undefined ? params.body : Buffer.from(authorization.body);
          sent = super.request({ ...params, headers, body } as ConnectionRequestParams, callback);
        },
        (error: unknown) => {
          if (!aborted) callback(error instanceof Error ? error : new Error(String(error)), null);
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

    /** The request as it will be sent, in the provider-neutral shape. */
    private toAuthRequest(params: ConnectionRequestParams): AuthRequest {
      const built = this.buildRequestObject(params) as {
        protocol: 'http:' | 'https:';
        hostname: string;
        port?: string;
        path: string;
        method?: string;
        headers: Record<string, unknown>;
      };
      const queryStart = built.path.indexOf('?');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(built.headers)) {
        if (value === undefined || value === null) continue;
        const key = name.toLowerCase();
        const text = Array.isArray(value) ? value.join(', ') : String(value);
        headers[key] = key in headers ? `${headers[key]}, ${text}` : text;
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
  };
}
