import type { Clock } from './clock';
import type { DebugOptions } from './debug-options';
import type { OsAuthEventListener } from './events';
import type { AuthProvider } from './provider';

/** What a provider learns about the client it serves, besides its own config. */
export interface ProviderContext {
  /** The cluster nodes the client talks to (the first is used for inference, e.g. of a region from the host). */
  readonly nodes: readonly URL[];
  /** Where the provider's config sits in the user's config, for `ConfigError.path` (e.g. `auth`). */
  readonly configPath: string;
  /** The clock to sign and cache with; the system clock when absent. */
  readonly clock?: Clock;
  /** Where to report what the provider does (refreshes, clock corrections); secrets never. */
  readonly emit?: OsAuthEventListener;
  /**
   * The environment to read fallbacks from (a region, an API key variable, a role ARN):
   * what `loadConfig({ env })` was given. `process.env` when absent.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * What to trace. With `signing: true` a signing provider emits a `request-signed` event
   * (built with `requestSignedEvent`) for every request it signs; while it is off, it must
   * not spend anything on tracing.
   */
  readonly debug?: DebugOptions;
}

/**
 * How the factory builds a provider: `new Provider(authConfig, context)`.
 * The constructor validates `authConfig` and throws `ConfigError` (with a path under
 * `context.configPath`) for anything wrong; it must not touch the network.
 *
 * Without a type argument it matches any provider class, whatever its config type
 * (the factory hands each provider the `auth` object validated for its name).
 */
export interface AuthProviderConstructor<TConfig = never> {
  /** Validates `config` and builds the provider; throws `ConfigError` for a bad config. */
  new (config: TConfig, context: ProviderContext): AuthProvider;
}
