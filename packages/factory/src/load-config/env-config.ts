import { registeredProvider, registeredProviderNames } from '@osauth/core';
import type { ProviderLookup } from '../provider-registry';

type Env = Readonly<Record<string, string | undefined>>;

/** The `default` cluster as the environment describes it, and where each of its values came from. */
export interface EnvLayer {
  readonly config: Record<string, unknown>;
  /** The variable each value was read from, by its path in the cluster (`auth.provider`, `node[1]`). */
  readonly variables: ReadonlyMap<string, string>;
}

/**
 * The `default` cluster as the environment describes it, or `undefined` when the
 * environment says nothing (neither `OSAUTH_NODE` nor `OSAUTH_PROVIDER` is set).
 *
 * The factory reads only its own variables (`OSAUTH_NODE`, `OSAUTH_PROVIDER`, and
 * `OSAUTH_USERNAME` / `OSAUTH_PASSWORD` for `basic`); each provider package reads its own
 * cloud's (`AWS_REGION`, `DASHSCOPE_API_KEY`, …) through its registration. Secrets are
 * referenced (`{ fromEnv }`), never copied, so they resolve to Secrets like any other.
 * Without `OSAUTH_PROVIDER`, the provider is inferred from the node URL by the provider
 * packages loaded so far.
 */
export function configFromEnv(env: Env, lookup: ProviderLookup): EnvLayer | undefined {
  const node = env.OSAUTH_NODE?.trim();
  const nodes = node
    ? node
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
    : [];
  const named = env.OSAUTH_PROVIDER?.trim();
  const provider = named || inferProvider(nodes);
  if (!node && !provider) return undefined;
  const config: Record<string, unknown> = {};
  const variables = new Map<string, string>();
  if (node) {
    config.node = nodes.length > 1 ? nodes : nodes[0];
    variables.set('node', 'OSAUTH_NODE');
    if (nodes.length > 1) nodes.forEach((_, index) => variables.set(`node[${index}]`, 'OSAUTH_NODE'));
  }
  if (provider) {
    config.auth = authFromEnv(provider, env, lookup, variables);
    if (named) variables.set('auth.provider', 'OSAUTH_PROVIDER');
  }
  return { config, variables };
}

/**
 * The `debug` section `OSAUTH_DEBUG` describes (`OSAUTH_DEBUG=signing` → `{ signing: true }`;
 * several are comma-separated), or `undefined` when it is not set. A name osauth does not know
 * becomes a key of its own, for validation to reject (and suggest the near one).
 */
export function debugFromEnv(env: Env): Record<string, true> | undefined {
  const flags = (env.OSAUTH_DEBUG ?? '')
    .split(',')
    .map((flag) => flag.trim())
    .filter(Boolean);
  if (flags.length === 0) return undefined;
  return Object.fromEntries(flags.map((flag) => [flag, true] as const));
}

function inferProvider(nodes: readonly string[]): string | undefined {
  const first = nodes[0];
  if (first === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(first);
  } catch {
    return undefined;
  }
  return registeredProviderNames().find((name) => registeredProvider(name)?.recognisesNode?.(url) === true);
}

function authFromEnv(provider: string, env: Env, lookup: ProviderLookup, variables: Map<string, string>): Record<string, unknown> {
  if (provider === 'basic') {
    if (env.OSAUTH_USERNAME) variables.set('auth.username', 'OSAUTH_USERNAME');
    return {
      provider,
      ...(env.OSAUTH_USERNAME ? { username: env.OSAUTH_USERNAME } : {}),
      ...(env.OSAUTH_PASSWORD ? { password: { fromEnv: 'OSAUTH_PASSWORD' } } : {}),
    };
  }
  let fromProvider: Record<string, unknown> | undefined;
  // The variables the provider reads, in order: a value it returns as read is traced to one.
  const read: [name: string, value: string][] = [];
  const watched = new Proxy(env, {
    get: (target, name) => {
      const value = Reflect.get(target, name) as unknown;
      if (typeof name === 'string' && typeof value === 'string') read.push([name, value]);
      return value;
    },
  });
  try {
    fromProvider = lookup(provider)?.authFromEnv?.(watched);
  } catch {
    // An unknown or uninstalled provider is reported when the cluster is validated.
  }
  if (fromProvider !== undefined) traceValues(fromProvider, 'auth', read, variables);
  return { ...fromProvider, provider };
}

/** Records, for each string in `value`, the first variable read that holds exactly it. */
function traceValues(value: Record<string, unknown>, path: string, read: readonly [string, string][], variables: Map<string, string>): void {
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (typeof item === 'string') {
      const source = read.find(([, text]) => text === item)?.[0];
      if (source !== undefined) variables.set(at, source);
    } else if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      traceValues(item as Record<string, unknown>, at, read, variables);
    }
  }
}
