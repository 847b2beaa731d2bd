import { registeredProvider, registeredProviderNames } from '@osauth/core';
import type { ProviderLookup } from '../provider-registry';

type Env = Readonly<Record<string, string | undefined>>;

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
export function configFromEnv(env: Env, lookup: ProviderLookup): Record<string, unknown> | undefined {
  const node = env.OSAUTH_NODE?.trim();
  const nodes = node
    ? node
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
    : [];
  const provider = env.OSAUTH_PROVIDER?.trim() || inferProvider(nodes);
  if (!node && !provider) return undefined;
  const config: Record<string, unknown> = {};
  if (node) config.node = nodes.length > 1 ? nodes : nodes[0];
  if (provider) config.auth = authFromEnv(provider, env, lookup);
  return config;
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

function authFromEnv(provider: string, env: Env, lookup: ProviderLookup): Record<string, unknown> {
  if (provider === 'basic') {
    return {
      provider,
      ...(env.OSAUTH_USERNAME ? { username: env.OSAUTH_USERNAME } : {}),
      ...(env.OSAUTH_PASSWORD ? { password: { fromEnv: 'OSAUTH_PASSWORD' } } : {}),
    };
  }
  let fromProvider: Record<string, unknown> | undefined;
  try {
    fromProvider = lookup(provider)?.authFromEnv?.(env);
  } catch {
    // An unknown or uninstalled provider is reported when the cluster is validated.
  }
  return { ...fromProvider, provider };
}
