import type { Client } from '@opensearch-project/opensearch';
import type { ContainerModule, ContainerModuleLoadOptions, ServiceIdentifier } from 'inversify';
import { type ClientRegistry, clientRegistryWith } from './client-registry';
import type { OsAuthConfig } from './config';
import type { LoadedConfig } from './load-config/load-config';
import { bindBuiltInProviders, lookupIn } from './provider-registry';

/** The config the module was loaded with, normalised to named clusters. */
export const OSAUTH_CONFIG: ServiceIdentifier<LoadedConfig> = Symbol.for('@osauth/factory/Config');
/** The registry of shared clients (one per cluster); call `closeAll()` on shutdown. */
export const OSAUTH_CLIENTS: ServiceIdentifier<ClientRegistry> = Symbol.for('@osauth/factory/Clients');
/**
 * An OpenSearch client. Inject it named by cluster (`@inject(OPENSEARCH_CLIENT) @named('logs')`),
 * or unnamed for the `default` cluster.
 */
export const OPENSEARCH_CLIENT: ServiceIdentifier<Client> = Symbol.for('@osauth/factory/Client');

/**
 * An inversify container module that makes osauth injectable in an application's own
 * container: the built-in providers under their names (unless the application bound that
 * name first — or binds it again later: the last binding wins), {@link OSAUTH_CONFIG},
 * {@link OSAUTH_CLIENTS} and one {@link OPENSEARCH_CLIENT} per cluster.
 *
 * @example
 * ```ts
 * import { Container } from 'inversify';
 * import { OPENSEARCH_CLIENT, OSAUTH_CLIENTS, loadConfig, osauthModule } from '@osauth/factory';
 *
 * const container = new Container();
 * container.loadSync(osauthModule(loadConfig()));
 * const client = container.get(OPENSEARCH_CLIENT, { name: 'logs' });
 * // On shutdown:
 * await container.get(OSAUTH_CLIENTS).closeAll();
 * ```
 */
export function osauthModule(config: LoadedConfig | OsAuthConfig): ContainerModule {
  const loaded: LoadedConfig = 'clusters' in config ? config : { clusters: { default: config } };
  // A container module is what inversify's loadSync() reads: an id and a load function. Made
  // here, it needs nothing of inversify at run time, so neither osauth nor a bundle that never
  // loads a module carries inversify's code for it.
  const load = (options: ContainerModuleLoadOptions): void => {
    const { bind, isBound } = options;
    bindBuiltInProviders({ bind, isBound });
    bind(OSAUTH_CONFIG).toConstantValue(loaded);
    // Providers are looked up when a client is first created, so bindings made after
    // loading this module (custom providers, replaced built-ins) are honoured.
    bind(OSAUTH_CLIENTS)
      .toDynamicValue((context) => clientRegistryWith(loaded, lookupIn(context)))
      .inSingletonScope();
    for (const name of Object.keys(loaded.clusters)) {
      bind(OPENSEARCH_CLIENT)
        .toDynamicValue((context) => context.get(OSAUTH_CLIENTS).getClient(name))
        .whenNamed(name);
      if (name === 'default') {
        bind(OPENSEARCH_CLIENT)
          .toDynamicValue((context) => context.get(OSAUTH_CLIENTS).getClient(name))
          .whenDefault();
      }
    }
  };
  return { id: nextModuleId(), load } as unknown as ContainerModule;
}

// Ids from the top of the safe-integer range, far from those inversify counts up from 0.
let lastModuleId = Number.MAX_SAFE_INTEGER;
function nextModuleId(): number {
  lastModuleId -= 1;
  return lastModuleId;
}
