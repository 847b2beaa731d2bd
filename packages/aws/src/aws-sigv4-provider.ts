import {
  type AuthProvider,
  type AuthRequest,
  type Authorization,
  type Clock,
  ConfigError,
  ConfigProblems,
  CredentialCache,
  CredentialsUnavailableError,
  ErrorCodes,
  type FailedAttempt,
  type FailedResponse,
  type OsAuthEventListener,
  type OsAuthError,
  type ProviderContext,
  maskKeyId,
  rejectUnknownKeys,
  checkSigningHost,
  SkewCorrectedClock,
  systemClock,
} from '@osauth/core';
import type { AwsAuthConfig, HeldAwsCredentials } from './aws-auth-config';
import { isAossGwHelperDeny } from './aoss-deny';
import { classifyAwsError } from './classify-aws-error';
import { awsRemediation } from './remediation';
import { resolveCredentialSource, type ResolvedCredentialSource } from './credential-source';
import { inferSigningScope, type SigningScope } from './infer-signing-scope';
import { hashPayload, sha256Hex } from './payload';
import { FastSigV4Signer, type SigningTrace } from './fast-sigv4/fast-sigv4-signer';
import { RecentSignatures } from './recent-signatures';
import { signingTrace } from './signing-trace';
import { withTimeout } from './with-timeout';
import { type AwsCallerIdentity, callerIdentity, type CallerIdentityOptions } from './caller-identity';

/** How long a credential source may take before the request fails with CredentialsUnavailableError. */
const DEFAULT_CREDENTIAL_TIMEOUT_MS = 5_000;

/** What the provider knows about its own state, for diagnostics. */
export interface AwsProviderDiagnostics {
  /** The service requests are signed for, `es` or `aoss`. */
  readonly service: string;
  /** The region requests are signed for. */
  readonly region: string;
  /** The kind of credential source (`static`, `profile`, `assume-role`, …). */
  readonly credentialSource: string;
  /** Milliseconds added to the local clock when signing, learned from a clock-skew answer. */
  readonly clockOffsetMs: number;
}

/** The held credentials as diagnostics show them: what they are, never a secret part. */
export interface AwsCredentialsSummary {
  /** The kind of credential source configured (`static`, `profile`, `assume-role`, `web-identity`, `default-chain`, `function`). */
  readonly source: string;
  /**
   * The step of the AWS SDK chain that supplied them, when the SDK said (`env`, `sso`,
   * `profile`, `process`, `web-identity`, `assume-role`, `container`, `imds`).
   */
  readonly suppliedBy?: string;
  /** The access key id, masked (`ASIA…ABCD`). */
  readonly maskedAccessKeyId: string;
  /** Whether they carry a session token (STS credentials). */
  readonly temporary: boolean;
  /** When they stop working, when the source said. */
  readonly expiration?: Date;
}

/**
 * Signs requests with AWS Signature Version 4 for Amazon OpenSearch Service (`es`) and
 * OpenSearch Serverless (`aoss`), with credentials from any AWS source held in the
 * osauth credential cache, and classifies AWS's auth failures into typed errors.
 *
 * Constructed by the factory from `auth: { provider: 'aws', … }`; it never touches the
 * network until the first request.
 *
 * @example
 * ```ts
 * import { AwsSigV4Provider } from '@osauth/aws';
 * import { createClient } from '@osauth/factory';
 *
 * // The factory builds the provider; `onProvider` hands it over, e.g. for diagnostics.
 * const client = createClient(
 *   { node: 'https://search-logs-abc123.eu-west-1.es.amazonaws.com', auth: { provider: 'aws' } },
 *   {
 *     onProvider: (provider) => {
 *       if (provider instanceof AwsSigV4Provider) console.log(provider.diagnostics()); // { service: 'es', region: 'eu-west-1', … }
 *     },
 *   },
 * );
 * ```
 */
