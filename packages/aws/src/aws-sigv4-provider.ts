import {
  type AuthProvider,
  type AuthRequest,
  type Authorization,
  type Clock,
  ConfigError,
  CredentialCache,
  CredentialsUnavailableError,
  type FailedResponse,
  type OsAuthError,
  type ProviderContext,
  registerSecret,
  systemClock,
} from '@osauth/core';
import type { AwsAuthConfig, AwsCredentialIdentity } from './aws-auth-config';
import { classifyAwsError } from './classify-aws-error';
import { resolveCredentialSource } from './credential-source';
import { inferSigningScope, type SigningScope } from './infer-signing-scope';
import { hashPayload } from './payload';
import { SigV4Signer } from './sigv4-signer';

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
  /** The service and region requests are signed for. */
  readonly scope: SigningScope;
  private readonly cache: CredentialCache<AwsCredentialIdentity>;
  private readonly signer: SigV4Signer;
  private readonly clock: Clock;

  constructor(config: AwsAuthConfig, context: ProviderContext) {
    const path = context.configPath;
    if (typeof config !== 'object' || config === null) {
      throw new ConfigError({ path, provider: 'aws', message: 'must be an object.' });
    }
    this.scope = inferSigningScope(config, context.nodes, path);
    this.clock = context.clock ?? systemClock;
    const source = resolveCredentialSource(config.credentials, `${path}.credentials`, this.scope.region);
    const fetch = async (): Promise<AwsCredentialIdentity> => {
      try {
        const credentials = await source.fetch();
        registerSecret(credentials.secretAccessKey);
        registerSecret(credentials.sessionToken);
        return credentials;
      } catch (error) {
        throw new CredentialsUnavailableError({
          provider: 'aws',
          remediationId: 'aws-credentials-unavailable',
          details: { source: source.kind },
          message: `Could not get AWS credentials from the ${source.kind} source: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        });
      }
    };
    this.cache = new CredentialCache(fetch, {
      provider: 'aws',
      clock: this.clock,
      maxAgeWithoutExpirationMs: source.maxAgeWithoutExpirationMs,
    });
    this.signer = new SigV4Signer(this.scope);
  }

  /** Fetches credentials ahead of the send, so a failing source fails the request at once. */
  async prepare(): Promise<void> {
    await this.cache.get();
  }

  async authorize(request: AuthRequest): Promise<Authorization> {
    const [credentials, payload] = await Promise.all([this.cache.get(), hashPayload(request.body)]);
    const headers = await this.signer.sign(request, credentials, payload.sha256, new Date(this.clock.now()));
    return payload.replacement === undefined ? { headers: { ...headers } } : { headers: { ...headers }, body: payload.replacement };
  }

  classifyError(response: FailedResponse): OsAuthError | undefined {
    return classifyAwsError(response, this.scope);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
