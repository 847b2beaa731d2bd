import type { ClientOptions } from '@opensearch-project/opensearch';
import type { DebugOptions, OsAuthEventListener, ProviderConfigRegistry, Secret } from '@osauth/core';
import type { BasicAuthConfig } from './providers/basic-auth-provider';
import type { NoAuthConfig } from './providers/no-auth-provider';

/**
 * Maps each provider name to the shape of its `auth` config: `basic` and `none`, and each
 * provider package in the program (importing `@osauth/aws` adds `aws`, through
 * `ProviderConfigRegistry` in `@osauth/core`). Your own provider adds its entry by module
 * augmentation:
 *
 * ```ts
 * declare module '@osauth/factory' {
 *   interface AuthConfigRegistry { vault: { provider: 'vault'; path: string } }
 * }
 * ```
 */
export interface AuthConfigRegistry extends ProviderConfigRegistry {
  /** `auth: { provider: 'basic', username, password }`. */
  basic: BasicAuthConfig;
  /** `auth: { provider: 'none' }`. */
  none: NoAuthConfig;
}

/** What every `auth` section may carry, whatever its provider. */
export interface CommonAuthConfig {
  /**
   * Hosts besides the configured `node` URLs that may receive credentials: a host name
   * (any port) or `host:port`. A request for any other host is refused with
   * `UntrustedHostError` before it is authorized.
   */
  readonly allowedHosts?: readonly string[];
}

/**
 * The `auth` section of the config: a union discriminated on `provider`.
 *
 * @example
 * ```ts
 * import '@osauth/aws';
 * import type { AuthConfig } from '@osauth/factory';
 *
 * const aws: AuthConfig = { provider: 'aws', region: 'eu-west-1', credentials: { profile: 'search' } };
 * const basic: AuthConfig = { provider: 'basic', username: 'admin', password: process.env.OPENSEARCH_PASSWORD ?? '', allowedHosts: ['replica.example.com'] };
 * ```
 */
export type AuthConfig = { [K in keyof AuthConfigRegistry]: AuthConfigRegistry[K] & CommonAuthConfig }[keyof AuthConfigRegistry];

/** Client options osauth sets itself; passing them in `client` is a `ConfigError`. */
export type ReservedClientOption = 'auth' | 'Connection' | 'Transport' | 'node' | 'nodes' | 'cloud';

/** opensearch-js options passed through unchanged (compression, requestTimeout, maxRetries, ssl, headers, …). */
export type PassThroughClientOptions = Omit<ClientOptions, ReservedClientOption> & {
  [K in ReservedClientOption]?: never;
};

/**
 * Everything `createClient` needs: one cluster's config.
 *
 * @example
 * ```ts
 * import '@osauth/aws';
 * import { createClient, type OsAuthConfig } from '@osauth/factory';
 *
 * const config: OsAuthConfig = {
 *   node: 'https://search-logs-abc123.eu-west-1.es.amazonaws.com',
 *   auth: { provider: 'aws' }, // service and region inferred from the host
 *   client: { requestTimeout: 10_000, maxRetries: 2 },
 *   onEvent: (event) => console.log('osauth', event.type),
 * };
 * const client = createClient(config);
 * ```
 */
export interface OsAuthConfig {
  /** The cluster endpoint(s), e.g. `https://abc123.us-east-1.aoss.amazonaws.com`. */
  readonly node: string | readonly string[];
  /** How requests are authorized. */
  readonly auth: AuthConfig;
  /** Options for the opensearch-js client itself. */
  readonly client?: PassThroughClientOptions;
  /**
   * Receives what osauth does on its own (credential fetches, a retry after a refresh, a
   * clock-skew correction), for logs and metrics. Events never carry secrets.
   */
  readonly onEvent?: OsAuthEventListener;
  /**
   * Diagnostics to switch on, all off by default: `{ signing: true }` makes each signed
   * request emit a `request-signed` event. `loadConfig` reads `OSAUTH_DEBUG=signing` into it.
   */
  readonly debug?: DebugOptions;
  /**
   * A forward proxy between this process and the cluster: its URL
   * (`http://proxy.example.com:3128`, credentials in it are treated as secrets), or `'env'`
   * to use `HTTPS_PROXY` / `HTTP_PROXY` (either case) with curl's `NO_PROXY` rules. Requests
   * through it are signed exactly as direct ones; `Proxy-Authorization` is never signed.
   * `loadConfig` reads `OSAUTH_PROXY` into it.
   */
  readonly proxy?: string | Secret;
}
