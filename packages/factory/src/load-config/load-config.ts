import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, type ConfigProblem, OsAuthError, Secret } from '@osauth/core';
import type { Container } from 'inversify';
import type * as Yaml from 'yaml';
import type { YAMLError } from 'yaml';
import { buildProviderFor } from '../create-client';
import { rememberLoadedEnv } from '../loaded-env';
import type { OsAuthConfig } from '../config';
import { builtInLookup, lookupIn, type ProviderLookup } from '../provider-registry';
import { checkClusterShape } from './cluster-shape';
import { configFromEnv, debugFromEnv } from './env-config';
import { EnvProvenance } from './env-provenance';
import { resolveSecretRefs } from './secret-refs';

/** A validated config: every cluster by name (a single-cluster config is `default`). */
export interface LoadedConfig {
  /** Each cluster's validated config, by name. */
  readonly clusters: Readonly<Record<string, OsAuthConfig>>;
}

/** Where {@link loadConfig} looks. */
export interface LoadConfigOptions {
  /** An explicit config object; wins over the file and the environment. */
  readonly config?: unknown;
  /** A JSON or YAML file. Default: the `OSAUTH_CONFIG` environment variable. */
  readonly file?: string;
  /** The environment to read. Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** A container with custom providers bound, so their configs validate. */
  readonly container?: Container;
}

