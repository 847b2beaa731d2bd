import { type DebugOptions, type OsAuthEvent, type OsAuthEventListener, redactText } from '@osauth/core';
import type { OsAuthConfig } from './config';
import { debugFromEnv } from './load-config/env-config';
import type { Env } from './loaded-env';

/** What a provider's context says about events: where they go, and what to trace. */
export interface ProviderEvents {
  readonly emit?: OsAuthEventListener;
  readonly debug?: DebugOptions;
}

/**
 * Where a provider's events go and whether it traces signing: `config.debug.signing`, or,
 * when the config has no `debug`, `signing` in the comma-separated `OSAUTH_DEBUG` of `env`.
 * Traced without an `onEvent` listener, the `request-signed` events are printed to stderr
 * (every other event still goes nowhere).
 */
export function providerEventsOf(config: OsAuthConfig, env: Env): ProviderEvents {
  const debug: unknown = config.debug;
  const signing = debug === undefined ? debugFromEnv(env)?.signing === true : typeof debug === 'object' && debug !== null && (debug as DebugOptions).signing === true;
  const emit = config.onEvent ?? (signing ? printSigningEvent : undefined);
  return { ...(emit ? { emit } : {}), ...(signing ? { debug: { signing: true } } : {}) };
}

/** Prints a `request-signed` event to stderr as a readable block; other events are dropped. */
export function printSigningEvent(event: OsAuthEvent): void {
  if (event.type !== 'request-signed') return;
  const block = (title: string, text: string) => `  ${title}:\n${text.replace(/^/gm, '    ')}\n`;
  const text =
    `osauth: ${event.provider} signed ${event.method} ${event.path}\n` +
    `  signed headers: ${event.signedHeaders.join(';')}\n` +
    (event.canonicalRequest === undefined ? '' : block('canonical request', event.canonicalRequest)) +
    block('string to sign', event.stringToSign);
  // The event is redacted already; stderr is output all the same, so once more.
  process.stderr.write(redactText(text));
}
