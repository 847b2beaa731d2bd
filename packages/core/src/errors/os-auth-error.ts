import { inspect } from 'node:util';
import { docsUrlFor, remediationFor, renderRemediation } from '../remediation/catalogue';
import type { RemediationEntry } from '../remediation/entry';
import { redactSecrets, redactText, redactValue } from '../redaction';
import type { ErrorCode } from './codes';

/** What every osauth error can carry. Every string is redacted before it is stored. */
export interface OsAuthErrorOptions {
  /** The provider that raised the error, e.g. `"vault"`; `"osauth"` for provider-independent errors. */
  readonly provider: string;
  /** Overrides the default message (the catalogue title). */
  readonly message?: string;
  /** HTTP status of the failed response, when there was one. */
  readonly statusCode?: number;
  /** The raw service hint, e.g. a service error code or a response hint header. */
  readonly hint?: string;
  /** The service's request id, for support tickets. */
  readonly requestId?: string;
  /**
   * The remediation entry that refines the generic one of the error's code (a provider's
   * variant; its `code` must be the error's, else the constructor throws a TypeError: that
   * is a programming error, which a test constructing the error finds). Provider packages
   * export theirs and register them with `registerRemediations` for docs/errors.md.
   */
  readonly variant?: RemediationEntry;
  /**
   * The id of a registered remediation entry.
   * @deprecated Pass the entry itself as `variant`. An id that is not registered, or is of
   * another code, makes the constructor throw a TypeError.
   */
  readonly remediationId?: string;
  /** Values for the variant's `{placeholders}` (principal, action, region, …). */
  readonly details?: Readonly<Record<string, string | undefined>>;
  /** Explicit remediation text; wins over the catalogue (for user-written providers). */
  readonly remediation?: string;
  /** What went wrong underneath (a service error, a library's error); kept as `error.cause`. */
  readonly cause?: unknown;
}

// Registered globally so that two copies of this module (CJS and ESM, or two versions)
// recognise each other's errors in `instanceof` checks.
const LINEAGE = Symbol.for('@osauth/core/error-lineage');

/**
 * The base of every error osauth throws. Never instantiated directly: catch a subclass,
 * or this class to catch them all, and switch on the stable {@link OsAuthError.code}.
 *
 * `instanceof` holds across copies of osauth (CommonJS and ESM, two versions), and every
 * field, `toJSON()` and `util.inspect` output is redacted: safe to log whole.
 *
 * @example
 * ```ts
 * import { ExpiredCredentialsError, OsAuthError } from '@osauth/factory';
 * import type { Client } from '@opensearch-project/opensearch';
 *
 * declare const client: Client;
 * declare const logger: { warn(record: object): void };
 *
 * try {
 *   await client.search({ index: 'logs' });
 * } catch (error) {
 *   if (error instanceof ExpiredCredentialsError) {
 *     // temporary credentials ran out and could not be refreshed
 *   } else if (error instanceof OsAuthError) {
 *     console.error(error.code, error.message, error.remediation, error.docsUrl);
 *     logger.warn({ err: error.toJSON() }); // redacted: no secret in it
 *   } else {
 *     throw error;
 *   }
 * }
 * ```
 */
export abstract class OsAuthError extends Error {
  /** The stable code of the class; subclasses set it. */
  static readonly code: ErrorCode;

  /** Stable machine-readable code, e.g. `EXPIRED_CREDENTIALS`. */
  readonly code: ErrorCode;
  /** The provider that raised the error, e.g. `"aws"`; `"osauth"` for provider-independent errors. */
  readonly provider: string;
  /** HTTP status of the failed response, when there was one. */
  readonly statusCode?: number;
  /** Numbered steps a person can act on to fix the problem. */
  readonly remediation: string;
  /** The raw service hint (a service error code, a response hint header), redacted. */
  readonly hint?: string;
  /** The service's request id, for support tickets. */
  readonly requestId?: string;
  /**
   * The section of the documentation site that explains this error: its page of the error
   * catalogue (docs/errors.md), at the anchor of the remediation entry, e.g.
   * `https://osauth.github.io/osauth/documents/errors.html#aws-expired-token`.
   */
  readonly docsUrl: string;
  /** What went wrong underneath (a service error, a library's error), when anything did. */
  declare readonly cause?: unknown;

