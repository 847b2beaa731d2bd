import type { Client } from '@opensearch-project/opensearch';
import { ConfigError, OsAuthError } from '@osauth/core';
import type { Container } from 'inversify';
import type { OsAuthConfig } from './config';
import { createClientWith } from './create-client';
import type { LoadedConfig } from './load-config/load-config';
import { builtInLookup, lookupIn, type ProviderLookup } from './provider-registry';

/** One shared client per named cluster, created on first use. */
export interface ClientRegistry {
  /** The configured cluster names. */
  readonly names: readonly string[];
  /**
   * The client of cluster `name` (default `"default"`): the same instance on every call
   * until {@link ClientRegistry.closeAll}.
   * @throws {@link ConfigError} when no cluster has that name, or its config is invalid.
   */
  getClient(name?: string): Client;
  /** Closes every client created so far and its provider (timers, sockets). Idempotent. */
  closeAll(): Promise<void>;
}

/** Options of {@link createClientRegistry}. */
export interface ClientRegistryOptions {
  /** Where provider classes are bound. Default: the built-in providers, without a container. */
  readonly container?: Container;
}

/**
 * A registry over a loaded config (`loadConfig()`), a `{ clusters }` object or a single
 * cluster config (named `"default"`).
 *
 * @example
 * ```ts
 * import '@osauth/aws';
 * import { createClientRegistry, loadConfig } from '@osauth/factory';
 *
 * // OSAUTH_CONFIG names a file with `clusters: { logs: …, search: … }`.
 * const clients = createClientRegistry(loadConfig());
 * await clients.getClient('logs').index({ index: 'events', body: { message: 'hello' } });
 * // On shutdown: closes every client and its provider.
 * await clients.closeAll();
 * ```
 */
export function createClientRegistry(config: LoadedConfig | OsAuthConfig, options: ClientRegistryOptions = {}): ClientRegistry {
  return clientRegistryWith(config, options.container ? lookupIn(options.container) : builtInLookup);
}

/** {@link createClientRegistry} over any provider lookup (a container or a resolution context). */
export function clientRegistryWith(config: LoadedConfig | OsAuthConfig, lookup: ProviderLookup): ClientRegistry {
  const clusters: Readonly<Record<string, OsAuthConfig>> = 'clusters' in config ? config.clusters : { default: config };
  const names = Object.keys(clusters);
  const clients = new Map<string, Client>();

  return {
    names,
    getClient(name = 'default') {
      const existing = clients.get(name);
      if (existing) return existing;
      const cluster = Object.hasOwn(clusters, name) ? clusters[name] : undefined;
      if (!cluster) {
        throw new ConfigError({ path: `clusters.${name}`, message: `no cluster with this name; configured: ${names.join(', ') || '(none)'}.` });
      }
      let client: Client;
      try {
        client = createClientWith(cluster, lookup);
      } catch (error) {
        if (error instanceof ConfigError && names.length > 1) {
          throw new ConfigError({
            path: `clusters.${name}.${error.path}`,
            problems: error.problems.map((p) => ({ path: `clusters.${name}.${p.path}`, message: p.message })),
            provider: error.provider,
          });
        }
        if (error instanceof OsAuthError) throw error;
        throw error;
      }
      clients.set(name, client);
      return client;
    },
    async closeAll() {
      const open = [...clients.values()];
      clients.clear();
      await Promise.all(open.map((client) => client.close()));
    },
  };
}
