import { EventEmitter } from 'node:events';
import { Client } from '@opensearch-project/opensearch';
import type { Container } from 'inversify';
import { type AuthProvider, ConfigError, isSecret, OsAuthError, redactText } from '@osauth/core';
import { authorizingConnection } from './authorizing-connection';
import { classifyingTransport } from './classifying-transport';
import type { OsAuthConfig } from './config';
import { scrubOpenSearchDebugOutput } from './debug-output';
import { Exchanges } from './exchanges';
import { type Env, loadedEnvOf } from './loaded-env';
import { OutputScrubber } from './output-scrubber';
import { type ProxyRoute, proxyRoutes } from './proxy/proxy-route';
import type { LoadedConfig } from './load-config/load-config';
import { availableProviderNames, builtInLookup, lookupIn, type ProviderLookup } from './provider-registry';
import { type ProviderEvents, providerEventsOf } from './signing-debug';
import { type TrustedHosts, trustedHostsOf } from './trusted-hosts';
import { unknownProviderMessage } from './unknown-provider';
import { checkClientHeaders, validateConfig } from './validate-config';

const SNIFF_OPTIONS = ['sniffOnStart', 'sniffInterval', 'sniffOnConnectionFault'] as const;

/** Options of {@link createClient}. */
export interface CreateClientOptions {
  /**
   * The inversify container to resolve the provider class from (bound to `AUTH_PROVIDER`,
   * named by provider name); names it does not bind fall back to the built-in providers.
   * Default: the built-in providers, without a container (inversify is not loaded).
   */
  readonly container?: Container;
  /**
   * Receives the provider built for this client, once, before `createClient` returns: for
   * tools that ask the provider itself what it signs for and which credentials it holds
   * (`osauth doctor`). The client closes it; do not close it yourself.
   */
  readonly onProvider?: (provider: AuthProvider) => void;
}

/**
 * Builds an `@opensearch-project/opensearch` client whose every request (retries
 * included) is authorized by the provider named in `config.auth.provider`, and whose
 * auth failures are thrown as typed {@link OsAuthError}s with remediation.
 *
 * Synchronous and offline: credentials are fetched on the first request.
 * `client.close()` also releases the provider. Takes one cluster's config, or what
 * `loadConfig()` returns when it holds exactly one cluster.
 *
 * The provider comes from its package (`provider: 'aws'` → `@osauth/aws`), loaded on first
 * use; an app that is bundled imports that package once (`import '@osauth/aws'`).
 *
 * @example
 * ```ts
 * import { createClient } from '@osauth/factory';
 * import '@osauth/aws';
 *
 * const client = createClient({ node: 'https://abc123.us-east-1.aoss.amazonaws.com', auth: { provider: 'aws' } });
 * ```
 * @throws {@link ConfigError} when the config is invalid, naming the path to fix.
 */
export function createClient(config: OsAuthConfig | LoadedConfig, options: CreateClientOptions = {}): Client {
  return createClientWith(singleCluster(config), options.container ? lookupIn(options.container) : builtInLookup, options.onProvider);
}

/** {@link createClient} with the provider classes found by `lookup` (a container or a resolution context). */
export function createClientWith(config: OsAuthConfig, lookup: ProviderLookup, onProvider?: (provider: AuthProvider) => void): Client {
  const { provider, trustedHosts, proxyFor } = buildProviderFor(config, lookup);
  onProvider?.(provider);
  scrubOpenSearchDebugOutput();
  const exchanges = new Exchanges();
  const scrubber = new OutputScrubber(exchanges);
  const client = new Client({
    ...config.client,
    node: typeof config.node === 'string' ? config.node : [...config.node],
    Connection: authorizingConnection(provider, { trustedHosts, exchanges, ...(proxyFor ? { proxyFor } : {}) }),
    Transport: classifyingTransport(provider, scrubber),
  });
  const emitter = eventEmitterOf(client);
  if (emitter) scrubber.listenTo(emitter);
  return closingProviderWithClient(client, provider);
}

/**
 * Validates `config` and constructs its provider (offline), reading environment fallbacks
 * from `env` (default: the environment `loadConfig` was given, else `process.env`).
 * @throws {@link ConfigError} listing every problem found, the factory's and the provider's.
 */
export function buildProviderFor(config: OsAuthConfig, lookup: ProviderLookup, env?: Env): BuiltProvider {
  const errors: ConfigError[] = [];
  const built = assemble(config, lookup, env ?? loadedEnvOf(config) ?? process.env, errors);
  if (built !== undefined && errors.length === 0) return built;
  if (built !== undefined) void built.provider.close();
  const [first] = errors;
  if (errors.length === 1 && first) throw first;
  const problems = errors.flatMap((error) => error.problems);
  throw new ConfigError({ path: problems[0]?.path ?? 'config', problems, ...(built ? { provider: built.provider.name } : {}) });
}

/**
 * Every check of one cluster's config, each problem pushed to `problems` (so one run lists
 * them all): the node URLs, then the provider's own (built even when a node is wrong, from
 * the URLs that parse, so its keys are checked too), client headers and sniffing options.
 */
