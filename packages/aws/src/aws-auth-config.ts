import type { Secret } from '@osauth/core';

/** AWS credentials as the AWS SDK identity providers return them. */
export interface AwsCredentialIdentity {
  /** The access key id, e.g. `AKIA…` or, for temporary credentials, `ASIA…`. */
  readonly accessKeyId: string;
  /** The secret access key. */
  readonly secretAccessKey: string;
  /** The session token of temporary credentials. */
  readonly sessionToken?: string;
  /** When temporary credentials stop working; absent for long-term keys. */
  readonly expiration?: Date;
}

/** A function that returns credentials: the AWS SDK identity-provider shape (also opensearch-js `getCredentials`). */
export type AwsCredentialProvider = () => Promise<AwsCredentialIdentity>;

/**
 * Long-term or temporary keys given directly. The secret key and the session token may be
 * plain strings or {@link Secret}s (what `loadConfig()` makes of `{ fromEnv }` / `{ fromFile }`).
 */
export interface AwsStaticCredentialsConfig {
  /** The access key id. */
  readonly accessKeyId: string;
  /** The secret access key. */
  readonly secretAccessKey: string | Secret;
  /** The session token, for temporary credentials. */
  readonly sessionToken?: string | Secret;
}

/**
 * Credentials as the provider holds them: the secret parts as {@link Secret}s, so that
 * printing a provider, its cache or a signer shows no secret.
 */
export interface HeldAwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  readonly sessionToken?: Secret;
  readonly expiration?: Date;
  /** The AWS SDK's credential feature ids (`$source` keys, e.g. `CREDENTIALS_ENV_VARS`): which chain step supplied them. */
  readonly sourceFeatures?: readonly string[];
}

/** What the signer needs: the key pair and token, each secret part plain or a {@link Secret}. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string | Secret;
  readonly sessionToken?: string | Secret;
}

/** A named profile of the shared config/credentials files (`~/.aws/config`, `~/.aws/credentials`). */
export interface AwsProfileCredentialsConfig {
  /** The profile name, e.g. `default` or `search-admin`. */
  readonly profile: string;
}

/** Assume an IAM role through STS; the temporary credentials are refreshed before they expire. */
export interface AwsAssumeRoleCredentialsConfig {
  /** The role to assume, e.g. `arn:aws:iam::123456789012:role/search-reader`. */
  readonly roleArn: string;
  /** Default: `osauth-<timestamp>`. */
  readonly roleSessionName?: string;
  /** The external id the role's trust policy requires, if any. */
  readonly externalId?: string;
  /** Lifetime of each session, 900–43200 s. Default 3600. */
  readonly durationSeconds?: number;
  /** The credentials that call STS. Default: the Node default chain. */
  readonly source?: AwsStaticCredentialsConfig | AwsProfileCredentialsConfig | AwsCredentialProvider;
  /** The STS endpoint URL, e.g. a local STS in tests. Default: the regional AWS endpoint. */
  readonly stsEndpoint?: string;
}

/** Exchange a web identity token file (EKS IRSA, GitHub OIDC…) for role credentials. */
export interface AwsWebIdentityCredentialsConfig {
  /** The file holding the token, re-read at every exchange (it is rotated). */
  readonly webIdentityTokenFile: string;
  /** The role to assume with the token. */
  readonly roleArn: string;
  /** Default: `osauth-<timestamp>`. */
  readonly roleSessionName?: string;
  /** The STS endpoint URL, e.g. a local STS in tests. */
  readonly stsEndpoint?: string;
}

/** Every way to give the AWS provider credentials. */
export type AwsCredentialsConfig = AwsStaticCredentialsConfig | AwsProfileCredentialsConfig | AwsAssumeRoleCredentialsConfig | AwsWebIdentityCredentialsConfig | AwsCredentialProvider;

/** The AWS service a cluster belongs to: Amazon OpenSearch Service or OpenSearch Serverless. */
export type AwsSigningService = 'es' | 'aoss';

/**
 * The `auth` section of the config for Amazon OpenSearch Service (`es`) and
 * OpenSearch Serverless (`aoss`).
 *
 * @example
 * ```ts
 * import '@osauth/aws';
 * import type { AwsAuthConfig } from '@osauth/aws';
 * import { createClient } from '@osauth/factory';
 *
 * // Credentials from the default chain; service and region inferred from the host.
 * const inferred: AwsAuthConfig = { provider: 'aws' };
 * // A role assumed through STS, refreshed before it expires.
 * const auth: AwsAuthConfig = {
 *   provider: 'aws',
 *   service: 'aoss',
 *   region: 'us-east-1',
 *   credentials: { roleArn: 'arn:aws:iam::123456789012:role/search-reader' },
 * };
 * const client = createClient({ node: 'https://abc123.us-east-1.aoss.amazonaws.com', auth });
 * ```
 */
export interface AwsAuthConfig {
  /** Always `aws`. */
  readonly provider: 'aws';
  /** Inferred from the endpoint host (`*.aoss.amazonaws.com` → `aoss`, `*.es.amazonaws.com` → `es`) when absent. */
  readonly service?: AwsSigningService;
  /** Inferred from the endpoint host, then `AWS_REGION` / `AWS_DEFAULT_REGION`, when absent. */
  readonly region?: string;
  /** Absent: the Node default chain (env, SSO, profile, web identity, container, instance metadata). */
  readonly credentials?: AwsCredentialsConfig;
  /**
   * How long fetching credentials (STS, container or instance metadata, a profile) may take
   * before the request fails with `CredentialsUnavailableError`. Default 5000 ms.
   */
  readonly credentialTimeoutMs?: number;
  /**
   * The host to sign for when the node URL is not the cluster's own: an SSH tunnel or
   * port-forward (`node: 'https://127.0.0.1:9200'`), a VPC endpoint or a custom domain.
   * osauth signs for it, sends it as `Host`, and verifies the TLS certificate against it;
   * `service` and `region` are inferred from it. Host name, optionally `:port`.
   */
  readonly signingHost?: string;
}