/**
 * Loads and validates the config from, in order of precedence, an explicit object, a JSON
 * or YAML file (`OSAUTH_CONFIG`) and the environment (`OSAUTH_NODE`, `OSAUTH_PROVIDER`, and
 * each cloud's own variables). Layers are merged key by key; an `auth` whose provider
 * changes between layers is replaced whole. `{ "fromEnv": "NAME" }` and
 * `{ "fromFile": "path" }` may stand anywhere a secret goes.
 *
 * Offline: providers are constructed to validate their config, never asked for credentials.
 *
 * @example
 * ```ts
 * import '@osauth/aws';
 * import { ConfigError, createClient, loadConfig } from '@osauth/factory';
 *
 * // OSAUTH_CONFIG=config/prod.yaml, or OSAUTH_NODE and OSAUTH_PROVIDER (plus AWS_REGION, …)
 * try {
 *   const client = createClient(loadConfig()); // one cluster; createClientRegistry() for several
 *   await client.info();
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(error.message); // every problem, with its path
 *   throw error;
 * }
 * ```
 *
 * @throws {@link ConfigError} listing every problem with its path; never a secret value.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const lookup = options.container ? lookupIn(options.container) : builtInLookup;
  const problems: ConfigProblem[] = [];

  const file = options.file ?? env.OSAUTH_CONFIG;
  const fromFile = file ? readConfigFile(file, problems) : undefined;
  const fromEnv = configFromEnv(env, lookup);
  const layers = [fromEnv?.config, fromFile, options.config].filter((layer) => layer !== undefined);
  if (problems.length > 0) throw configError(problems);
  if (layers.length === 0) {
    throw new ConfigError({
      path: 'config',
      message: 'nothing to load: pass a config object, set OSAUTH_CONFIG to a JSON or YAML file, or set OSAUTH_NODE and OSAUTH_PROVIDER.',
    });
  }

  const clusters: Record<string, unknown> = {};
  const normalisedLayers: Record<string, unknown>[] = [];
  for (const [index, layer] of layers.entries()) {
    const normalised = asClusters(layer, index === layers.length - 1 && options.config !== undefined ? 'config' : 'file', problems);
    normalisedLayers.push(normalised);
    for (const [name, cluster] of Object.entries(normalised)) clusters[name] = mergeCluster(clusters[name], cluster);
  }
  if (problems.length > 0) throw configError(problems);

  // A problem with a value read from the environment names its variable.
  const provenance = new EnvProvenance();
  if (fromEnv !== undefined) provenance.add('default', { values: fromEnv.config, variables: fromEnv.variables, overriddenBy: normalisedLayers.slice(1) });
  // OSAUTH_DEBUG is every cluster's base: the file and the config object win over it key by key.
  const debug = debugFromEnv(env);
  if (debug !== undefined) {
    for (const name of Object.keys(clusters)) clusters[name] = mergeCluster({ debug }, clusters[name]);
    const variables = new Map([['debug', 'OSAUTH_DEBUG'], ...Object.keys(debug).map((flag) => [`debug.${flag}`, 'OSAUTH_DEBUG'] as [string, string])]);
    provenance.add(undefined, { values: { debug }, variables, overriddenBy: normalisedLayers });
  }

  // OSAUTH_PROXY is every cluster's base too.
  const proxy = env.OSAUTH_PROXY?.trim();
  if (proxy) {
    for (const name of Object.keys(clusters)) clusters[name] = mergeCluster({ proxy }, clusters[name]);
    provenance.add(undefined, { values: { proxy }, variables: new Map([['proxy', 'OSAUTH_PROXY']]), overriddenBy: normalisedLayers });
  }

  const baseDir = file ? dirname(resolve(file)) : process.cwd();
  const validated: Record<string, OsAuthConfig> = {};
  const single = Object.keys(clusters).length === 1 && 'default' in clusters && !hasClustersKey(layers);
  for (const [name, raw] of Object.entries(clusters)) {
    const prefix = single ? '' : `clusters.${name}`;
    const before = problems.length;
    const resolved = resolveSecretRefs(raw, prefix, env, baseDir, problems);
    const unresolved = new Set(problems.slice(before).map((problem) => problem.path.replace(/\.(fromEnv|fromFile)$/, '')));
    const afterRefs = problems.length;
    const cluster = validateCluster(resolved, prefix, lookup, env, problems);
    // A reference that did not resolve is its value's one problem, not also "required" or "must be a string".
    if (unresolved.size > 0) dropProblemsAt(problems, afterRefs, unresolved);
    provenance.annotate(problems, before, name, prefix, raw);
    // The environment it was loaded with goes along, unseen, to the provider createClient builds.
    if (cluster) validated[name] = rememberLoadedEnv(withProxyCredentialsHeld(cluster), env);
  }
  if (problems.length > 0) throw configError(problems);
  return { clusters: validated };
}

function dropProblemsAt(problems: ConfigProblem[], from: number, paths: ReadonlySet<string>): void {
  const kept = problems.slice(from).filter((problem) => !paths.has(problem.path));
  problems.splice(from, problems.length - from, ...kept);
}

function readConfigFile(file: string, problems: ConfigProblem[]): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push({ path: 'OSAUTH_CONFIG', message: `cannot read the config file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).` });
    return undefined;
  }
  // YAML is a superset of JSON: one parser for both. The library's messages quote the source
  // line, which may hold a secret, and `parse()` prints its warnings (process.emitWarning):
  // here it prints nothing (logLevel 'error' still reports a second document, 'silent' would
  // drop it), composes no quoted context (prettyErrors off), and every error and warning
  // becomes a problem with only its position and code. `stringKeys` makes a non-scalar key an
  // error rather than a key stringified (with a printed warning) while converting.
  const { LineCounter, parseDocument } = yamlModule(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { logLevel: 'error', prettyErrors: false, lineCounter, stringKeys: true });
  const where = (issue: YAMLError) => {
    const offset = issue.pos[0];
    if (!(offset >= 0)) return '';
    const { line, col } = lineCounter.linePos(offset);
    return ` at line ${line}, column ${col}`;
  };
  const code = (issue: YAMLError) => (/^[A-Z_]{1,40}$/.test(issue.code) ? ` (${issue.code})` : '');
  for (const error of doc.errors) problems.push({ path: 'OSAUTH_CONFIG', message: `${file} is not valid YAML or JSON${where(error)}${code(error)}.` });
  for (const warning of doc.warnings) problems.push({ path: 'OSAUTH_CONFIG', message: `${file} has a YAML warning${where(warning)}${code(warning)}.` });
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;

  let parsed: unknown;
  try {
    parsed = doc.toJS();
  } catch {
    // e.g. too many aliases (a resource-exhaustion guard); its text is not reported either.
    problems.push({ path: 'OSAUTH_CONFIG', message: `${file} could not be converted from YAML (aliases?).` });
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push({ path: 'OSAUTH_CONFIG', message: `${file} must contain an object (a mapping).` });
    return undefined;
  }
  return parsed;
}

// Not a literal: bundlers leave yaml out of every bundle (it is most of what loadConfig would
// add to one); an app that reads a YAML file at run time has it installed, or says so below.
const YAML_PACKAGE = 'yaml';

function yamlModule(file: string): typeof Yaml {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a file is read
    return require(YAML_PACKAGE) as typeof Yaml;
  } catch {
    throw new ConfigError({
      path: 'OSAUTH_CONFIG',
      message: `reading ${file} needs the yaml package at run time, and it cannot be loaded (a bundled app? mark yaml as external, or use a config object).`,
    });
  }
}

function hasClustersKey(layers: unknown[]): boolean {
  return layers.some((layer) => typeof layer === 'object' && layer !== null && 'clusters' in layer);
}

function asClusters(layer: unknown, source: string, problems: ConfigProblem[]): Record<string, unknown> {
  if (typeof layer !== 'object' || layer === null || Array.isArray(layer)) {
    problems.push({ path: source, message: 'expected an object.' });
    return {};
  }
  if (!('clusters' in layer)) return { default: layer };
  const clusters = layer.clusters;
  if (typeof clusters !== 'object' || clusters === null || Array.isArray(clusters) || Object.keys(clusters).length === 0) {
    problems.push({ path: 'clusters', message: 'expected an object of named clusters, e.g. { "logs": { node, auth } }.' });
    return {};
  }
  const extra = Object.keys(layer).filter((key) => key !== 'clusters');
  if (extra.length > 0) problems.push({ path: extra[0] as string, message: 'not allowed next to `clusters`; put it inside a cluster.' });
  for (const name of Object.keys(clusters)) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) problems.push({ path: `clusters`, message: 'cluster names may use letters, digits, "_" and "-" only.' });
  }
  return clusters as Record<string, unknown>;
}

/** Later layers win key by key; an `auth` for another provider (or Alibaba mode) replaces the old one. */
/** A proxy URL with credentials in it is held as a Secret, like every other secret of a loaded config. */
function withProxyCredentialsHeld(cluster: OsAuthConfig): OsAuthConfig {
  const { proxy } = cluster;
  if (typeof proxy !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(proxy)) return cluster;
  return { ...cluster, proxy: new Secret(proxy) };
}