export class AwsSigV4Provider implements AuthProvider {
  readonly name = 'aws';
  /** Every token and key it sends is held as a Secret (see `AuthProvider.holdsSentSecrets`). */
  readonly holdsSentSecrets = true;
  readonly noSniffingReason =
    'Amazon OpenSearch Service domains and OpenSearch Serverless collections are reached through one endpoint that balances across their nodes; the nodes themselves cannot be reached or sniffed.';
  /** The service and region requests are signed for. */
  readonly scope: SigningScope;
  /** The host requests are signed for when it is not the node's (`auth.signingHost`). */
  readonly signingHost?: string;
  private readonly cache: CredentialCache<HeldAwsCredentials>;
  private readonly signer: FastSigV4Signer;
  /**
   * What was signed lately, for signature diffs (`es` only: only it quotes what it verified).
   * A #private field: what it holds (session token lines) never shows in `util.inspect`.
   */
  readonly #recent: RecentSignatures | undefined;
  /** Handed to the signer; `undefined` unless diffs or the signing trace need it. */
  private readonly trace: SigningTrace | undefined;
  /** Signs with the server's time once a clock-skew answer has taught it the offset. */
  private readonly clock: SkewCorrectedClock;
  private readonly emit: OsAuthEventListener;
  private readonly sourceKind: string;
  private readonly canRefresh: boolean;
  /** Credentials fetched after an aoss deny and denied too: expiry is ruled out for them. */
  private readonly deniedAfterRefresh = new WeakSet<HeldAwsCredentials>();

