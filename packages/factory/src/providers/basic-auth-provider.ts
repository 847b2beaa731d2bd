import { type AuthProvider, type Authorization, ConfigProblems, type FailedResponse, type OsAuthError, isSecret, rejectUnknownKeys, type ProviderContext, revealSecret, Secret } from '@osauth/core';
import { rejectSigningHost } from './no-signing-host';
import { classifySecurityPluginError } from './classify-security-plugin';

/** HTTP basic auth: self-managed OpenSearch, a fine-grained access control master user, Alibaba Cloud Elasticsearch. */
export interface BasicAuthConfig {
  /** Always `basic`. */
  readonly provider: 'basic';
  /** The user name. */
  readonly username: string;
  /** A plain string or a {@link Secret} (what `loadConfig()` makes of `{ fromEnv }`). */
  readonly password: string | Secret;
}

/** Sends `Authorization: Basic …` with every request. */
export class BasicAuthProvider implements AuthProvider {
  readonly name = 'basic';
  /** Every token and key it sends is held as a Secret (see `AuthProvider.holdsSentSecrets`). */
  readonly holdsSentSecrets = true;
  // The `Basic …` value; the password and the base64 pair it is made of stay tracked with it.
  readonly #header: Secret;

  constructor(config: BasicAuthConfig, context: ProviderContext) {
    // Every check runs, so that one ConfigError lists every problem of the section.
    const problems = new ConfigProblems('basic');
    problems.check(() => rejectSigningHost(config, context.configPath, 'basic'));
    problems.check(() => rejectUnknownKeys(config, ['provider', 'username', 'password', 'signingHost'], context.configPath, 'basic'));
    for (const key of ['username', 'password'] as const) {
      const raw: unknown = config?.[key];
      const value = isSecret(raw) ? raw.reveal() : raw;
      if (typeof value !== 'string' || value === '') problems.add(`${context.configPath}.${key}`, value === undefined ? 'required.' : 'must be a non-empty string.');
    }
    if (typeof config.username === 'string' && config.username.includes(':')) problems.add(`${context.configPath}.username`, 'must not contain ":" (HTTP basic auth cannot carry it).');
    problems.throwIfAny();
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
