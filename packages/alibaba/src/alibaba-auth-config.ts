import type { Secret } from '@osauth/core';

/**
 * `Authorization: Bearer <key>`: AI Search Open Platform workspace keys, and Alibaba Cloud
 * OpenSearch API v3 bearer tokens. Without `apiKey`, the key is read from the environment
 * variable named by `apiKeyEnv` (default `DASHSCOPE_API_KEY`).
 */
export interface AlibabaBearerConfig {
  /** Always `alibaba`. */
  readonly provider: 'alibaba';
  /** Always `bearer`. */
  readonly mode: 'bearer';
  /** A plain string or a {@link Secret} (what `loadConfig()` makes of `{ fromEnv }`). */
  readonly apiKey?: string | Secret;
  /** The environment variable to read the key from when `apiKey` is absent. Default `DASHSCOPE_API_KEY`. */
  readonly apiKeyEnv?: string;
}

/** HTTP basic auth: Alibaba Cloud Elasticsearch (the `elastic` user or Kibana users). */
export interface AlibabaBasicConfig {
  /** Always `alibaba`. */
  readonly provider: 'alibaba';
  /** Always `basic`. */
  readonly mode: 'basic';
  /** The user, e.g. `elastic`. */
  readonly username: string;
  /** Its password: a plain string or a {@link Secret}. */
  readonly password: string | Secret;
}

/** Static temporary credentials from STS, used until they expire. */
export interface AlibabaStaticStsConfig {
  /** Always `alibaba`. */
  readonly provider: 'alibaba';
  /** Always `sts`. */
  readonly mode: 'sts';
  /** The temporary AccessKey id (`STS.…`). */
  readonly accessKeyId: string;
  /** The temporary AccessKey secret. */
  readonly accessKeySecret: string | Secret;
  /** The security token that comes with them. */
  readonly securityToken: string | Secret;
}

/**
 * STS `AssumeRole` with a long-term AccessKey (from config, else `ALIBABA_CLOUD_ACCESS_KEY_ID`
 * / `ALIBABA_CLOUD_ACCESS_KEY_SECRET`); the role from config, else `ALIBABA_CLOUD_ROLE_ARN`.
 * Credentials are cached and refreshed ahead of `Expiration`.
 */
export interface AlibabaAssumeRoleConfig {
  /** Always `alibaba`. */
  readonly provider: 'alibaba';
  /** Always `sts`. */
  readonly mode: 'sts';
  /** The RAM role to assume, e.g. `acs:ram::1234567890123456:role/search-reader`. Default: `ALIBABA_CLOUD_ROLE_ARN`. */
  readonly roleArn?: string;
  /** Default: `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `osauth-<time>`. */
  readonly roleSessionName?: string;
  /** An inline RAM policy narrowing the role (JSON text). */
  readonly policy?: string;
  /** 900–43200 s. Default 3600. */
  readonly durationSeconds?: number;
  /** The long-term AccessKey id that calls STS. Default: `ALIBABA_CLOUD_ACCESS_KEY_ID`. */
  readonly accessKeyId?: string;
  /** Its secret. Default: `ALIBABA_CLOUD_ACCESS_KEY_SECRET`. */
  readonly accessKeySecret?: string | Secret;
  /** Full URL of STS. Default `https://sts.aliyuncs.com`; `http://127.0.0.1:PORT` for a local STS. */
  readonly stsEndpoint?: string;
  /** How long an AssumeRole call may take. Default 5000 ms. */
  readonly timeoutMs?: number;
}

/**
 * The `auth` section for Alibaba Cloud: a union discriminated on `mode`.
 *
 * @example
 * ```ts
 * import '@osauth/alibaba';
 * import type { AlibabaAuthConfig } from '@osauth/alibaba';
 * import { createClient } from '@osauth/factory';
 *
 * // AI Search / OpenSearch v3: a bearer API key, here from DASHSCOPE_API_KEY.
 * const bearer: AlibabaAuthConfig = { provider: 'alibaba', mode: 'bearer' };
 * // Alibaba Cloud Elasticsearch: HTTP basic.
 * const basic: AlibabaAuthConfig = { provider: 'alibaba', mode: 'basic', username: 'elastic', password: process.env.ES_PASSWORD ?? '' };
 * // OpenSearch v3 signatures with STS AssumeRole (AccessKey from ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET).
 * const sts: AlibabaAuthConfig = { provider: 'alibaba', mode: 'sts', roleArn: 'acs:ram::1234567890123456:role/search-reader' };
 *
 * const client = createClient({ node: 'https://my-instance.cn-hangzhou.opensearch.aliyuncs.com', auth: sts });
 * ```
 */
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
  /** The temporary AccessKey id. */
  readonly accessKeyId: string;
  /** The temporary AccessKey secret. */
  readonly accessKeySecret: Secret;
  /** The security token. */
  readonly securityToken: Secret;
  /** When STS said they expire. */
  readonly expiration?: Date;
}
