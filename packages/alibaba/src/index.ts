/**
 * `@osauth/alibaba`: Alibaba Cloud auth for osauth — bearer API keys, HTTP basic for
 * Alibaba Cloud Elasticsearch, and STS tokens (static or AssumeRole) signed the Alibaba
 * OpenSearch v3 way. Usually used through `@osauth/factory`.
 * @packageDocumentation
 */
import { registerProvider } from '@osauth/core';
import type { AlibabaAuthConfig } from './alibaba-auth-config';
import { alibabaAuthFromEnv } from './alibaba-env-config';
import { AlibabaProvider } from './alibaba-provider';

// Importing the package makes `provider: 'alibaba'` available to createClient and loadConfig
// (and to bundlers, which cannot see the factory's on-demand load).
registerProvider('alibaba', { provider: AlibabaProvider, authFromEnv: alibabaAuthFromEnv });

declare module '@osauth/core' {
  /** `auth: { provider: 'alibaba', mode, … }` in an osauth config. */
  interface ProviderConfigRegistry {
    alibaba: AlibabaAuthConfig;
  }
}

export { AlibabaProvider };
export type { AlibabaCredentialsSummary } from './alibaba-provider';
export type {
  AlibabaAuthConfig,
  AlibabaBearerConfig,
  AlibabaBasicConfig,
  AlibabaStaticStsConfig,
  AlibabaAssumeRoleConfig,
  AlibabaSigningHostConfig,
  AlibabaStsCredentials,
} from './alibaba-auth-config';
