import type { EventEmitter } from 'node:events';
import { type InspectOptions, inspect } from 'node:util';
import { errors } from '@opensearch-project/opensearch';
import { OsAuthError, redactHeaders, redactText, redactValue } from '@osauth/core';
import type { Exchanges } from './exchanges';

/** Error bodies kept in errors are cut to this many characters (docs/security.md). */
export const MAX_ERROR_BODY_CHARS = 64 * 1024;

type Meta = { body?: unknown; headers?: unknown; meta?: { request?: { params?: unknown } } };

/**
 * The one place where what opensearch-js hands to user code is made safe: errors thrown
 * through the client (and their whole `cause` chain) are scrubbed in place, and event
 * payloads are handed to listeners as scrubbed views. Redaction covers every live
 * osauth secret, the secret headers sent for that very request, and credential-shaped
 * text; bodies kept in errors are capped at {@link MAX_ERROR_BODY_CHARS}.
 */
export class OutputScrubber {
  readonly #exchanges: Exchanges;
  // Errors already scrubbed, and what they became: a `response` event and the caller's
  // callback receive the same error.
  readonly #scrubbed = new WeakMap<Error, Error>();

  // The client's event emitter, once known: events without listeners need no view.
  #emitter: EventEmitter | undefined;

  constructor(exchanges: Exchanges) {
    this.#exchanges = exchanges;
  }

  /** Tells the scrubber which emitter the client's events go to. */
  listenTo(emitter: EventEmitter): void {
    this.#emitter = emitter;
  }

  /** Whether anyone listens to `event` (true while the emitter is unknown). */
  isHeard(event: string | symbol): boolean {
    return this.#emitter === undefined || this.#emitter.listenerCount(event) > 0;
  }

  /**
   * Scrubs `error` in place (message, stack, `meta.body`, `meta.headers`, `data`, request
   * params' headers, and every error in its `cause` chain) and returns it, a typed
   * `TimeoutError` in place of a body cut off by the deadline.
   */
  error(error: Error, params?: unknown): Error {
    const done = this.#scrubbed.get(error);
    if (done !== undefined) return done;
    const request = params ?? requestParamsOf(error);
    const extra = this.#exchanges.secretsSent(request);
    const out = this.#exchanges.timedOut(request) && error instanceof errors.ConnectionError ? asTimeout(error) : error;
    for (let current: unknown = out; current instanceof Error && !this.#scrubbed.has(current); current = current.cause) {
      this.#scrubbed.set(current, current);
      scrubErrorInPlace(current, extra);
    }
    this.#scrubbed.set(error, out);
    return out;
  }

  /**
   * What an event listener receives: errors scrubbed in place (they are the ones the
   * caller gets), results as a scrubbed view computed when read, so an unread payload
   * costs nothing.
   */
  eventArgs(args: unknown[]): unknown[] {
    const [err, result] = args;
    const params = requestParamsOf(result);
    const extra = this.#exchanges.secretsSent(params);
    return [err instanceof Error ? this.error(err, params) : err, scrubbedView(result, extra), ...args.slice(2)];
  }
}

function requestParamsOf(value: unknown): unknown {
  const meta = (value as { meta?: Meta } | null | undefined)?.meta;
  return meta?.meta?.request?.params ?? (meta as { request?: { params?: unknown } } | undefined)?.request?.params;
}

/** A body cut off by the connection's deadline reaches the transport as a ConnectionError. */
function asTimeout(error: Error): Error {
  return new errors.TimeoutError('Request timed out', (error as { meta?: unknown }).meta as never);
}

