import {
  type AuthProvider,
  type AuthRequest,
  type Authorization,
  type Clock,
  ConfigError,
  CredentialCache,
  CredentialsUnavailableError,
  ErrorCodes,
  type FailedAttempt,
  type FailedResponse,
  type OsAuthEventListener,
  type OsAuthError,
  type ProviderContext,
  rejectUnknownKeys,
  SkewCorrectedClock,
  systemClock,
} from '@osauth/core';
import type { AwsAuthConfig, HeldAwsCredentials } from './aws-auth-config';
import { classifyAwsError } from './classify-aws-error';
import { awsRemediation } from './remediation';
import { resolveCredentialSource } from './credential-source';
import { inferSigningScope, type SigningScope } from './infer-signing-scope';
import { hashPayload, sha256Hex } from './payload';
import { FastSigV4Signer } from './fast-sigv4/fast-sigv4-signer';
import { withTimeout } from './with-timeout';

/** How long a credential source may take before the request fails with CredentialsUnavailableError. */
const DEFAULT_CREDENTIAL_TIMEOUT_MS = 5_000;

/** What the provider knows about its own state, for diagnostics. */
export interface AwsProviderDiagnostics {
  readonly service: string;
  readonly region: string;
  /** The kind of credential source (`static`, `profile`, `assume-role`, …). */
  readonly credentialSource: string;
  /** Milliseconds added to the local clock when signing, learned from a clock-skew answer. */
  readonly clockOffsetMs: number;
}

/**
 * Signs requests with AWS Signature Version 4 for Amazon OpenSearch Service (`es`) and
 * OpenSearch Serverless (`aoss`), with credentials from any AWS source held in the
 * osauth credential cache, and classifies AWS's auth failures into typed errors.
 *
 * Constructed by the factory from `auth: { provider: 'aws', … }`; it never touches the
 * network until the first request.
 */
export class AwsSigV4Provider implements AuthProvider {
  readonly name = 'aws';
  readonly noSniffingReason =
    'Amazon OpenSearch Service domains and OpenSearch Serverless collections are reached through one endpoint that balances across their nodes; the nodes themselves cannot be reached or sniffed.';
  /** The service and region requests are signed for. */
  readonly scope: SigningScope;
  private readonly cache: CredentialCache<HeldAwsCredentials>;
  private readonly signer: FastSigV4Signer;
  /** Signs with the server's time once a clock-skew answer has taught it the offset. */
  private readonly clock: SkewCorrectedClock;
  private readonly emit: OsAuthEventListener;
  private readonly sourceKind: string;
  private readonly canRefresh: boolean;

  constructor(config: AwsAuthConfig, context: ProviderContext) {
    const path = context.configPath;
    if (typeof config !== 'object' || config === null) {
      throw new ConfigError({ path, provider: 'aws', message: 'must be an object.' });
    }
    rejectUnknownKeys(config, ['provider', 'service', 'region', 'credentials', 'credentialTimeoutMs'], path, 'aws');
    const timeoutMs = config.credentialTimeoutMs ?? DEFAULT_CREDENTIAL_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
      throw new ConfigError({ path: `${path}.credentialTimeoutMs`, provider: 'aws', message: 'must be a positive number of milliseconds.' });
    }
    this.scope = inferSigningScope(config, context.nodes, path, context.env);
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
    const source = resolveCredentialSource(config.credentials, `${path}.credentials`, this.scope.region, timeoutMs);
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
    });
    this.signer = new FastSigV4Signer(this.scope);
  }

  /** The signing scope, the credential source kind and the learned clock offset. */
  diagnostics(): AwsProviderDiagnostics {
    return { ...this.scope, credentialSource: this.sourceKind, clockOffsetMs: this.clock.offset };
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
    if (inMemory && held !== undefined) return { headers: this.signer.signAt(request, held, sha256Hex(body), this.clock.now()) };
    return this.authorizeLater(request);
  }

  private async authorizeLater(request: AuthRequest): Promise<Authorization> {
    const credentials = await this.cache.get();
    const body = request.body;
    if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) {
      return { headers: this.signer.signAt(request, credentials, sha256Hex(body), this.clock.now()) };
    }
    const payload = await hashPayload(body);
    const headers = this.signer.signAt(request, credentials, payload.sha256, this.clock.now());
    return payload.replacement === undefined ? { headers } : { headers, body: payload.replacement };
  }

  classifyError(response: FailedResponse): OsAuthError | undefined {
    return classifyAwsError(response, this.scope);
  }

  /**
   * Expired or invalid session token from a source that can refresh: drop the credentials
   * (unless another request already replaced them) and retry once with fresh ones.
   * Clock skew: learn the offset from the response `Date` header (bounded to 24 h) and
   * retry once with the corrected time. Everything else is final.
   */
  async recover(attempt: FailedAttempt): Promise<boolean> {
    const { code } = attempt.error;
    if (code === ErrorCodes.EXPIRED_CREDENTIALS || code === ErrorCodes.INVALID_SECURITY_TOKEN) {
      if (!this.canRefresh) return false;
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
