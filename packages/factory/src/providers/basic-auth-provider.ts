import {
  type AuthProvider,
  type Authorization,
  ConfigError,
  type FailedResponse,
  type OsAuthError,
  type ProviderContext,
  registerSecret,
} from '@osauth/core';
import { classifySecurityPluginError } from './classify-security-plugin';

/** HTTP basic auth: self-managed OpenSearch, a fine-grained access control master user, Alibaba Cloud Elasticsearch. */
export interface BasicAuthConfig {
  readonly provider: 'basic';
  readonly username: string;
  readonly password: string;
}

/** Sends `Authorization: Basic …` with every request. */
export class BasicAuthProvider implements AuthProvider {
  readonly name = 'basic';
  private readonly header: string;

  constructor(config: BasicAuthConfig, context: ProviderContext) {
    for (const key of ['username', 'password'] as const) {
      const value: unknown = config?.[key];
      if (typeof value !== 'string' || value === '') {
        throw new ConfigError({ path: `${context.configPath}.${key}`, provider: 'basic', message: value === undefined ? 'required.' : 'must be a non-empty string.' });
      }
    }
    if (config.username.includes(':')) {
      throw new ConfigError({ path: `${context.configPath}.username`, provider: 'basic', message: 'must not contain ":" (HTTP basic auth cannot carry it).' });
    }
    registerSecret(config.password);
    this.header = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`;
    registerSecret(this.header.slice('Basic '.length));
  }

  authorizeSync(): Authorization {
    return { headers: { authorization: this.header } };
  }

  authorize(): Promise<Authorization> {
    return Promise.resolve(this.authorizeSync());
  }

  classifyError(response: FailedResponse): OsAuthError | undefined {
    return classifySecurityPluginError(response, this.name);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
