import { ConfigError, HOST_WITH_OPTIONAL_PORT } from '@osauth/core';

/** The hosts one client may send credentials to. */
export interface TrustedHosts {
  /** Whether a request for `hostname` (and `port`, `''` for the protocol's default) may be authorized. */
  allows(protocol: string, hostname: string, port: string | undefined): boolean;
}

/**
 * The configured node URLs (host and port exactly) plus `auth.allowedHosts` entries: a host
 * name alone admits that host on any port, `host:port` only that port.
 * @throws {@link ConfigError} for an `allowedHosts` that is not a list of host names.
 */
export function trustedHostsOf(nodes: readonly URL[], allowedHosts: unknown, path = 'auth.allowedHosts'): TrustedHosts {
  const exact = new Set(nodes.map((node) => `${bare(node.hostname)}:${node.port || defaultPort(node.protocol)}`));
  const anyPort = new Set<string>();
  if (allowedHosts !== undefined) {
    if (!Array.isArray(allowedHosts)) throw new ConfigError({ path, message: 'expected a list of host names, e.g. ["search.example.com", "10.0.0.5:9200"].' });
    allowedHosts.forEach((entry: unknown, index) => {
      if (typeof entry !== 'string' || !HOST_WITH_OPTIONAL_PORT.test(entry)) {
        throw new ConfigError({ path: `${path}[${index}]`, message: 'expected a host name or IP, optionally with ":port" (no scheme, no path).' });
      }
      const port = HOST_WITH_OPTIONAL_PORT.exec(entry)?.[1];
      const host = bare(port === undefined ? entry : entry.slice(0, -(port.length + 1)));
      if (port !== undefined) exact.add(`${host}:${port}`);
      else anyPort.add(host);
    });
  }
  return {
    allows(protocol, hostname, port) {
      const host = bare(hostname);
      return exact.has(`${host}:${port || defaultPort(protocol)}`) || anyPort.has(host);
    },
  };
}

/** Lower case, IPv6 brackets removed (opensearch-js builds requests with the bare address). */
function bare(hostname: string): string {
  const lower = hostname.toLowerCase();
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}