function scrubErrorInPlace(error: Error, extra: readonly string[]): void {
  // Our own errors are built redacted; their cause is scrubbed on its own turn.
  if (error instanceof OsAuthError) return;
  setIfWritable(error, 'message', redactText(error.message, extra));
  if (typeof error.stack === 'string') setIfWritable(error, 'stack', redactText(error.stack, extra));
  // Whatever else the error carries (opensearch-js `data`, an SDK's `Error: { Message }`, …):
  // strings and JSON-like values are replaced by redacted, capped copies.
  for (const key of Object.keys(error)) {
    if (key === 'meta' || key === 'cause') continue;
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' || (value !== null && typeof value === 'object' && !(value instanceof Error))) {
      const scrubbed = capped(redactValue(value, extra));
      if (scrubbed !== value) setIfWritable(error, key, scrubbed);
    }
  }
  const meta = (error as { meta?: Meta }).meta;
  if (meta !== null && typeof meta === 'object') {
    if (meta.body !== undefined && meta.body !== null) meta.body = capped(redactValue(meta.body, extra));
    if (meta.headers !== null && typeof meta.headers === 'object') meta.headers = redactHeaders(meta.headers as Record<string, unknown>, extra);
    const params = meta.meta?.request?.params as { headers?: unknown } | undefined;
    if (params && params.headers !== null && typeof params.headers === 'object') {
      params.headers = redactHeaders(params.headers as Record<string, unknown>, extra);
    }
  }
}

function setIfWritable(target: object, key: string, value: unknown): void {
  try {
    (target as Record<string, unknown>)[key] = value;
  } catch {
    // A frozen error keeps its text; nothing of ours made it.
  }
}

/** A body longer than the cap, as text cut at the cap with what was left out. */
function capped(body: unknown): unknown {
  if (typeof body === 'string') return body.length <= MAX_ERROR_BODY_CHARS ? body : cut(body);
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return body;
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    return body;
  }
  return text.length <= MAX_ERROR_BODY_CHARS ? body : cut(text);
}

function cut(text: string): string {
  return `${text.slice(0, MAX_ERROR_BODY_CHARS)}… [${text.length - MAX_ERROR_BODY_CHARS} more characters not kept]`;
}

/**
 * A read-only view of an opensearch-js result (or any event payload object) whose body,
 * headers, warnings and request params are scrubbed when first read.
 */
function scrubbedView(result: unknown, extra: readonly string[]): unknown {
  if (result === null || typeof result !== 'object') return result;
  const source = result as Record<string, unknown>;
  const view: Record<string, unknown> = {};
  const cache = new Map<string, unknown>();
  const lazy = (key: string, compute: () => unknown): void => {
    Object.defineProperty(view, key, {
      enumerable: true,
      get: () => {
        if (!cache.has(key)) cache.set(key, compute());
        return cache.get(key);
      },
    });
  };
  for (const key of Object.keys(source)) {
    if (key === 'meta') lazy(key, () => scrubbedMeta(source.meta, extra));
    else if (key === 'headers') lazy(key, () => (isRecord(source.headers) ? redactHeaders(source.headers, extra) : source.headers));
    else lazy(key, () => redactValue(source[key], extra));
  }
  if ('warnings' in source) lazy('warnings', () => redactValue(source.warnings, extra));
  // Printed or serialised, the view shows its (scrubbed) values, not `[Getter]`s.
  const plain = (): Record<string, unknown> => Object.fromEntries(Object.keys(view).map((key) => [key, view[key]]));
  Object.defineProperty(view, 'toJSON', { value: plain });
  Object.defineProperty(view, inspect.custom, { value: (_depth: number, options: InspectOptions) => inspect(plain(), options) });
  return Object.freeze(view);
}

function scrubbedMeta(meta: unknown, extra: readonly string[]): unknown {
  if (!isRecord(meta)) return meta;
  const out: Record<string, unknown> = { ...meta };
  const request = meta.request;
  if (isRecord(request)) {
    const params = request.params;
    out.request = {
      ...request,
      params: isRecord(params)
        ? { ...params, ...(isRecord(params.headers) ? { headers: redactHeaders(params.headers, extra) } : {}), ...('body' in params ? { body: redactValue(params.body, extra) } : {}) }
        : params,
      ...(isRecord(request.options) ? { options: redactValue(request.options, extra) } : {}),
    };
  }
  if (isRecord(meta.sniff)) out.sniff = redactValue(meta.sniff, extra);
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
