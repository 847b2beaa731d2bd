import { redactSecrets, redactText } from '../redaction';
import { ErrorCodes } from './codes';
import { OsAuthError, type OsAuthErrorOptions } from './os-auth-error';
import type { SignatureDiff } from './signature-diff';

/**
 * The service could not tell who sent the request (401, or an anonymous caller).
 *
 * @example
 * ```ts
 * import { AuthenticationError, NetworkPolicyDeniedError } from '@osauth/factory';
 * import type { Client } from '@opensearch-project/opensearch';
 *
 * declare const client: Client;
 *
 * try {
 *   await client.info();
 * } catch (error) {
 *   // NetworkPolicyDeniedError extends AuthenticationError: test it first.
 *   if (error instanceof NetworkPolicyDeniedError) console.error('not admitted from this network:', error.remediation);
 *   else if (error instanceof AuthenticationError) console.error('unauthenticated:', error.remediation);
 *   else throw error;
 * }
 * ```
 */
export class AuthenticationError extends OsAuthError {
  static override readonly code: typeof ErrorCodes.AUTHENTICATION_FAILED | typeof ErrorCodes.NETWORK_POLICY_DENIED = ErrorCodes.AUTHENTICATION_FAILED;
}

/** The caller's network is not admitted (a network policy of the service). Never retried. */
export class NetworkPolicyDeniedError extends AuthenticationError {
  static override readonly code = ErrorCodes.NETWORK_POLICY_DENIED;
}

/**
 * The caller is known but a policy does not allow the action (403).
 *
 * @example
 * ```ts
 * import { AuthorizationError } from '@osauth/factory';
 * import type { Client } from '@opensearch-project/opensearch';
 *
 * declare const client: Client;
 *
 * try {
 *   await client.indices.delete({ index: 'logs-2020' });
 * } catch (error) {
 *   if (!(error instanceof AuthorizationError)) throw error;
 *   // e.g. "1. Grant <principal> es:ESHttpDelete on …": the principal and action filled in
 *   console.error(error.message, error.remediation);
 * }
 * ```
 */
export class AuthorizationError extends OsAuthError {
  static override readonly code = ErrorCodes.ACCESS_DENIED;
}

/** The access key id is unknown or disabled. */
export class InvalidCredentialsError extends OsAuthError {
  static override readonly code = ErrorCodes.INVALID_CREDENTIALS;
}

/** The session or security token is malformed or does not match the key. */
export class InvalidSecurityTokenError extends OsAuthError {
  static override readonly code: typeof ErrorCodes.INVALID_SECURITY_TOKEN | typeof ErrorCodes.EXPIRED_CREDENTIALS = ErrorCodes.INVALID_SECURITY_TOKEN;
}

/**
 * The temporary credentials have expired. Providers that can refresh (assume-role, web
 * identity, the default chain) refresh and resend once before this reaches you.
 *
 * @example
 * ```ts
 * import { ExpiredCredentialsError } from '@osauth/factory';
 * import type { Client } from '@opensearch-project/opensearch';
 *
 * declare const client: Client;
 *
 * await client.info().catch((error: unknown) => {
 *   if (error instanceof ExpiredCredentialsError) console.error(`${error.provider} credentials expired:`, error.remediation);
 *   throw error;
 * });
 * ```
 */
export class ExpiredCredentialsError extends InvalidSecurityTokenError {
  static override readonly code = ErrorCodes.EXPIRED_CREDENTIALS;
}

/** Options of a {@link SignatureMismatchError}. */
export interface SignatureMismatchErrorOptions extends OsAuthErrorOptions {
  /** Where the request the service verified differs from the one signed, when it could be told. */
  readonly signatureDiff?: SignatureDiff;
}

/**
 * The service computed another signature for the request.
 *
 * @example
 * ```ts
 * import { SignatureMismatchError } from '@osauth/factory';
 * import type { Client } from '@opensearch-project/opensearch';
 *
 * declare const client: Client;
 *
 * try {
 *   await client.search({ index: 'logs', q: 'status:500' });
 * } catch (error) {
 *   if (!(error instanceof SignatureMismatchError)) throw error;
 *   // e.g. { part: 'query', name: 'q', ours: '…', theirs: '…' }: a proxy re-encoded the query
 *   console.error(error.signatureDiff ?? 'the request arrived as signed: check the secret key');
 * }
 * ```
 */
export class SignatureMismatchError extends OsAuthError {
  static override readonly code = ErrorCodes.SIGNATURE_MISMATCH;
  /**
   * The part of the request that something between the client and the service changed,
   * when the service echoed the request it verified (some do) and it
   * differs from what was signed. Absent when that cannot be told, or when both are the
   * same (then the secret key itself is the suspect). Values are redacted.
   */
  readonly signatureDiff?: SignatureDiff;

  /** An error whose `signatureDiff` (redacted here) says what changed, when known. */
  constructor(options: SignatureMismatchErrorOptions) {
    super(options);
    const diff = options.signatureDiff;
    if (diff !== undefined) {
      // Both values quote request text (header values, query parameters): scrubbed like any foreign text.
      this.signatureDiff = Object.freeze({
        part: diff.part,
        ...(diff.name === undefined ? {} : { name: redactText(diff.name) }),
        ours: redactText(diff.ours),
        theirs: redactText(diff.theirs),
      });
    }
  }

