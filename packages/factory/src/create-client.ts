import { Client } from '@opensearch-project/opensearch';
import { type AuthProvider, type AuthProviderConstructor, ConfigError, OsAuthError, type OsAuthEventListener } from '@osauth/core';
import { authorizingConnection } from './authorizing-connection';
import { classifyingTransport } from './classifying-transport';
import type { OsAuthConfig } from './config';
import { AUTH_PROVIDER, BUILT_IN_PROVIDERS, createProviderContainer } from './provider-registry';
import { validateConfig } from './validate-config';

const defaultContainer = createProviderContainer();

/**
 * Builds an `@opensearch-project/opensearch` client whose every request (retries
 * included) is authorized by the provider named in `config.auth.provider`, and whose
 * auth failures are thrown as typed {@link OsAuthError}s with remediation.
 *
 * Synchronous and offline: credentials are fetched on the first request.
 * `client.close()` also releases the provider.
 *
 * @throws {ConfigError} when the config is invalid, naming the path to fix.
 */
export function createClient(config: OsAuthConfig): Client {
  const nodes = validateConfig(config);
  const provider = buildProvider(config.auth as { provider: string }, nodes, config.onEvent);
  const client = new Client({
    ...config.client,
    node: typeof config.node === 'string' ? config.node : [...config.node],
    Connection: authorizingConnection(provider),
    Transport: classifyingTransport(provider),
  });
  return closingProviderWithClient(client, provider);
}

function buildProvider(auth: { provider: string }, nodes: URL[], emit: OsAuthEventListener | undefined): AuthProvider {
  if (!defaultContainer.isBound(AUTH_PROVIDER, { name: auth.provider })) {
    throw new ConfigError({
      path: 'auth.provider',
      message: `unknown provider "${auth.provider}"; available: ${Object.keys(BUILT_IN_PROVIDERS).join(', ')}.`,
    });
  }
  const Provider: AuthProviderConstructor = defaultContainer.get(AUTH_PROVIDER, { name: auth.provider });
  try {
    return new Provider(auth, { nodes, configPath: 'auth', ...(emit ? { emit } : {}) });
  } catch (error) {
    if (error instanceof OsAuthError) throw error;
    throw new ConfigError({
      path: 'auth',
      provider: auth.provider,
      message: `the ${auth.provider} provider rejected its config: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}

function closingProviderWithClient(client: Client, provider: AuthProvider): Client {
  // Call the original in its callback form: its promise form calls `this.close`,
  // which is this override.
  const originalClose = client.close as unknown as (callback: () => void) => void;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= Promise.all([
      new Promise<void>((resolve) => originalClose.call(client, () => resolve())),
      provider.close(),
    ]).then(() => undefined));
  client.close = ((callback?: (err?: unknown) => void) => {
    if (typeof callback !== 'function') return close();
    close().then(() => callback(), callback);
    return undefined;
  }) as Client['close'];
  return client;
}
