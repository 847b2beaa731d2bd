import type { ConfigProblem } from '@osauth/core';

/** Values of one cluster read from the environment. */
interface EnvSource {
  /** The values as read, in the shape of a cluster. */
  readonly values: Record<string, unknown>;
  /** The variable each value was read from, by its path in the cluster. */
  readonly variables: ReadonlyMap<string, string>;
  /** The clusters of the layers that win over these values, by cluster name. */
  readonly overriddenBy: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Which environment variable a value of a loaded cluster came from, so that a problem with
 * it names the variable to fix (`auth.provider (from OSAUTH_PROVIDER): …`). A value counts as
 * from the environment only while it still is: no file or config object sets its path.
 */
export class EnvProvenance {
  readonly #sources = new Map<string | undefined, EnvSource[]>();

  /**
   * Adds values read from the environment for the cluster `cluster`, or for every cluster
   * when it is `undefined` (a base every layer overrides).
   */
  add(cluster: string | undefined, source: EnvSource): void {
    this.#sources.set(cluster, [...(this.#sources.get(cluster) ?? []), source]);
  }

  /**
   * Names the variable of each problem in `problems` from index `from` on whose path (under
   * `prefix`) holds, in the merged cluster `merged`, the value a variable gave.
   */
  annotate(problems: ConfigProblem[], from: number, cluster: string, prefix: string, merged: unknown): void {
    const sources = [...(this.#sources.get(cluster) ?? []), ...(this.#sources.get(undefined) ?? [])];
    if (sources.length === 0) return;
    for (let index = from; index < problems.length; index += 1) {
      const problem = problems[index] as ConfigProblem;
      if (problem.variable !== undefined) continue;
      const path = prefix === '' ? problem.path : problem.path.startsWith(`${prefix}.`) ? problem.path.slice(prefix.length + 1) : undefined;
      if (path === undefined) continue;
      const variable = sources.map((source) => variableOf(source, cluster, path, merged)).find((name) => name !== undefined);
      if (variable !== undefined) problems[index] = { ...problem, variable };
    }
  }
}

function variableOf(source: EnvSource, cluster: string, path: string, merged: unknown): string | undefined {
  const variable = source.variables.get(path);
  if (variable === undefined) return undefined;
  const value = valueAt(source.values, path);
  if (value === undefined || valueAt(merged, path) !== value) return undefined;
  return source.overriddenBy.some((layer) => valueAt(layer[cluster], path) !== undefined) ? undefined : variable;
}

/** The value at a problem path (`auth.credentials.roleArn`, `node[1]`), if there is one. */
function valueAt(root: unknown, path: string): unknown {
  let value = root;
  for (const part of path.split(/\.|(?=\[)/)) {
    if (typeof value !== 'object' || value === null) return undefined;
    const index = /^\[(\d+)\]$/.exec(part)?.[1];
    value = index === undefined ? (Array.isArray(value) ? undefined : (value as Record<string, unknown>)[part]) : Array.isArray(value) ? (value[Number(index)] as unknown) : undefined;
  }
  return value;
}
