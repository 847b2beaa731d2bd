import type { IncomingHttpHeaders } from 'node:http';
import { Transport, errors } from '@opensearch-project/opensearch';
import type { AuthProvider, ErrorCode, FailedResponse, OsAuthError } from '@osauth/core';
import type { OutputScrubber } from './output-scrubber';

type TransportRequest = Transport['request'];
type TransportParams = Parameters<TransportRequest>[0];
type TransportOptions = NonNullable<Parameters<TransportRequest>[1]>;
type TransportCallback = (err: Error | null, result: unknown) => void;
// What callers hand us; opensearch-js types its error parameter narrowly, we pass any Error.
type CallerCallback = (err: never, result: never) => void;

type TransportOptionsOf = ConstructorParameters<typeof Transport>[0];
type Emit = (event: string | symbol, ...args: unknown[]) => boolean;

/**
 * An opensearch-js `Transport` that (1) lets the provider warm up (fetch credentials)
 * before the request enters the connection pool, so a credential failure neither marks
 * nodes dead nor burns the client's retries, (2) turns every failed response the
 * provider recognises into its typed error, with the original `ResponseError` as `cause`,
 * and (3) passes everything it hands to user code — every error, every event payload of
 * the client and its connection pool — through `scrubber`.
 */
export function classifyingTransport(provider: AuthProvider, scrubber: OutputScrubber): typeof Transport {
  class ClassifyingTransport extends Transport {
    constructor(options: TransportOptionsOf) {
      super(options);
      const transport = this as unknown as { emit: Emit; connectionPool: { emit?: Emit } };
      transport.emit = scrubbingEmit(transport.emit, scrubber);
      const pool = transport.connectionPool;
      // The pool emits `resurrect`; child clients share the pool, so wrap it once.
      if (typeof pool.emit === 'function' && !SCRUBBING.has(pool.emit)) pool.emit = scrubbingEmit(pool.emit.bind(pool), scrubber);
    }

    // One signature for both forms opensearch-js supports: promise and callback.
    override request(params: TransportParams, options?: TransportOptions | CallerCallback, callback?: CallerCallback): never {
      let opts: TransportOptions = {};
      let done: TransportCallback | undefined = callback as TransportCallback | undefined;
      if (typeof options === 'function') done = options as TransportCallback;
      else if (options) opts = options;

      let aborted = false;
      let inner: { abort(): unknown } | undefined;
      const run = (done: TransportCallback): void => {
        // The code of the error this request recovered from, once it has: the resend's
        // failure is classified knowing it (and is final).
        let recoveredFrom: ErrorCode | undefined;
        const start = (): void => {
          if (aborted) return done(new errors.RequestAbortedError('Request aborted'), emptyResult(params, opts));
          const startedAt = performance.now();
          inner = super.request(params, opts, ((raw: Error | null, result: unknown) => {
            if (raw === null) return done(null, result);
            // Scrubbed before classification, so nothing the provider builds from the
            // response can carry a secret either.
            const err = scrubber.error(raw, params);
            const classified = classify(provider, err, params, recoveredFrom);
            if (!classified.typed || recoveredFrom !== undefined || !provider.recover || !replayable(params.body)) return done(classified.error, result);
            // One recovery per request (refresh credentials, correct the clock), then the
            // same request is authorized afresh and sent again; a second failure is final.
            recoveredFrom = classified.typed.code;
            provider.recover({ error: classified.typed, response: classified.response, startedAt }).then(
              (retry) => (retry && !aborted ? start() : done(classified.error, result)),
              () => done(classified.error, result),
            );
          }) as never);
        };
        // A provider with nothing to wait for answers prepare() with nothing: no promise, no tick.
        let preparing: Promise<void> | void;
        try {
          preparing = provider.prepare?.();
        } catch (error) {
          return done(scrubber.error(toError(error), params), emptyResult(params, opts));
        }
        if (preparing === undefined) return start();
        preparing.then(start, (error: unknown) => done(scrubber.error(toError(error), params), emptyResult(params, opts)));
      };
      const abort = (): void => {
        aborted = true;
        inner?.abort();
      };

      if (done) {
        run(done);
        const handle = { abort: () => (abort(), handle) };
        return handle as never;
      }
      const promise = new Promise((resolve, reject) => run((err, result) => (err ? reject(err) : resolve(result))));
      const handle = {
        then: (onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) => promise.then(onFulfilled, onRejected),
        catch: (onRejected?: (e: unknown) => unknown) => promise.catch(onRejected),
        finally: (onFinally?: () => void) => promise.finally(onFinally),
        abort: () => (abort(), handle),
      };
      return handle as never;
    }
  }
  return ClassifyingTransport;
}

interface Classified {
  /** What to hand the caller: the typed error, or the original error. */
  readonly error: Error;
  readonly typed?: OsAuthError;
  readonly response: FailedResponse;
}

/** The provider's typed error for a failed response, else the error unchanged. */
function classify(provider: AuthProvider, error: Error, params: TransportParams, recoveredFrom: ErrorCode | undefined): Classified {
  const empty: FailedResponse = { statusCode: 0, headers: {}, body: undefined };
  if (!(error instanceof errors.ResponseError)) return { error, response: empty };
  const meta = error.meta as { statusCode?: number | null; headers?: IncomingHttpHeaders | null; body?: unknown };
  const response: FailedResponse = {
    statusCode: meta.statusCode ?? 0,
    headers: lowerCaseKeys(meta.headers ?? {}),
    body: meta.body === '' || meta.body === null ? undefined : meta.body,
    request: { method: String(params.method), path: String(params.path) },
    ...(recoveredFrom === undefined ? {} : { recoveredFrom }),
  };
  const typed = provider.classifyError(response);
  if (!typed) return { error, response };
  Object.defineProperty(typed, 'cause', { value: error, configurable: true, writable: true, enumerable: false });
  return { error: typed, typed, response };
}

/** Whether a body can be sent a second time: one-shot streams cannot. */
function replayable(body: unknown): boolean {
  return !(body !== null && typeof body === 'object' && typeof (body as { pipe?: unknown }).pipe === 'function');
}

function lowerCaseKeys(headers: IncomingHttpHeaders): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : value === undefined || value === null ? undefined : String(value);
  }
  return out;
}

// The wrappers made here, so a shared connection pool is wrapped once.
const SCRUBBING = new WeakSet<Emit>();

/** An `emit` whose listeners receive scrubbed payloads. */
function scrubbingEmit(emit: Emit, scrubber: OutputScrubber): Emit {
  // An event nobody listens to reaches nobody: no view is built for it.
  const wrapped: Emit = (event, ...args) => (scrubber.isHeard(event) ? emit(event, ...scrubber.eventArgs(args)) : emit(event, ...args));
  SCRUBBING.add(wrapped);
  return wrapped;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** What callback users receive as `result` when the request never reached the pool. */
function emptyResult(params: TransportParams, options: TransportOptions): unknown {
  return {
    body: null,
    statusCode: null,
    headers: null,
    warnings: null,
    meta: { context: null, name: 'opensearch-js', request: { params, options, id: null }, connection: null, attempts: 0, aborted: false },
  };
}
