import { ConfigError } from './errors/classes';

/**
 * A DNS name or an IP literal, optionally `:port` (captured): `vpc-logs-abc.us-east-1.es.amazonaws.com`,
 * `10.0.0.5:9200`, `[::1]:9200`. No scheme, no path.
 * @internal Shared with the factory's `auth.allowedHosts`.
 */
export const HOST_WITH_OPTIONAL_PORT = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?$/i;

/**
 * Checks an `auth.signingHost` value — a host name or IP literal, optionally with `:port`,
 * no scheme or path — and returns it in lower case, for providers that sign the `Host`.
 * @throws {@link ConfigError} naming `path`; the value is echoed only when it is host-shaped.
 * @example
 * ```ts
 * import { checkSigningHost } from '@osauth/core';
 *
 * declare const config: { readonly signingHost?: unknown };
 * const host = checkSigningHost(config.signingHost, 'auth.signingHost', 'aws');
 * // 'vpc-logs-abc.us-east-1.es.amazonaws.com'
 * ```
 */
export function checkSigningHost(value: unknown, path: string, provider: string): string {
  if (typeof value !== 'string' || !HOST_WITH_OPTIONAL_PORT.test(value)) {
    const shape = typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? ' (a URL was given: keep only its host)' : '';
    throw new ConfigError({ path, provider, message: `expected the host requests are signed for, e.g. "vpc-logs-abc.us-east-1.es.amazonaws.com" or "search.example.com:443"${shape}.` });
  }
  const port = HOST_WITH_OPTIONAL_PORT.exec(value)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw new ConfigError({ path, provider, message: 'the port must be between 1 and 65535.' });
  return value.toLowerCase();
}

/** A checked host, split for sending: what connects and what goes in `Host`. */
export interface SplitHost {
  /** The name or IP literal, without IPv6 brackets. */
  readonly hostname: string;
  /** The port when the host names one. */
  readonly port?: number;
  /** As sent in `Host` (and signed). */
  readonly header: string;
}

/**
 * Splits a host {@link checkSigningHost} accepted (`name`, `name:port`, `[v6]`, `[v6]:port`).
 * @internal Shared by the factory's connection and the CLI proxy.
 * @example
 * ```ts
 * import { splitSigningHost } from '@osauth/core';
 *
 * splitSigningHost('[::1]:9200'); // { hostname: '::1', port: 9200, header: '[::1]:9200' }
 * ```
 */
export function splitSigningHost(host: string): SplitHost {
  const port = HOST_WITH_OPTIONAL_PORT.exec(host)?.[1];
  const name = port === undefined ? host : host.slice(0, -(port.length + 1));
  const hostname = name.startsWith('[') ? name.slice(1, -1) : name;
  return port === undefined ? { hostname, header: host } : { hostname, port: Number(port), header: host };
}
