import { ConfigError, isSecret, Secret } from '@osauth/core';
import type { Env } from '../loaded-env';
import { isExemptFromProxy } from './no-proxy';

/** How requests to one node go through a forward proxy. */
export interface ProxyRoute {
  /** The proxy, without its credentials. */
  readonly url: URL;
  /** `Basic …` for `Proxy-Authorization`, when the proxy URL carries credentials. */
  readonly authorization?: Secret;
}

/** The `proxy` setting: a proxy URL (its credentials a secret), or `'env'`. */
export type ProxySetting = string | Secret;

/**
 * Picks the route for each node URL from the `proxy` setting: a proxy URL for every node,
 * or `'env'` for `HTTPS_PROXY` / `HTTP_PROXY` (lower case first, then upper case; then
 * `ALL_PROXY`) by the node's scheme, minus the hosts `NO_PROXY` exempts (curl's rules).
 * Credentials in a proxy URL are held as Secrets from here on.
 * @throws {@link ConfigError} for a proxy URL that is not `http:` or `https:`, naming the
 *   setting or the variable it came from and never the URL itself.
 */
export function proxyRoutes(setting: ProxySetting | undefined, env: Env): ((node: URL) => ProxyRoute | undefined) | undefined {
  if (setting === undefined) return undefined;
  const raw = isSecret(setting) ? setting.reveal() : setting;
  if (raw === 'env') {
    const byScheme = { 'http:': fromEnv(env, 'http_proxy'), 'https:': fromEnv(env, 'https_proxy') };
    const noProxy = env.no_proxy ?? env.NO_PROXY;
    return (node) => {
      if (isExemptFromProxy(noProxy, node.hostname, node.port || (node.protocol === 'https:' ? '443' : '80'))) return undefined;
      return node.protocol === 'https:' ? byScheme['https:'] : byScheme['http:'];
    };
  }
  const route = parseRoute(raw, 'proxy');
  return () => route;
}

/** The route named by `<name>` (lower case, then upper case), else by `ALL_PROXY`. */
function fromEnv(env: Env, name: string): ProxyRoute | undefined {
  for (const variable of [name, name.toUpperCase(), 'all_proxy', 'ALL_PROXY']) {
    const value = env[variable];
    if (value !== undefined && value.trim() !== '') return parseRoute(value.trim(), `proxy (from ${variable})`);
  }
  return undefined;
}

function parseRoute(text: string, path: string): ProxyRoute {
  let url: URL;
  try {
    // `proxy.example.com:3128` (no scheme) means http, as curl reads it.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new ConfigError({ path, message: 'expected a proxy URL such as http://proxy.example.com:3128 (or "env").' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError({ path, message: `only http:// and https:// proxies are supported, not ${/^[a-z0-9+.-]+:$/.test(url.protocol) ? url.protocol : 'this scheme'}.` });
  }
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const bareUrl = new URL(url.href);
  bareUrl.username = '';
  bareUrl.password = '';
  if (username === '' && password === '') return { url: bareUrl };
  // The password as typed (percent-encoded) and as sent, and the pair as base64, are all secrets.
  const parts = [new Secret(password), new Secret(url.password), new Secret(url.href)];
  const pair = new Secret(Buffer.from(`${username}:${password}`).toString('base64'));
  return { url: bareUrl, authorization: new Secret(`Basic ${pair.reveal()}`, [...parts, pair]) };
}
