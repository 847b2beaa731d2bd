import type { Secret } from '@osauth/core';

/**
 * `Authorization: Bearer <key>`: AI Search Open Platform workspace keys, and Alibaba Cloud
 * OpenSearch API v3 bearer tokens. Without `apiKey`, the key is read from the environment
 * variable named by `apiKeyEnv` (default `DASHSCOPE_API_KEY`).
 */
export interface AlibabaBearerConfig {
  readonly provider: 'alibaba';
  readonly mode: 'bearer';
  /** A plain string or a {@link Secret} (what `loadConfig()` makes of `{ fromEnv }`). */
  readonly apiKey?: string | Secret;
  readonly apiKeyEnv?: string;
}

/** HTTP basic auth: Alibaba Cloud Elasticsearch (the `elastic` user or Kibana users). */
export interface AlibabaBasicConfig {
  readonly provider: 'alibaba';
  readonly mode: 'basic';
  readonly username: string;
  readonly password: string | Secret;
}

/** Static temporary credentials from STS, used until they expire. */
export interface AlibabaStaticStsConfig {
  readonly provider: 'alibaba';
  readonly mode: 'sts';
  readonly accessKeyId: string;
  readonly accessKeySecret: string | Secret;
  readonly securityToken: string | Secret;
}

/**
 * STS `AssumeRole` with a long-term AccessKey (from config, else `ALIBABA_CLOUD_ACCESS_KEY_ID`
 * / `ALIBABA_CLOUD_ACCESS_KEY_SECRET`); the role from config, else `ALIBABA_CLOUD_ROLE_ARN`.
 * Credentials are cached and refreshed ahead of `Expiration`.
 */
export interface AlibabaAssumeRoleConfig {
  readonly provider: 'alibaba';
  readonly mode: 'sts';
  readonly roleArn?: string;
  /** Default: `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `osauth-<time>`. */
  readonly roleSessionName?: string;
  /** An inline RAM policy narrowing the role (JSON text). */
  readonly policy?: string;
  /** 900–43200 s. Default 3600. */
  readonly durationSeconds?: number;
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string | Secret;
  /** Full URL of STS. Default `https://sts.aliyuncs.com`; `http://127.0.0.1:PORT` for a local STS. */
  readonly stsEndpoint?: string;
  /** How long an AssumeRole call may take. Default 5000 ms. */
  readonly timeoutMs?: number;
}

/** The `auth` section for Alibaba Cloud: a union discriminated on `mode`. */
export type AlibabaAuthConfig = (AlibabaBearerConfig | AlibabaBasicConfig | AlibabaStaticStsConfig | AlibabaAssumeRoleConfig) & AlibabaSigningHostConfig;

/** What every mode may add. */
export interface AlibabaSigningHostConfig {
  /**
   * The cluster's own host when the node URL is not (a tunnel, a VPC endpoint, a custom
   * domain): osauth signs for it (v3 signs the `Host`), sends it as `Host`, and verifies the
   * TLS certificate against it. Host name, optionally `:port`.
   */
  readonly signingHost?: string;
}

/** Temporary credentials as the provider holds them: the secret parts as {@link Secret}s. */
export interface AlibabaStsCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: Secret;
  readonly securityToken: Secret;
  readonly expiration?: Date;
}
