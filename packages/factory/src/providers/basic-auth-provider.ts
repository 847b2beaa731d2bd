import { type AuthProvider, type Authorization, ConfigError, type FailedResponse, type OsAuthError, isSecret, rejectUnknownKeys, type ProviderContext, revealSecret, Secret } from '@osauth/core';
import { classifySecurityPluginError } from './classify-security-plugin';

/** HTTP basic auth: self-managed OpenSearch, a fine-grained access control master user, Alibaba Cloud Elasticsearch. */
export interface BasicAuthConfig {
  readonly provider: 'basic';
  readonly username: string;
  /** A plain string or a {@link Secret} (what `loadConfig()` makes of `{ fromEnv }`). */
  readonly password: string | Secret;
}

/** Sends `Authorization: Basic …` with every request. */
export class BasicAuthProvider implements AuthProvider {
  readonly name = 'basic';
  // The `Basic …` value; the password and the base64 pair it is made of stay tracked with it.
  readonly #header: Secret;

  constructor(config: BasicAuthConfig, context: ProviderContext) {
    rejectUnknownKeys(config, ['provider', 'username', 'password'], context.configPath, 'basic');
    for (const key of ['username', 'password'] as const) {
      const raw: unknown = config?.[key];
      const value = isSecret(raw) ? raw.reveal() : raw;
      if (typeof value !== 'string' || value === '') {
        throw new ConfigError({ path: `${context.configPath}.${key}`, provider: 'basic', message: value === undefined ? 'required.' : 'must be a non-empty string.' });
      }
    }
    if (config.username.includes(':')) {
      throw new ConfigError({ path: `${context.configPath}.username`, provider: 'basic', message: 'must not contain ":" (HTTP basic auth cannot carry it).' });
    }
    const pair = new Secret(Buffer.from(`${config.username}:${revealSecret(config.password)}`).toString('base64'));
    this.#header = new Secret(`Basic ${pair.reveal()}`, [Secret.from(config.password), pair]);
  }

  authorize(): Authorization {
    return { headers: { authorization: this.#header.reveal() } };
  }

  classifyError(response: FailedResponse): OsAuthError | undefined {
    return classifySecurityPluginError(response, this.name);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
