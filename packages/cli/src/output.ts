import { OsAuthError, redactSecrets, redactText } from '@osauth/core';
import { maskUrlSecrets } from './url-secrets';

/** Key ids as every osauth output shows them (`ASIA…ABCD`). */
export { maskKeyId } from '@osauth/core';

/** Colour functions for one output stream; each returns its input unchanged when colour is off. */
export interface Colours {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

/**
 * Colours for `stream`: on only when it is a TTY and `NO_COLOR` is unset or empty
 * (https://no-color.org), so piped output and logs never carry escape codes.
 */
export function colours(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Colours {
  const on = stream.isTTY === true && !env.NO_COLOR;
  const paint =
    (open: number, close: number) =>
    (s: string): string =>
      on ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return { red: paint(31, 39), green: paint(32, 39), yellow: paint(33, 39), dim: paint(2, 22) };
}

/**
 * Exit codes by failure family, stable for scripts:
 *
 * | code | family |
 * |---|---|
 * | 0 | success |
 * | 1 | anything else (an unexpected error) |
 * | 2 | usage or configuration (`INVALID_CONFIG`, a bad flag) |
 * | 3 | credentials (`CREDENTIALS_UNAVAILABLE`, `EXPIRED_CREDENTIALS`, `INVALID_CREDENTIALS`, `INVALID_SECURITY_TOKEN`) |
 * | 4 | denied (`ACCESS_DENIED`, `AUTHENTICATION_FAILED`, `NETWORK_POLICY_DENIED`) |
 * | 5 | signature or clock (`SIGNATURE_MISMATCH`, `CLOCK_SKEW`) |
 * | 6 | network (`ConnectionError`, `TimeoutError`, `NoLivingConnectionsError`, `UNTRUSTED_HOST`) |
 */
export const EXIT_CODES = { ok: 0, other: 1, usage: 2, credentials: 3, denied: 4, signature: 5, network: 6 } as const;

const BY_CODE: Readonly<Record<string, number>> = {
  INVALID_CONFIG: EXIT_CODES.usage,
  CREDENTIALS_UNAVAILABLE: EXIT_CODES.credentials,
  EXPIRED_CREDENTIALS: EXIT_CODES.credentials,
  INVALID_CREDENTIALS: EXIT_CODES.credentials,
  INVALID_SECURITY_TOKEN: EXIT_CODES.credentials,
  ACCESS_DENIED: EXIT_CODES.denied,
  AUTHENTICATION_FAILED: EXIT_CODES.denied,
  NETWORK_POLICY_DENIED: EXIT_CODES.denied,
  SIGNATURE_MISMATCH: EXIT_CODES.signature,
  CLOCK_SKEW: EXIT_CODES.signature,
  UNTRUSTED_HOST: EXIT_CODES.network,
};

// opensearch-js's transport errors, by name: the CLI need not load its error classes to tell them.
const NETWORK_ERRORS = new Set(['ConnectionError', 'TimeoutError', 'NoLivingConnectionsError', 'RequestAbortedError']);

/** The exit code of `error`'s family (see {@link EXIT_CODES}). */
export function exitCodeFor(error: unknown): number {
  if (error === undefined || error === null) return EXIT_CODES.ok;
  if (error instanceof OsAuthError) return BY_CODE[error.code] ?? EXIT_CODES.other;
  if (error instanceof UsageError) return EXIT_CODES.usage;
  if (error instanceof Error && NETWORK_ERRORS.has(error.name)) return EXIT_CODES.network;
  return EXIT_CODES.other;
}

/** A wrong flag or argument found by a command itself (exit code 2, like commander's own usage errors). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The URL argument of a command; not a URL is a {@link UsageError} that shows it with any password masked. */
export function parseUrlArgument(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new UsageError(`not a URL: ${maskUrlSecrets(url.slice(0, 200))}`);
  }
}

/**
 * Prints `error` to `stream`: an {@link OsAuthError}'s code, message, hint, remediation and
 * docs link; any other error's name and message. No held secret is printed: an osauth
 * error's text has every live secret taken out (`redactSecrets`: a credential-shaped
 * pattern would only mangle it, as in `auth.apiKey: no API key`); any other error's text is
 * untrusted and goes through the SDK's full redaction (`redactText`).
 */
export function printTypedError(error: unknown, stream: NodeJS.WritableStream): void {
  const c = colours(stream as NodeJS.WriteStream, process.env);
  const lines: string[] = [];
  if (error instanceof OsAuthError) {
    lines.push(`${c.red('error')}: ${error.code}: ${error.message}`);
    if (error.statusCode !== undefined) lines.push(`status: ${error.statusCode}`);
    if (error.hint !== undefined) lines.push(`hint: ${error.hint}`);
    if (error.requestId !== undefined) lines.push(`request id: ${error.requestId}`);
    if (error.remediation) lines.push('remediation:', ...error.remediation.split('\n').map((line) => `  ${line}`));
    lines.push(c.dim(`docs: ${error.docsUrl}`));
  } else if (error instanceof Error) {
    lines.push(`${c.red('error')}: ${error.name}: ${error.message}`);
  } else {
    lines.push(`${c.red('error')}: ${String(error)}`);
  }
  const redact = error instanceof OsAuthError ? redactSecrets : redactText;
  stream.write(`${lines.map((line) => redact(line)).join('\n')}\n`);
}

/** The `{ error: { code, hint, remediation } }` body the proxy answers a typed failure with. */
export function errorBody(error: unknown): { error: Record<string, string | undefined> } {
  if (error instanceof OsAuthError) {
    return { error: { code: error.code, message: error.message, hint: error.hint, remediation: error.remediation, docs: error.docsUrl } };
  }
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return { error: { code: name, message: redactText(message) } };
}
