import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Client } from '@opensearch-project/opensearch';
import type { AuthProvider, ErrorCode } from '@osauth/core';
import { answerFailure, classifyFailure, readFailure, recovers, responseHeaders } from './failure-answer';
import type { Forwarder } from './forwarder';

/**
 * Forwards through an osauth client's transport (`createClient`): the path for the configs
 * the raw forwarder does not handle (a forward `proxy`, request compression, …; see
 * `rawForwardingBlocker`). Streamed answers (`asStream`) reach us unclassified and so
 * unrecovered, so error answers are read and classified here, by the client's own provider,
 * and a failure it recovers from (refreshed credentials, a corrected clock) is sent once more,
 * as the raw forwarder and the SDK client do.
 */
export function transportForwarder(client: Client, provider: AuthProvider | undefined): Forwarder {
  return {
    forward: async (request, res) => {
      const { method, path } = request;
      const queryAt = path.indexOf('?');
      const pathOnly = queryAt === -1 ? path : path.slice(0, queryAt);
      let recoveredFrom: ErrorCode | undefined;
      for (;;) {
        const startedAt = performance.now();
        const response = (await client.transport.request(
          { method, path: pathOnly, querystring: queryAt === -1 ? '' : path.slice(queryAt + 1), ...(request.body.length > 0 ? { body: request.body } : {}) },
          { asStream: true, headers: { ...request.headers } },
        )) as { statusCode: number | null; headers: IncomingHttpHeaders | null; body: Readable };
        const status = response.statusCode ?? 502;
        const headers = response.headers ?? {};
        if (status >= 400) {
          const failure = await readFailure(response.body, status, headers, { method, path: pathOnly }, recoveredFrom);
          const typed = failure.complete ? classifyFailure(provider, failure.response) : undefined;
          if (typed !== undefined && failure.complete && recoveredFrom === undefined && !res.destroyed && (await recovers(provider, { error: typed, response: failure.response, startedAt }))) {
            recoveredFrom = typed.code;
            continue;
          }
          return answerFailure(res, method, status, headers, failure, response.body, typed);
        }
        res.writeHead(status, responseHeaders(headers));
        response.body.on('error', () => res.destroy());
        response.body.pipe(res);
        return;
      }
    },
    close: () => client.close(),
  };
}