  protected override extraJSON(): Record<string, unknown> {
    return this.signatureDiff === undefined ? {} : { signatureDiff: this.signatureDiff };
  }
}

/** The signing time is outside the window the service accepts. */
export class ClockSkewError extends OsAuthError {
  static override readonly code = ErrorCodes.CLOCK_SKEW;
}

/**
 * No credentials could be obtained; `cause` is what the source reported.
 *
 * @example
 * ```ts
 * import { CredentialsUnavailableError } from '@osauth/factory';
 * import type { Client } from '@opensearch-project/opensearch';
 *
 * declare const client: Client;
 *
 * try {
 *   await client.info();
 * } catch (error) {
 *   if (!(error instanceof CredentialsUnavailableError)) throw error;
 *   console.error(error.message, error.hint); // e.g. the source's error name, `AccessDenied`
 * }
 * ```
 */
export class CredentialsUnavailableError extends OsAuthError {
  static override readonly code = ErrorCodes.CREDENTIALS_UNAVAILABLE;
}

/**
 * A request was about to go to a host that is not a configured node and not in
 * `auth.allowedHosts` (a sniffed node, a node added by hand); it was refused before it was
 * authorized, so no credential was sent. Never retried on that host.
 */
export class UntrustedHostError extends OsAuthError {
  static override readonly code = ErrorCodes.UNTRUSTED_HOST;
  /** The refused host, `name:port`. */
  readonly host: string;

  /** An error for the refused `host`, which also fills the `{host}` of its remediation. */
  constructor(options: OsAuthErrorOptions & { readonly host: string }) {
    super({ ...options, details: { host: options.host, ...options.details } });
    this.host = options.host;
  }

  protected override extraJSON(): Record<string, unknown> {
    return { host: this.host };
  }
}

/** One problem found in a config: where, and what is wrong (never the value when it is a secret). */
export interface ConfigProblem {
  /** Dotted path of the offending key, e.g. `clusters.logs.auth.region`. */
  readonly path: string;
  /** What is wrong, e.g. `is required.` */
  readonly message: string;
  /**
   * The environment variable the offending value was read from, when `loadConfig` took it
   * from the environment (`OSAUTH_PROVIDER`, `AWS_REGION`, …); the message then names it.
   */
  readonly variable?: string;
}

/** Options of a {@link ConfigError}. */
export interface ConfigErrorOptions extends Omit<OsAuthErrorOptions, 'provider'> {
  /** Dotted path of the offending key, e.g. `auth.region`. */
  readonly path: string;
  /** The provider whose config is wrong; `"osauth"` when not provider-specific. */
  readonly provider?: string;
  /** Every problem found, when there are several; the message then lists each on its own line. */
  readonly problems?: readonly ConfigProblem[];
}

/**
 * The configuration is invalid; {@link ConfigError.path} names the (first) key to fix and
 * {@link ConfigError.problems} lists every problem found. Thrown by `loadConfig` and
 * `createClient` before any request, never with a secret value in it.
 *
 * @example
 * ```ts
 * import { ConfigError, loadConfig } from '@osauth/factory';
 *
 * try {
 *   loadConfig();
 * } catch (error) {
 *   if (!(error instanceof ConfigError)) throw error;
 *   for (const problem of error.problems) console.error(`${problem.path}: ${problem.message}`);
 *   process.exitCode = 2;
 * }
 * ```
 */
export class ConfigError extends OsAuthError {
  static override readonly code = ErrorCodes.INVALID_CONFIG;
  // Config messages are composed by osauth from paths and values of a known safe shape.
  protected static override readonly quotesForeignText = false;
  /** Dotted path of the offending key, e.g. `auth.region`. */
  readonly path: string;
  /** Every problem found (at least one). */
  readonly problems: readonly ConfigProblem[];

  /** An error about `options.path`, or about every one of `options.problems`. */
  constructor(options: ConfigErrorOptions) {
    const problems = options.problems && options.problems.length > 0 ? options.problems : [{ path: options.path, message: options.message ?? 'is invalid.' }];
    super({
      ...options,
      provider: options.provider ?? 'osauth',
      message:
        problems.length === 1 ? describeProblem(problems[0] as ConfigProblem) : `${problems.length} problems in the configuration:\n${problems.map((p) => `  - ${describeProblem(p)}`).join('\n')}`,
      details: { path: options.path, ...options.details },
    });
    this.path = redactSecrets(options.path);
    this.problems = problems.map((p) => ({ path: redactSecrets(p.path), message: redactSecrets(p.message), ...(p.variable === undefined ? {} : { variable: redactSecrets(p.variable) }) }));
  }

  protected override extraJSON(): Record<string, unknown> {
    return { path: this.path, problems: this.problems };
  }
}

/** `path (from VARIABLE): message`, one line of a ConfigError. */
function describeProblem(problem: ConfigProblem): string {
  return `${problem.path}${problem.variable === undefined ? '' : ` (from ${problem.variable})`}: ${problem.message}`;
}
