/** An environment, as `loadConfig({ env })` takes it. */
export type Env = Readonly<Record<string, string | undefined>>;

// Each loaded cluster's environment, kept beside the config rather than on it: an
// environment holds secrets, and a config must print none (not even with `showHidden`).
const loadedEnvs = new WeakMap<object, Env>();

/** Remembers that `cluster` was loaded with `env`, for the provider `createClient` builds. */
export function rememberLoadedEnv<T extends object>(cluster: T, env: Env): T {
  loadedEnvs.set(cluster, env);
  return cluster;
}

/** The environment `cluster` was loaded with, if `loadConfig` made it. */
export function loadedEnvOf(cluster: object): Env | undefined {
  return loadedEnvs.get(cluster);
}