  /**
   * Whether messages of this class may quote text osauth did not write (a service's answer,
   * a library's error), and so get credential-shaped fragments removed as well as held
   * secrets. Classes whose messages osauth composes itself from safe parts (config paths)
   * set it to `false`, so their instructions are never mangled.
   */
  protected static readonly quotesForeignText: boolean = true;

  /**
   * An error of the subclass's code: its message, remediation and `docsUrl` come from
   * `options.variant` (or the generic entry of the code), every string redacted.
   * @throws TypeError when `options.variant` is about another code.
   */
  constructor(options: OsAuthErrorOptions) {
    const code = (new.target as unknown as { code: ErrorCode }).code;
    const entry = remediationFor(code, options.variant, options.remediationId);
    const redact = (new.target as unknown as { quotesForeignText: boolean }).quotesForeignText ? redactText : redactSecrets;
    super(redact(options.message ?? entry.title), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.provider = options.provider;
    if (options.statusCode !== undefined) this.statusCode = options.statusCode;
    if (options.hint !== undefined) this.hint = redactText(options.hint);
    if (options.requestId !== undefined) this.requestId = redactText(options.requestId);
    // Details come from responses: each is scrubbed before it fills a step of ours.
    const details = options.details === undefined ? undefined : redactDetails(options.details);
    this.remediation = options.remediation === undefined ? redactSecrets(renderRemediation(entry, details)) : redactText(options.remediation);
    this.docsUrl = docsUrlFor(entry);
    Object.defineProperty(this, LINEAGE, { value: lineageOf(new.target), enumerable: false });
  }

  /** `instanceof` that also holds for errors created by another copy of osauth. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== 'object' || value === null) return false;
    const lineage = (value as { [LINEAGE]?: unknown })[LINEAGE];
    return Array.isArray(lineage) && lineage.includes(this.name);
  }

  /** A plain, redacted object for logs and JSON responses (every field was redacted when set). */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      code: this.code,
      message: this.message,
      provider: this.provider,
      statusCode: this.statusCode,
      hint: this.hint,
      requestId: this.requestId,
      remediation: this.remediation,
      docsUrl: this.docsUrl,
      ...this.extraJSON(),
      cause: describeCause(this.cause),
    };
    for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
    return json;
  }

  /** Subclass fields added to {@link OsAuthError.toJSON}. */
  protected extraJSON(): Record<string, unknown> {
    return {};
  }

  /** What `util.inspect` and `console.log` print: the redacted stack and fields, never the raw cause. */
  [inspect.custom](_depth: number, options: object): string {
    const { name: _name, message: _message, ...fields } = this.toJSON();
    return redactSecrets(`${this.stack ?? `${this.name}: ${this.message}`}\n${inspect(fields, { ...options, depth: 4 })}`);
  }
}

function redactDetails(details: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(details)) out[key] = value === undefined ? undefined : redactText(value);
  return out;
}

/** The class names from `ctor` up to `OsAuthError`, for cross-copy `instanceof`. */
function lineageOf(ctor: unknown): string[] {
  const names: string[] = [];
  for (let c = ctor as { name?: string } | null; c && c.name && c !== Function.prototype; c = Object.getPrototypeOf(c) as typeof c) {
    names.push(c.name);
    if (c.name === 'OsAuthError') break;
  }
  return names;
}

/** A redacted summary of a cause: enough to debug, never its request headers or body. */
function describeCause(cause: unknown): unknown {
  if (cause === undefined) return undefined;
  if (cause instanceof Error) {
    const described: Record<string, unknown> = { name: cause.name, message: redactText(cause.message) };
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') described.code = code;
    return described;
  }
  return redactValue(cause);
}
