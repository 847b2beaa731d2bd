import Module from 'node:module';
import { dirname } from 'node:path';
import { inspect } from 'node:util';
import { Transport } from '@opensearch-project/opensearch';
import { redactText } from '@osauth/core';

interface DebugModule {
  formatArgs: (this: { namespace?: string }, args: unknown[]) => void;
  inspectOpts?: object;
}

// Set on the debug module once it is patched, so two copies of osauth patch it once.
const PATCHED = Symbol.for('@osauth/factory/debug-scrubbed');

/**
 * Makes what `DEBUG=opensearch` prints safe. opensearch-js logs through the `debug` package
 * (response bodies as it deserialises them, request params, sniff results); this wraps that
 * module's `formatArgs`, which every `opensearch` line passes through whatever `log` function
 * prints it, so each argument is redacted once formatted. Lines of other namespaces are left
 * as they are, and nothing runs unless debugging is enabled.
 *
 * The module is the one opensearch-js itself loaded (found through its `Transport`), not one
 * of ours: two copies of `debug` would not share their output functions.
 */
export function scrubOpenSearchDebugOutput(): void {
  const debug = openSearchDebugModule();
  if (debug === undefined || (debug as { [PATCHED]?: boolean })[PATCHED]) return;
  const formatArgs = debug.formatArgs;
  debug.formatArgs = function scrubbedFormatArgs(this: { namespace?: string }, args: unknown[]): void {
    formatArgs.call(this, args);
    if (this.namespace !== 'opensearch') return;
    for (let i = 0; i < args.length; i += 1) {
      const arg = args[i];
      args[i] = redactText(typeof arg === 'string' ? arg : inspect(arg, debug.inspectOpts));
    }
  };
  Object.defineProperty(debug, PATCHED, { value: true });
}

function openSearchDebugModule(): DebugModule | undefined {
  // The CommonJS build (and test runners with their own module registry, like jest) load
  // through `require`: resolve `debug` from where opensearch-js lives.
  if (typeof require === 'function') {
    try {
      const from = dirname(require.resolve('@opensearch-project/opensearch'));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module opensearch-js loaded, found at run time
      return asDebugModule(require(require.resolve('debug', { paths: [from] })));
    } catch {
      return undefined;
    }
  }
  // The ESM build: opensearch-js is CommonJS, so Node's module cache holds its Transport,
  // whose own `require` is the one that loaded `debug`.
  const cache = (Module as unknown as { _cache?: Record<string, NodeJS.Module | undefined> })._cache ?? {};
  for (const loaded of Object.values(cache)) {
    if (loaded?.exports !== Transport) continue;
    try {
      return asDebugModule(loaded.require('debug'));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function asDebugModule(value: unknown): DebugModule | undefined {
  return typeof (value as Partial<DebugModule> | undefined)?.formatArgs === 'function' ? (value as DebugModule) : undefined;
}
