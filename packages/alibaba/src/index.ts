/**
 * `@osauth/alibaba`: Alibaba Cloud auth for osauth — bearer API keys, HTTP basic for
 * Alibaba Cloud Elasticsearch, and STS tokens (static or AssumeRole) signed the Alibaba
 * OpenSearch v3 way. Usually used through `@osauth/factory`.
 * @packageDocumentation
 */
export { AlibabaProvider } from './alibaba-provider';
export type {
  AlibabaAuthConfig,
  AlibabaBearerConfig,
  AlibabaBasicConfig,
  AlibabaStaticStsConfig,
  AlibabaAssumeRoleConfig,
  AlibabaStsCredentials,
} from './alibaba-auth-config';
