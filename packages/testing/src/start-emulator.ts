import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { type Answer, awsFailureAnswer } from './aws-answers';
import { DocumentStore } from './document-store';
import { passThroughFrontDoor } from './front-door';
import { listenOnLoopback } from './loopback-server';
import type { Emulator, EmulatorCredential, EmulatorFailure, EmulatorOptions, RecordedRequest } from './emulator-types';
import { verifySigV4 } from './sigv4-verifier';

/** The credential an emulator knows when none are given (obviously fake). */
const EMULATOR_DEFAULT_CREDENTIAL: EmulatorCredential = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

/**
 * Starts a local endpoint that authenticates like OpenSearch Serverless (`aoss`) or an
 * Amazon OpenSearch Service domain (`es`): every request's SigV4 signature is verified
 * with an implementation independent of osauth (`aws4`), failures are answered exactly as
 * AWS answers them, and a tiny in-memory store serves index, document, bulk and search calls.
 *
 * @example
 * ```ts
 * import '@osauth/aws';
 * import { createClient } from '@osauth/factory';
 * import { startEmulator } from '@osauth/testing';
 *
 * const emulator = await startEmulator({ service: 'aoss', region: 'us-east-1' });
 * const client = createClient({
 *   node: emulator.url,
 *   auth: { provider: 'aws', service: 'aoss', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } },
 * });
 * await client.index({ index: 'books', id: '1', body: { title: 'Dune' }, refresh: true });
 * emulator.requests[0]?.verified; // true: the SigV4 signature checked out
 * emulator.failNext('expired-token'); // the next request is answered as AWS answers an expired token
 * await client.close();
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const service = options.service ?? 'aoss';
  const region = options.region ?? 'us-east-1';
  const maxSkewMs = options.maxSkewMs ?? 5 * 60_000;
  const clock = options.clock ?? Date.now;
  const credentials = new Map<string, EmulatorCredential>();
  for (const credential of options.credentials ?? [EMULATOR_DEFAULT_CREDENTIAL]) credentials.set(credential.accessKeyId, credential);
  const expired = new Set<string>();
  const queued: EmulatorFailure[] = [];
  // Policy-deny mode: signatures are still verified, then every request is denied.
  let denyAll = false;
  const requests: RecordedRequest[] = [];
  const store = new DocumentStore({ name: `osauth-${service}-emulator`, service });

  function onRequest(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    try {
      handle(req, body, res);
    } catch (error) {
      // An emulator bug, not an AWS answer: still JSON, still with a request id.
      send(
        res,
        {
          status: 500,
          headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
          body: JSON.stringify({ error: { type: 'emulator_error', reason: String(error) }, status: 500 }),
        },
        'GET',
        clock(),
      );
    }
  }

  function handle(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const rawUrl = req.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    // What the cluster gets is what the front door (if any) passes on: all below sees that.
    const { method, path, query, headers } = passThroughFrontDoor(options.frontDoor, {
      method: (req.method ?? 'GET').toUpperCase(),
      path: queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart),
      query: queryStart === -1 ? '' : rawUrl.slice(queryStart + 1),
      headers: req.headers,
    });
    const now = clock();
    const record = (outcome: RecordedRequest['outcome'], status: number, verified: boolean, accessKeyId?: string) =>
      requests.push({ method, path, query, headers: { ...headers }, body, verified, outcome, status, ...(accessKeyId ? { accessKeyId } : {}) });

    const authorization = headers.authorization;
    const context = { service, region, method, path, now, maxSkewMs, ...(authorization ? { authorization } : {}) };
    const forced = queued.shift();
    if (forced) {
      // Not verified, but a readable key still names its principal in IAM denials.
      const key = /Credential=([^/\s,]+)\//.exec(authorization ?? '')?.[1];
      const principalArn = key === undefined ? undefined : credentials.get(key)?.principalArn;
      const answer = awsFailureAnswer(forced, { ...context, ...(principalArn ? { principalArn } : {}) });
      record(forced, answer.status, false, key);
      return send(res, answer, method, now);
    }

    const verdict = verifySigV4({ method, path, query, headers, body }, { service, region, maxSkewMs, now, credentials, expired });
    if (!verdict.ok) {
      const answer = awsFailureAnswer(verdict.failure, {
        ...context,
        ...(verdict.canonicalRequest ? { canonicalRequest: verdict.canonicalRequest, stringToSign: verdict.stringToSign } : {}),
        ...(verdict.amzDate ? { amzDate: verdict.amzDate } : {}),
        ...(verdict.accessKeyId ? { principalArn: credentials.get(verdict.accessKeyId)?.principalArn } : {}),
      });
      record(verdict.failure, answer.status, false, verdict.accessKeyId);
      return send(res, answer, method, now);
    }

    if (denyAll) {
      // As a data access policy naming no one: only a correctly signed request gets this far.
      const answer = awsFailureAnswer('data-access-denied', { ...context, ...(verdict.credential.principalArn ? { principalArn: verdict.credential.principalArn } : {}) });
      record('data-access-denied', answer.status, true, verdict.credential.accessKeyId);
      return send(res, answer, method, now);
    }

    // Authenticated: serve from the store. The hash was checked on the bytes as sent; the
    // store wants the document, so a gzip body is decompressed only now.
    const requestId = randomUUID();
    const idHeaders: Record<string, string> = service === 'aoss' ? { server: 'aoss-amazon', 'x-request-id': requestId, 'x-amzn-requestid': requestId } : { 'x-amzn-requestid': requestId };
    const text = decompress(body, headers['content-encoding']);
    const segments = path.split('/').filter(Boolean).map(decodeSegment);
    const result =
      text === undefined
        ? { status: 400, body: { error: { type: 'parse_exception', reason: 'request body is not valid gzip' }, status: 400 } }
        : store.handle(method, segments, new URLSearchParams(query), text);
    const answer: Answer = {
      status: result.status,
      headers: { 'content-type': typeof result.body === 'string' ? 'text/plain' : 'application/json', ...idHeaders },
      body: result.body === undefined ? '' : typeof result.body === 'string' ? result.body : JSON.stringify(result.body),
    };
    record('ok', answer.status, true, verdict.credential.accessKeyId);
    send(res, answer, method, now);
  }

  const server = await listenOnLoopback(onRequest, options.port);

  return {
    url: server.url,
    port: server.port,
    service,
    region,
    requests,
    addCredentials: (credential) => void credentials.set(credential.accessKeyId, credential),
    expireCredentials: (accessKeyId) => void expired.add(accessKeyId),
    revokeCredentials: (accessKeyId) => void credentials.delete(accessKeyId),
    denyAccess: (deny = true) => {
      denyAll = deny;
    },
    failNext: (failure, { times = 1 } = {}) => {
      for (let i = 0; i < times; i += 1) queued.push(failure);
    },
    reset: () => {
      requests.length = 0;
      queued.length = 0;
      denyAll = false;
      store.clear();
    },
    close: server.close,
  };
}

function send(res: ServerResponse, answer: Answer, method: string, now: number): void {
  const body = Buffer.from(answer.body);
  // The Date header carries the emulator's clock, as AWS's carries its own: clients use it
  // to correct clock skew.
  res.writeHead(answer.status, { date: new Date(now).toUTCString(), ...answer.headers, 'content-length': String(body.length) });
  res.end(method === 'HEAD' ? undefined : body);
}

function decompress(body: Buffer, encoding: string | undefined): string | undefined {
  if (encoding?.trim().toLowerCase() !== 'gzip') return body.toString('utf8');
  try {
    return gunzipSync(body).toString('utf8');
  } catch {
    return undefined;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
