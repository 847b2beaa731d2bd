import { ConfigError, ConfigProblems, describeUnknownKeys, SECRET_HEADERS } from '@osauth/core';
import type { OsAuthConfig, ReservedClientOption } from './config';

// Secret headers an application may still set itself (a cookie, a proxy's credentials).
const CLIENT_SETTABLE = new Set(['cookie', 'set-cookie', 'proxy-authorization']);

const RESERVED_CLIENT_OPTIONS: readonly ReservedClientOption[] = ['auth', 'Connection', 'Transport', 'node', 'nodes', 'cloud'];

// The keys of `debug`: each switches a diagnostic on.
const DEBUG_KEYS: readonly string[] = ['signing'];

/**
 * Checks the provider-independent part of the config at run time (the provider checks
 * its own `auth` keys) and returns the node URLs.
 * @throws {@link ConfigError} listing every problem found, its `path` the first one's.
 */
export function validateConfig(config: unknown): URL[] {
  if (!isObject(config)) throw new ConfigError({ path: 'config', message: 'expected an object with `node` and `auth`.' });
  // Every check runs, so that one ConfigError lists every problem found.
  const problems = new ConfigProblems('osauth');
  const { node, auth, client, onEvent, debug } = config as Partial<OsAuthConfig> & Record<string, unknown>;
  if (onEvent !== undefined && typeof onEvent !== 'function') problems.add('onEvent', 'expected a function receiving osauth events.');

  const nodes = parseNodes(node, problems);

  if (!isObject(auth)) problems.add('auth', 'expected an object with a `provider` name, e.g. { provider: "aws" }.');
  else if (typeof auth.provider !== 'string' || auth.provider.trim() === '') problems.add('auth.provider', 'expected the name of an auth provider, e.g. "aws".');

  if (client !== undefined) {
    if (!isObject(client)) problems.add('client', 'expected an object of opensearch-js client options.');
    else {
      for (const key of RESERVED_CLIENT_OPTIONS) {
        if (key in client) problems.add(`client.${key}`, `is set by osauth; configure ${key === 'node' || key === 'nodes' ? 'the top-level `node`' : '`auth`'} instead.`);
      }
      const headers = client.headers;
      if (headers !== undefined && !isObject(headers)) problems.add('client.headers', 'expected an object of header names to values.');
    }
  }
  checkDebug(debug, problems);
  problems.throwIfAny();
  return nodes;
}

/** `debug`: an object of known switches, each `true` or `false`. */
function checkDebug(debug: unknown, problems: ConfigProblems): void {
  if (debug === undefined) return;
  if (!isObject(debug)) {
    problems.add('debug', 'expected an object of diagnostics to switch on, e.g. { signing: true }.');
    return;
  }
  const unknown = Object.keys(debug).filter((key) => !DEBUG_KEYS.includes(key));
  if (unknown.length > 0) problems.add('debug', `unknown key(s): ${describeUnknownKeys(unknown, DEBUG_KEYS)}; debug takes ${DEBUG_KEYS.join(', ')}.`);
  for (const key of DEBUG_KEYS) {
    const value = debug[key];
    // Only the type is named: the value is not one osauth knows the shape of.
    if (value !== undefined && typeof value !== 'boolean') problems.add(`debug.${key}`, `must be true or false, got ${typeOf(value)}.`);
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Rejects credential headers in `client.headers` (Authorization, and the security-token
 * headers providers register): providers compute them, and a fixed value would be sent,
 * and logged by opensearch-js as a request param, with every request. Called once the
 * provider is loaded, so its headers are known.
 * @throws {@link ConfigError}
 */
export function checkClientHeaders(config: OsAuthConfig): void {
  const headers = (config.client as { headers?: unknown } | undefined)?.headers;
  if (!isObject(headers)) return;
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (SECRET_HEADERS.has(lower) && !CLIENT_SETTABLE.has(lower)) {
      // The header name is safe to name; its value (a credential) is never echoed.
      throw new ConfigError({ path: `client.headers.${name}`, message: 'is computed by the auth provider; remove it.' });
    }
  }
}

/** The node URLs that are valid, with a problem kept for each one that is not. */
function parseNodes(node: unknown, problems: ConfigProblems): URL[] {
  const list = typeof node === 'string' ? [node] : Array.isArray(node) ? node : undefined;
  if (!list || list.length === 0) {
    problems.add('node', 'expected the cluster URL, e.g. "https://search-x.us-east-1.es.amazonaws.com", or a non-empty list of URLs.');
    return [];
  }
  return list.flatMap((value: unknown, index) => {
    const path = typeof node === 'string' ? 'node' : `node[${index}]`;
    if (typeof value !== 'string') return problem(problems, path, 'expected a URL string.');
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return problem(problems, path, 'is not a valid URL; include the scheme, e.g. https://host.');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return problem(problems, path, unsupportedScheme(value, url));
    if (url.username || url.password) return problem(problems, path, 'must not embed credentials; configure them in `auth`.');
    return [url];
  });
}

/** Keeps the problem of a node, which then adds no URL. */
function problem(problems: ConfigProblems, path: string, message: string): URL[] {
  problems.add(path, message);
  return [];
}

// Schemes named back in an error. Any other "scheme" is whatever stood before the first
// colon, which may be a secret (`user:password@host` parses with the scheme `user:`), so
// it is not echoed: a value appears in a config error only when it has a known safe shape.
const KNOWN_SCHEMES: ReadonlySet<string> = new Set(['ftp:', 'ftps:', 'sftp:', 'ssh:', 'ws:', 'wss:', 'file:', 'data:', 'mailto:', 'tcp:', 'udp:', 'grpc:', 'grpcs:', 's3:', 'arn:']);

function unsupportedScheme(value: string, url: URL): string {
  // `localhost:9200` and `host.example.com:443` parse with the host as the scheme.
  if (/^[a-z0-9.-]+:\d+(?:[/?#]|$)/i.test(value)) return 'has no scheme (it reads as host:port); write https://host:port (or http:// for a local emulator).';
  const scheme = KNOWN_SCHEMES.has(url.protocol) ? `"${url.protocol}"` : 'other than https: or http:';
  return `unsupported scheme ${scheme}; use https: (or http: for a local emulator).`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