function assemble(config: OsAuthConfig, lookup: ProviderLookup, env: Env, errors: ConfigError[]): BuiltProvider | undefined {
  let nodes: URL[];
  try {
    nodes = validateConfig(config);
  } catch (error) {
    if (!(error instanceof ConfigError) || !isObject(config) || !isObject(config.auth) || typeof config.auth.provider !== 'string') throw error;
    errors.push(error);
    nodes = parseableNodes(config.node);
  }
  const { allowedHosts, ...auth } = config.auth as { provider: string; allowedHosts?: unknown };
  const trustedHosts = collect(errors, () => trustedHostsOf(nodes, allowedHosts));
  const proxyFor = collect(errors, () => proxyOf(config, env));
  const provider = collect(errors, () => buildProvider(lookup, auth, nodes, providerEventsOf(config, env), env));
  if (provider === undefined) return undefined;
  collect(errors, () => checkClientHeaders(config));
  const reason = provider.noSniffingReason;
  const sniffing = reason === undefined ? undefined : SNIFF_OPTIONS.find((key) => isOn(config.client?.[key]));
  if (sniffing !== undefined) {
    errors.push(
      new ConfigError({ path: `client.${sniffing}`, provider: provider.name, message: `the ${provider.name} provider does not support sniffing: ${reason ?? ''} Remove client.${sniffing}.` }),
    );
  }
  if (trustedHosts === undefined) return (void provider.close(), undefined);
  return proxyFor === undefined ? { provider, trustedHosts } : { provider, trustedHosts, proxyFor };
}

/** What a cluster's config builds: its provider, the hosts it may send credentials to, its proxy. */
export interface BuiltProvider {
  readonly provider: AuthProvider;
  readonly trustedHosts: TrustedHosts;
  readonly proxyFor?: (node: URL) => ProxyRoute | undefined;
}

/**
 * The top-level `proxy` setting, checked against the client options it would fight with.
 * @throws {@link ConfigError} for a bad proxy URL, or `proxy` together with `client.proxy` or a `client.agent` that is not an options object.
 */
function proxyOf(config: OsAuthConfig, env: Env): ((node: URL) => ProxyRoute | undefined) | undefined {
  const setting = (config as { proxy?: unknown }).proxy;
  if (setting === undefined) return undefined;
  if (typeof setting !== 'string' && !isSecret(setting)) throw new ConfigError({ path: 'proxy', message: 'expected a proxy URL (http:// or https://) or "env".' });
  const client = (config.client ?? {}) as { proxy?: unknown; agent?: unknown };
  if (client.proxy !== undefined) throw new ConfigError({ path: 'client.proxy', message: 'set the proxy once, as the top-level proxy (osauth then signs through it); remove client.proxy.' });
  if (client.agent !== undefined && (typeof client.agent !== 'object' || client.agent === null)) {
    throw new ConfigError({ path: 'client.agent', message: 'with a proxy, client.agent may only be agent options (an object): osauth builds the agent that goes through the proxy.' });
  }
  return proxyRoutes(setting, env);
}

/** `check()`'s result, or `undefined` with its ConfigError kept. */
function collect<T>(errors: ConfigError[], check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    errors.push(error);
    return undefined;
  }
}

/** The node URLs that parse, whatever else is wrong with them: enough for inference. */
function parseableNodes(node: unknown): URL[] {
  const list = typeof node === 'string' ? [node] : Array.isArray(node) ? node : [];
  return list.flatMap((value: unknown) => {
    if (typeof value !== 'string') return [];
    try {
      return [new URL(value)];
    } catch {
      return [];
    }
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a sniffing option is switched on (`sniffInterval` is a number of ms, or a time string). */
function isOn(value: unknown): boolean {
  return value !== undefined && value !== false && value !== null && value !== 0;
}

function buildProvider(lookup: ProviderLookup, auth: { provider: string }, nodes: URL[], events: ProviderEvents, env: Env): AuthProvider {
  const Provider = lookup(auth.provider)?.provider;
  if (!Provider) {
    throw new ConfigError({ path: 'auth.provider', message: unknownProviderMessage(auth.provider, availableProviderNames()) });
  }
  try {
    return new Provider(auth as never, { nodes, configPath: 'auth', env, ...events });
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

/** The one cluster of a loaded config, or the config itself. */
function singleCluster(config: OsAuthConfig | LoadedConfig): OsAuthConfig {
  if (typeof config !== 'object' || config === null || !('clusters' in config)) return config;
  const names = Object.keys(config.clusters ?? {});
  const only = names.length === 1 ? config.clusters[names[0] as string] : undefined;
  if (only !== undefined) return only;
  throw new ConfigError({
    path: 'clusters',
    message:
      names.length === 0
        ? 'the loaded config holds no cluster.'
        : `createClient takes one cluster, and the loaded config holds ${names.length} (${names.filter((n) => /^[A-Za-z0-9_-]{1,64}$/.test(n)).join(', ')}): use createClientRegistry(config).getClient(name), or pass config.clusters.<name>.`,
  });
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
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with `.call(client, …)`
  const originalClose = client.close as unknown as (callback: () => void) => void;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= Promise.all([new Promise<void>((resolve) => originalClose.call(client, () => resolve())), provider.close()]).then(() => undefined));
  client.close = ((callback?: (err?: unknown) => void) => {
    if (typeof callback !== 'function') return close();
    close().then(() => callback(), callback);
    return undefined;
  }) as Client['close'];
  return client;
}