function mergeCluster(base: unknown, top: unknown): unknown {
  if (!isRecord(base) || !isRecord(top)) return top;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const current = out[key];
    if (key === 'auth' && isRecord(current) && isRecord(value) && (current.provider !== value.provider || (value.mode !== undefined && current.mode !== value.mode))) {
      out[key] = value;
    } else if (isRecord(current) && isRecord(value)) {
      out[key] = mergeCluster(current, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function validateCluster(raw: unknown, prefix: string, lookup: ProviderLookup, env: NodeJS.ProcessEnv, problems: ConfigProblem[]): OsAuthConfig | undefined {
  const before = problems.length;
  const shapeOk = checkClusterShape(raw, prefix, problems);
  const auth = isRecord(raw) ? raw.auth : undefined;
  if (!shapeOk && !(isRecord(auth) && typeof auth.provider === 'string' && auth.provider !== '')) return undefined;
  const config = raw as OsAuthConfig;
  // Everything else — URLs, the provider's own keys and their values — is checked where it
  // is known: the factory and the provider, by building the provider offline and releasing
  // it. Done even when the shape is wrong, so one run lists the provider's problems too.
  const seen = new Set(problems.slice(before).map((p) => p.path));
  try {
    const { provider } = buildProviderFor(config, lookup, env);
    void provider.close();
  } catch (error) {
    if (!(error instanceof OsAuthError)) throw error;
    const problem = error instanceof ConfigError ? error.problems : [{ path: 'auth', message: error.message }];
    for (const p of problem) {
      const path = prefix ? `${prefix}.${p.path}` : p.path;
      if (!seen.has(path)) problems.push({ ...p, path });
    }
    return undefined;
  }
  return shapeOk ? { ...config } : undefined;
}

function configError(problems: ConfigProblem[]): ConfigError {
  return new ConfigError({ path: problems[0]?.path ?? 'config', problems });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