  /**
   * Validates `config` (offline) and prepares the signer and the credential cache.
   * @throws A {@link ConfigError} listing every problem of `config`.
   */
  constructor(config: AwsAuthConfig, context: ProviderContext) {
    const path = context.configPath;
    if (typeof config !== 'object' || config === null) {
      throw new ConfigError({ path, provider: 'aws', message: 'must be an object.' });
    }
    // Every check runs, so that one ConfigError lists every problem of the section.
    const problems = new ConfigProblems('aws');
    problems.check(() => rejectUnknownKeys(config, ['provider', 'service', 'region', 'credentials', 'credentialTimeoutMs', 'signingHost'], path, 'aws'));
    const signingHost = config.signingHost === undefined ? undefined : problems.check(() => checkSigningHost(config.signingHost, `${path}.signingHost`, 'aws'));
    let timeoutMs = config.credentialTimeoutMs ?? DEFAULT_CREDENTIAL_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
      problems.add(`${path}.credentialTimeoutMs`, 'must be a positive number of milliseconds.');
      timeoutMs = DEFAULT_CREDENTIAL_TIMEOUT_MS;
    }
    // Signed for another host than the node (a tunnel, a custom domain): that host names the scope.
    const scopeHosts = signingHost === undefined ? context.nodes : [new URL(`https://${signingHost}`)];
    const scope = problems.check(() => inferSigningScope(config, scopeHosts, path, context.env));
    // Without a scope the credentials are still checked, against a stand-in region (STS
    // client config only): the error is thrown below either way.
    const resolved = problems.check(() => resolveCredentialSource(config.credentials, `${path}.credentials`, scope?.region ?? 'us-east-1', timeoutMs));
    problems.throwIfAny();
    // Both are set once no problem was found.
    this.scope = scope as SigningScope;
    if (signingHost !== undefined) this.signingHost = signingHost;
    const source = resolved as ResolvedCredentialSource;
    const listener = context.emit;
    this.emit = (event) => {
      try {
        listener?.(event);
      } catch {
        // A listener's bug must not fail requests.
      }
    };
    const baseClock: Clock = context.clock ?? systemClock;
    this.clock = new SkewCorrectedClock(baseClock, 'aws', this.emit);
    this.sourceKind = source.kind;
    this.canRefresh = source.canRefresh;
    const fetch = async (): Promise<HeldAwsCredentials> => {
      try {
        const credentials = await withTimeout(source.fetch(), timeoutMs, `the ${source.kind} credential source`);
        this.emit({
          type: 'credentials-fetched',
          provider: 'aws',
          source: source.kind,
          ...(credentials.expiration ? { expiration: credentials.expiration.toISOString() } : {}),
        });
        return credentials;
      } catch (error) {
        // AWS SDK errors are named after the service's error code (AccessDenied, ExpiredToken…).
        const name = error instanceof Error ? error.name : undefined;
        throw new CredentialsUnavailableError({
          provider: 'aws',
          variant: awsRemediation.credentialsUnavailable,
          details: { source: source.kind },
          ...(name && !/^(Error|TypeError|RangeError)$/.test(name) ? { hint: name } : {}),
          message: `Could not get AWS credentials from the ${source.kind} source: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        });
      }
    };
    this.cache = new CredentialCache(fetch, {
      provider: 'aws',
      clock: baseClock,
      maxAgeWithoutExpirationMs: source.maxAgeWithoutExpirationMs,
      onEvent: this.emit,
    });
    this.signer = new FastSigV4Signer(this.scope);
    this.#recent = this.scope.service === 'es' ? new RecentSignatures() : undefined;
    this.trace = signingTrace(this.#recent, context.debug?.signing === true ? this.emit : undefined);
  }

  /** The signing scope, the credential source kind and the learned clock offset. */
  diagnostics(): AwsProviderDiagnostics {
    return { ...this.scope, credentialSource: this.sourceKind, clockOffsetMs: this.clock.offset };
  }

  /**
   * Fetches (or reuses) the credentials and describes them: source, masked key id, whether
   * temporary, expiry. For diagnostics (`osauth doctor`); never returns a secret part.
   * @throws A {@link CredentialsUnavailableError} when the source fails.
   */
  async describeCredentials(): Promise<AwsCredentialsSummary> {
    const held = await this.cache.get();
    const suppliedBy = chainStepOf(held.sourceFeatures);
    return {
      source: this.sourceKind,
      ...(suppliedBy === undefined ? {} : { suppliedBy }),
      maskedAccessKeyId: maskKeyId(held.accessKeyId),
      temporary: held.sessionToken !== undefined,
      ...(held.expiration ? { expiration: held.expiration } : {}),
    };
  }

  /**
   * Asks STS `GetCallerIdentity` who the held credentials belong to (fetching them first if
   * needed), signed with the skew-corrected clock. For diagnostics: osauth never calls it on
   * its own.
   * @throws the typed error of STS's answer (expired, invalid, signature, clock, denied),
   * {@link CredentialsUnavailableError}, or a plain `Error` for the network or an unreadable answer.
   */
  async getCallerIdentity(options: CallerIdentityOptions = {}): Promise<AwsCallerIdentity> {
    const held = await this.cache.get();
    return callerIdentity(held, this.scope.region, this.clock.now(), options);
  }

  /**
   * Fetches credentials ahead of the send, so a failing source fails the request at once.
   * Returns nothing when valid credentials are already held.
   */
  prepare(): Promise<void> | undefined {
    if (this.cache.current() !== undefined) return undefined;
    return this.cache.get().then(() => undefined);
  }

  /**
   * Signs at once when credentials are held and the body is in memory (the hot path: no
   * promise, no `Date`); waits only to fetch credentials or to read a stream body.
   */
  authorize(request: AuthRequest): Authorization | Promise<Authorization> {
    const body = request.body;
    const inMemory = body === undefined || typeof body === 'string' || body instanceof Uint8Array;
    const held = this.cache.current();
    if (inMemory && held !== undefined) return { headers: this.signer.signAt(request, held, sha256Hex(body), this.clock.now(), this.trace) };
    return this.authorizeLater(request);
  }

  private async authorizeLater(request: AuthRequest): Promise<Authorization> {
    const credentials = await this.cache.get();
    const body = request.body;
    if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
      return { headers: this.signer.signAt(request, credentials, sha256Hex(body), this.clock.now(), this.trace) };
    }
    const payload = await hashPayload(body);
    const headers = this.signer.signAt(request, credentials, payload.sha256, this.clock.now(), this.trace);
    return payload.replacement === undefined ? { headers } : { headers, body: payload.replacement };
  }

  classifyError(response: FailedResponse): OsAuthError | undefined {
    if (!isAossGwHelperDeny(response)) return classifyAwsError(response, this.scope, undefined, this.#recent);
    const held = this.cache.peek();
    // The answer to the resend after a deny-refresh: fresh credentials were denied too,
    // so expiry is ruled out for them (and they are not refreshed again on a deny).
    if (held !== undefined && response.recoveredFrom === ErrorCodes.ACCESS_DENIED) this.deniedAfterRefresh.add(held);
    const signedWith =
      held === undefined
        ? undefined
        : {
            accessKeyId: held.accessKeyId,
            temporary: held.sessionToken !== undefined,
            refreshable: this.canRefresh,
            source: this.sourceKind,
            deniedAfterRefresh: this.deniedAfterRefresh.has(held),
          };
    return classifyAwsError(response, this.scope, signedWith, this.#recent);
  }

  /**
   * Expired or invalid session token from a source that can refresh: drop the credentials
   * (unless another request already replaced them) and retry once with fresh ones.
   * Clock skew: learn the offset from the response `Date` header (bounded to 24 h) and
   * retry once with the corrected time. An aoss `X01:gw-helper-deny` with temporary
   * credentials from a source that can refresh: the same, as aoss answers an expired or
   * revoked session that way too — unless these credentials were already fetched after a
   * deny and denied again. Everything else is final.
   */
  async recover(attempt: FailedAttempt): Promise<boolean> {
    const { code } = attempt.error;
    if (code === ErrorCodes.EXPIRED_CREDENTIALS || code === ErrorCodes.INVALID_SECURITY_TOKEN) {
      if (!this.canRefresh) return false;
      await this.cache.refreshAfterRejection(attempt.startedAt);
      this.emit({ type: 'retry-after-refresh', provider: 'aws', code });
      return true;
    }
    if (code === ErrorCodes.ACCESS_DENIED && isAossGwHelperDeny(attempt.response)) {
      const held = this.cache.peek();
      // Long-term keys do not expire; fixed keys cannot be renewed; and credentials denied
      // after a refresh are denied by a policy: refreshing for them would only call STS
      // once more per request.
      if (!this.canRefresh || held?.sessionToken === undefined || this.deniedAfterRefresh.has(held)) return false;
      await this.cache.refreshAfterRejection(attempt.startedAt);
      this.emit({ type: 'retry-after-refresh', provider: 'aws', code });
      return true;
    }
    if (code === ErrorCodes.CLOCK_SKEW) return this.clock.correctFrom(attempt.response);
    return false;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

// AWS SDK credential feature ids (`$source`), most specific first, and the chain step each names.
const CHAIN_STEPS: readonly (readonly [string, string])[] = [
  ['CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN', 'web-identity'],
  ['CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN', 'web-identity'],
  ['CREDENTIALS_STS_ASSUME_ROLE_WEB_ID', 'web-identity'],
  ['CREDENTIALS_PROFILE_SSO', 'sso'],
  ['CREDENTIALS_PROFILE_SSO_LEGACY', 'sso'],
  ['CREDENTIALS_SSO', 'sso'],
  ['CREDENTIALS_SSO_LEGACY', 'sso'],
  ['CREDENTIALS_PROFILE_PROCESS', 'process'],
  ['CREDENTIALS_PROCESS', 'process'],
  ['CREDENTIALS_PROFILE_SOURCE_PROFILE', 'assume-role'],
  ['CREDENTIALS_STS_ASSUME_ROLE', 'assume-role'],
  ['CREDENTIALS_PROFILE', 'profile'],
  ['CREDENTIALS_ENV_VARS', 'env'],
  ['CREDENTIALS_HTTP', 'container'],
  ['CREDENTIALS_IMDS', 'imds'],
];

/** The chain step named by the SDK's feature ids, if any. */
function chainStepOf(features: readonly string[] | undefined): string | undefined {
  if (features === undefined) return undefined;
  return CHAIN_STEPS.find(([feature]) => features.includes(feature))?.[1];
}
