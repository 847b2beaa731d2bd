import { EventEmitter } from 'node:events';
import { Client } from '@opensearch-project/opensearch';
import type { Container } from 'inversify';
import { type AuthProvider, type AuthProviderConstructor, ConfigError, OsAuthError, type OsAuthEventListener, redactText } from '@osauth/core';
import { authorizingConnection } from './authorizing-connection';
import { classifyingTransport } from './classifying-transport';
import type { OsAuthConfig } from './config';
import { scrubOpenSearchDebugOutput } from './debug-output';
import { Exchanges } from './exchanges';
import { type Env, loadedEnvOf } from './loaded-env';
import { OutputScrubber } from './output-scrubber';
import { BUILT_IN_PROVIDERS, createProviderContainer, lookupIn, type ProviderLookup } from './provider-registry';
import { type TrustedHosts, trustedHostsOf } from './trusted-hosts';
import { validateConfig } from './validate-config';

const SNIFF_OPTIONS = ['sniffOnStart', 'sniffInterval', 'sniffOnConnectionFault'] as const;

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
  const { provider, trustedHosts } = buildProviderFor(config, lookup);
  scrubOpenSearchDebugOutput();
  const exchanges = new Exchanges();
  const scrubber = new OutputScrubber(exchanges);
  const client = new Client({
    ...config.client,
    node: typeof config.node === 'string' ? config.node : [...config.node],
    Connection: authorizingConnection(provider, { trustedHosts, exchanges }),
    Transport: classifyingTransport(provider, scrubber),
  });
  const emitter = eventEmitterOf(client);
  if (emitter) scrubber.listenTo(emitter);
  return closingProviderWithClient(client, provider);
}

/**
 * Validates `config` and constructs its provider (offline), reading environment fallbacks
 * from `env` (default: the environment `loadConfig` was given, else `process.env`).
 * @throws {ConfigError}
 */
export function buildProviderFor(config: OsAuthConfig, lookup: ProviderLookup, env?: Env): { provider: AuthProvider; trustedHosts: TrustedHosts } {
  const nodes = validateConfig(config);
  const { allowedHosts, ...auth } = config.auth as { provider: string; allowedHosts?: unknown };
  const trustedHosts = trustedHostsOf(nodes, allowedHosts);
  const provider = buildProvider(lookup, auth, nodes, config.onEvent, env ?? loadedEnvOf(config) ?? process.env);
  const reason = provider.noSniffingReason;
  const sniffing = reason === undefined ? undefined : SNIFF_OPTIONS.find((key) => isOn(config.client?.[key]));
  if (sniffing !== undefined) {
    void provider.close();
    throw new ConfigError({
      path: `client.${sniffing}`,
      provider: provider.name,
      message: `the ${provider.name} provider does not support sniffing: ${reason ?? ''} Remove client.${sniffing}.`,
    });
  }
  return { provider, trustedHosts };
}

/** Whether a sniffing option is switched on (`sniffInterval` is a number of ms, or a time string). */
function isOn(value: unknown): boolean {
  return value !== undefined && value !== false && value !== null && value !== 0;
}

function buildProvider(
  lookup: ProviderLookup,
  auth: { provider: string },
  nodes: URL[],
  emit: OsAuthEventListener | undefined,
  env: Env,
): AuthProvider {
  const Provider: AuthProviderConstructor | undefined = lookup(auth.provider);
  if (!Provider) {
    throw new ConfigError({
      path: 'auth.provider',
      message: `unknown provider ${/^[a-z][a-z0-9-]{0,15}$/.test(auth.provider) ? `"${auth.provider}"` : '(name not shown: it does not look like a provider name)'}; built in: ${Object.keys(BUILT_IN_PROVIDERS).join(', ')}. Bind your own class to AUTH_PROVIDER under this name to use it.`,
    });
  }
  try {
    return new Provider(auth as never, { nodes, configPath: 'auth', env, ...(emit ? { emit } : {}) });
  } catch (error) {
    if (error instanceof OsAuthError) throw error;
    throw new ConfigError({
      path: 'auth',
      provider: auth.provider,
      // The provider's own text may quote a value: credential-shaped parts are removed.
      message: `the ${auth.provider} provider rejected its config: ${redactText(error instanceof Error ? error.message : String(error))}`,
      cause: error,
    });
  }
}

/** The emitter behind `client.on()`: opensearch-js keeps it under a private symbol. */
function eventEmitterOf(client: Client): EventEmitter | undefined {
  const holder = client as unknown as Record<symbol, unknown>;
  for (const key of Object.getOwnPropertySymbols(client)) {
    const value = holder[key];
    if (value instanceof EventEmitter) return value;
  }
  return undefined;
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
