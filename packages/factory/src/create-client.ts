import { Client } from '@opensearch-project/opensearch';
import type { Container } from 'inversify';
import { type AuthProvider, type AuthProviderConstructor, ConfigError, OsAuthError, type OsAuthEventListener } from '@osauth/core';
import { authorizingConnection } from './authorizing-connection';
import { classifyingTransport } from './classifying-transport';
import type { OsAuthConfig } from './config';
import { BUILT_IN_PROVIDERS, createProviderContainer, lookupIn, type ProviderLookup } from './provider-registry';
import { validateConfig } from './validate-config';

const defaultContainer = createProviderContainer();

/** Options of {@link createClient}. */
export interface CreateClientOptions {
  /**
   * The inversify container to resolve the provider class from (bound to `AUTH_PROVIDER`,
   * named by provider name). Default: a container with the built-in providers.
   */
  readonly container?: Container;
}

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
export function createClient(config: OsAuthConfig, options: CreateClientOptions = {}): Client {
  return createClientWith(config, lookupIn(options.container ?? defaultContainer));
}

/** {@link createClient} with the provider classes found by `lookup` (a container or a resolution context). */
export function createClientWith(config: OsAuthConfig, lookup: ProviderLookup): Client {
  const provider = buildProviderFor(config, lookup);
  const client = new Client({
    ...config.client,
    node: typeof config.node === 'string' ? config.node : [...config.node],
    Connection: authorizingConnection(provider),
    Transport: classifyingTransport(provider),
  });
  return closingProviderWithClient(client, provider);
}

/** Validates `config` and constructs its provider (offline). @throws {ConfigError} */
export function buildProviderFor(config: OsAuthConfig, lookup: ProviderLookup): AuthProvider {
  const nodes = validateConfig(config);
  return buildProvider(lookup, config.auth as { provider: string }, nodes, config.onEvent);
}

function buildProvider(
  lookup: ProviderLookup,
  auth: { provider: string },
  nodes: URL[],
  emit: OsAuthEventListener | undefined,
): AuthProvider {
  const Provider: AuthProviderConstructor | undefined = lookup(auth.provider);
  if (!Provider) {
    throw new ConfigError({
      path: 'auth.provider',
      message: `unknown provider ${/^[A-Za-z0-9_-]{1,40}$/.test(auth.provider) ? `"${auth.provider}"` : '(name not shown: it does not look like a provider name)'}; built in: ${Object.keys(BUILT_IN_PROVIDERS).join(', ')}. Bind your own class to AUTH_PROVIDER under this name to use it.`,
    });
  }
  try {
    return new Provider(auth as never, { nodes, configPath: 'auth', ...(emit ? { emit } : {}) });
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
