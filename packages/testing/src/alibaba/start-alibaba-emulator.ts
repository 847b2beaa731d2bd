import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { safeEqual } from '../compare';
import { DocumentStore } from '../document-store';
import { listenOnLoopback } from '../loopback-server';
import { type AlibabaAnswer, alibabaFailureAnswer, json } from './alibaba-answers';
import type { AlibabaEmulator, AlibabaEmulatorAccessKey, AlibabaEmulatorFailure, AlibabaEmulatorOptions, AlibabaRecordedRequest } from './alibaba-types';
import { verifyV3 } from './v3-verifier';

/**
 * Starts a local endpoint that authenticates like Alibaba Cloud: bearer API keys (AI Search,
 * OpenSearch), basic users (Alibaba Cloud Elasticsearch) and OpenSearch v3 signatures with
 * STS tokens — verified with `@alicloud/opensearch-util`, independent of osauth — and answers
 * failures in Alibaba's shapes. Serves the same tiny store as the AWS emulator, plus
 * `GET /v3/openapi/apps/<app>/search`.
 *
 * @example
 * ```ts
 * import '@osauth/alibaba';
 * import { createClient } from '@osauth/factory';
 * import { startAlibabaEmulator } from '@osauth/testing';
 *
 * const emulator = await startAlibabaEmulator(); // accepts the bearer key FAKE-sk-dashscope-0001
 * const client = createClient({ node: emulator.url, auth: { provider: 'alibaba', mode: 'bearer', apiKey: 'FAKE-sk-dashscope-0001' } });
 * await client.info();
 * emulator.requests[0]?.scheme; // 'bearer'
 * await client.close();
 * await emulator.close();
 * ```
 */
export async function startAlibabaEmulator(options: AlibabaEmulatorOptions = {}): Promise<AlibabaEmulator> {
  const apiKeys = new Set(options.apiKeys ?? ['FAKE-sk-dashscope-0001']);
  const users = options.users ?? [{ username: 'elastic', password: 'FAKEelasticPassword1' }];
  const keys = new Map<string, AlibabaEmulatorAccessKey>((options.accessKeys ?? []).map((k) => [k.accessKeyId, k]));
  const expired = new Set<string>();
  const clock = options.clock ?? Date.now;
  const maxSkewMs = options.maxSkewMs ?? 15 * 60_000;
  const queued: AlibabaEmulatorFailure[] = [];
  const requests: AlibabaRecordedRequest[] = [];
  const store = new DocumentStore({ name: 'osauth-alibaba-emulator', service: 'alibaba' });

  function handle(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q + 1);
    const method = (req.method ?? 'GET').toUpperCase();
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    const scheme = authorization.startsWith('Bearer ') ? 'bearer' : authorization.startsWith('Basic ') ? 'basic' : authorization.startsWith('OPENSEARCH ') ? 'opensearch' : 'none';
    const record = (outcome: AlibabaRecordedRequest['outcome'], answer: AlibabaAnswer) => {
      requests.push({ method, path, query, headers: { ...req.headers }, body, scheme, verified: outcome === 'ok', outcome, status: answer.status });
      send(res, answer, method, clock());
    };

    const refused = { path, user: scheme === 'basic' ? basicCredentials(authorization).username : undefined };
    const forced = queued.shift();
    if (forced) return record(forced, alibabaFailureAnswer(forced, refused));

    const failure = authenticate(scheme, authorization, { method, path, query, headers: req.headers, body });
    if (failure === 'unauthenticated') return record('unauthenticated', json(401, { request_id: randomUUID(), code: 'Unauthenticated', message: 'Missing or unsupported Authorization header.' }));
    if (failure) return record(failure, alibabaFailureAnswer(failure, refused));

    const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
    const segments = path
      .split('/')
      .filter(Boolean)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
    if (segments[0] === 'v3' && segments[1] === 'openapi') return record('ok', v3Answer(segments, text));
    const result = store.handle(method, segments, new URLSearchParams(query), text);
    record('ok', {
      status: result.status,
      headers: { 'content-type': typeof result.body === 'string' ? 'text/plain' : 'application/json' },
      body: result.body === undefined ? '' : typeof result.body === 'string' ? result.body : JSON.stringify(result.body),
    });
  }

  function authenticate(scheme: string, authorization: string, request: Parameters<typeof verifyV3>[0]): AlibabaEmulatorFailure | 'unauthenticated' | undefined {
    switch (scheme) {
      case 'bearer':
        return [...apiKeys].some((k) => safeEqual(k, authorization.slice('Bearer '.length))) ? undefined : 'bearer-invalid';
      case 'basic': {
        const { username, password } = basicCredentials(authorization);
        return users.some((u) => u.username === username && safeEqual(u.password, password)) ? undefined : 'es-unauthenticated';
      }
      case 'opensearch': {
        const verdict = verifyV3(request, keys, expired, clock(), maxSkewMs);
        return verdict.ok ? undefined : verdict.failure;
      }
      default:
        return 'unauthenticated';
    }
  }

  function v3Answer(segments: string[], text: string): AlibabaAnswer {
    // GET /v3/openapi/apps/<app>/search: OpenSearch's own search API over the store.
    const app = segments[3];
    if (segments[2] !== 'apps' || !app || segments[4] !== 'search') return json(404, { request_id: randomUUID(), status: 'FAIL', errors: [{ code: 1000, message: 'Not found.' }] });
    const found = store.handle('POST', [app, '_search'], new URLSearchParams(), text || '{}').body as { hits: { total: { value: number }; hits: { _id: string; _source: object }[] } };
    return json(200, {
      request_id: randomUUID(),
      status: 'OK',
      result: {
        searchtime: 0.001,
        total: found.hits.total.value,
        num: found.hits.hits.length,
        viewtotal: found.hits.total.value,
        items: found.hits.hits.map((h) => ({ fields: { id: h._id, ...h._source } })),
      },
      errors: [],
    });
  }

  const server = await listenOnLoopback(handle, options.port);
  return {
    url: server.url,
    requests,
    addAccessKey: (key) => void keys.set(key.accessKeyId, key),
    expireAccessKey: (id) => void expired.add(id),
    failNext: (failure, { times = 1 } = {}) => {
      for (let i = 0; i < times; i += 1) queued.push(failure);
    },
    reset: () => {
      requests.length = 0;
      queued.length = 0;
      store.clear();
    },
    close: server.close,
  };
}

function send(res: ServerResponse, answer: AlibabaAnswer, method: string, now: number): void {
  const body = Buffer.from(answer.body);
  // The emulator's clock goes out in Date, as a real server's does: clients correct skew from it.
  res.writeHead(answer.status, { date: new Date(now).toUTCString(), ...answer.headers, 'content-length': String(body.length) });
  res.end(method === 'HEAD' ? undefined : body);
}

/** The user name and password of a `Basic` Authorization header. */
function basicCredentials(authorization: string): { username: string; password: string } {
  const [username = '', ...rest] = Buffer.from(authorization.slice('Basic '.length), 'base64').toString('utf8').split(':');
  return { username, password: rest.join(':') };
}
