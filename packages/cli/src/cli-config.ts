import type { Command } from 'commander';
import { ConfigError } from '@osauth/core';
import { loadConfig, type OsAuthConfig } from '@osauth/factory';
// Loaded for their registrations: `provider: 'aws'` and `'alibaba'` resolve in the bundle-free bin too.
import '@osauth/aws';
import '@osauth/alibaba';

/** The flags every command that talks to a cluster takes (see {@link addCommonFlags}). */
export interface CommonFlags {
  provider?: string;
  service?: string;
  region?: string;
  profile?: string;
  roleArn?: string;
  signingHost?: string;
  cluster?: string;
}

/**
 * Adds the cluster flags to `command`: `--provider`, `--service`, `--region`, `--profile`,
 * `--role-arn`, `--signing-host` and `--cluster NAME`. Their values arrive as {@link CommonFlags}.
 */
export function addCommonFlags(command: Command): Command {
  return command
    .option('--provider <name>', 'auth provider: aws, alibaba, basic, none (default: OSAUTH_PROVIDER, else inferred from the URL)')
    .option('--service <es|aoss>', 'aws: the service to sign for (default: inferred from the host, or OSAUTH_AWS_SERVICE)')
    .option('--region <region>', 'aws: the region to sign for (default: inferred from the host, or AWS_REGION)')
    .option('--profile <name>', 'aws: a profile of ~/.aws/config and ~/.aws/credentials')
    .option('--role-arn <arn>', 'aws: an IAM role to assume; alibaba: a RAM role to assume (sts mode)')
    .option('--signing-host <host>', 'the host to sign for and send as Host (an SSH tunnel, a VPC endpoint)')
    .option('--cluster <name>', 'the cluster to use when the OSAUTH_CONFIG file names several');
}

/** What {@link resolveCliConfig} found: one cluster's config and the sources it came from. */
export interface ResolvedCliConfig {
  readonly config: OsAuthConfig;
  /** E.g. `['flags', 'OSAUTH_CONFIG=./osauth.yaml', 'environment']`, highest precedence first. */
  readonly sources: string[];
}

// Variables that describe a cluster (not the metadata switches every test and CI job sets).
const ENV_SOURCE = /^(OSAUTH_|AWS_|ALIBABA_CLOUD_|DASHSCOPE_API_KEY$)/;
const NOT_A_SOURCE = new Set(['OSAUTH_CONFIG', 'AWS_EC2_METADATA_DISABLED', 'ALIBABA_CLOUD_ECS_METADATA_DISABLED']);

/**
 * One cluster's config from, in order of precedence, the flags (and `url`, the node), the
 * `OSAUTH_CONFIG` file and the environment — merged and validated by the SDK's own
 * `loadConfig`, so precedence and every check are the library's. `--cluster` picks one of
 * several named clusters.
 *
 * @throws {@link ConfigError} (`INVALID_CONFIG`) for an invalid config, an unknown cluster,
 * or several clusters and no `--cluster`.
 */
export function resolveCliConfig(url: string | undefined, flags: CommonFlags, env: NodeJS.ProcessEnv): ResolvedCliConfig {
  const layer = flagLayer(url, flags, env);
  const hasFlags = Object.keys(layer).length > 0;
  const wrapped = flags.cluster === undefined || !hasFlags ? layer : { clusters: { [flags.cluster]: layer } };
  const loaded = loadConfig({ ...(hasFlags ? { config: wrapped } : {}), env });
  const names = Object.keys(loaded.clusters);
  let name: string;
  if (flags.cluster !== undefined) {
    if (!names.includes(flags.cluster)) throw new ConfigError({ path: 'clusters', message: `no cluster named "${flags.cluster}"; the config names ${names.join(', ')}.` });
    name = flags.cluster;
  } else if (names.length === 1) {
    name = names[0] as string;
  } else {
    throw new ConfigError({ path: 'clusters', message: `the config names several clusters (${names.join(', ')}): pick one with --cluster NAME.` });
  }

  return { config: loaded.clusters[name] as OsAuthConfig, sources: sourcesOf(hasFlags, env) };
}

/** The layers {@link resolveCliConfig} reads for these flags and environment, highest precedence first (also when they do not resolve). */
export function cliConfigSources(url: string | undefined, flags: CommonFlags, env: NodeJS.ProcessEnv): string[] {
  return sourcesOf(Object.keys(flagLayer(url, flags, env)).length > 0, env);
}

function sourcesOf(hasFlags: boolean, env: NodeJS.ProcessEnv): string[] {
  const sources: string[] = [];
  if (hasFlags) sources.push('flags');
  if (env.OSAUTH_CONFIG) sources.push(`OSAUTH_CONFIG=${env.OSAUTH_CONFIG}`);
  if (Object.keys(env).some((key) => ENV_SOURCE.test(key) && !NOT_A_SOURCE.has(key) && env[key] !== '')) sources.push('environment');
  return sources;
}

/** The flags as a config layer; `auth` always names its provider (else loadConfig's merge would replace the lower `auth`). */
function flagLayer(url: string | undefined, flags: CommonFlags, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  if (url !== undefined) layer.node = nodeOf(url);
  const auth: Record<string, unknown> = {};
  if (flags.service !== undefined) auth.service = flags.service;
  if (flags.region !== undefined) auth.region = flags.region;
  if (flags.signingHost !== undefined) auth.signingHost = flags.signingHost;
  const wantsAuth = Object.keys(auth).length > 0 || flags.profile !== undefined || flags.roleArn !== undefined;
  if (!wantsAuth && flags.provider === undefined) {
    // A cloud endpoint names its provider, when nothing below does.
    const inferred = url !== undefined && !env.OSAUTH_PROVIDER ? hostProvider(url) : undefined;
    if (inferred !== undefined && lowerLayerProvider(flags, env) === undefined) layer.auth = { provider: inferred };
    return layer;
  }

  const provider = flags.provider ?? providerFor(url, flags, env);
  if (provider === undefined) {
    throw new ConfigError({ path: 'auth.provider', message: 'cannot tell the provider from the flags: add --provider aws (or alibaba, basic, none), or set OSAUTH_PROVIDER.' });
  }
  if (provider === 'alibaba') {
    if (flags.roleArn !== undefined) Object.assign(auth, { mode: 'sts', roleArn: flags.roleArn });
    // --profile is an AWS flag: passed on for the provider to reject, naming the key.
    if (flags.profile !== undefined) auth.profile = flags.profile;
  } else if (flags.roleArn !== undefined) {
    auth.credentials = { roleArn: flags.roleArn, ...(flags.profile !== undefined ? { source: { profile: flags.profile } } : {}) };
  } else if (flags.profile !== undefined) {
    auth.credentials = { profile: flags.profile };
  }
  layer.auth = { provider, ...auth };
  return layer;
}

/** The node of a request URL: its origin (scheme, host, port); the path is the request's. */
function nodeOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError({ path: 'node', message: 'the URL argument is not a valid URL (expected e.g. https://abc.us-east-1.aoss.amazonaws.com/_cat/indices).' });
  }
  return parsed.origin;
}

/** The provider the flags imply, or the one the lower layers name, or `undefined`. */
function providerFor(url: string | undefined, flags: CommonFlags, env: NodeJS.ProcessEnv): string | undefined {
  if (env.OSAUTH_PROVIDER) return env.OSAUTH_PROVIDER.trim();
  const fromHost = url === undefined ? undefined : hostProvider(url);
  if (fromHost !== undefined) return fromHost;
  if (flags.roleArn?.startsWith('acs:')) return 'alibaba';
  if (flags.roleArn?.startsWith('arn:') || flags.service !== undefined || flags.region !== undefined || flags.profile !== undefined) {
    // AWS-only flags, unless the file (or the environment) says otherwise.
    return lowerLayerProvider(flags, env) ?? 'aws';
  }
  return lowerLayerProvider(flags, env);
}

function lowerLayerProvider(flags: CommonFlags, env: NodeJS.ProcessEnv): string | undefined {
  try {
    const loaded = loadConfig({ env });
    const names = Object.keys(loaded.clusters);
    const cluster = loaded.clusters[flags.cluster ?? (names.length === 1 ? names[0] : '') ?? ''];
    return cluster?.auth.provider;
  } catch {
    // The lower layers alone may be incomplete (the node comes from the flags): no provider known.
    return undefined;
  }
}

function hostProvider(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (host.endsWith('.amazonaws.com')) return 'aws';
  if (host.endsWith('.aliyuncs.com')) return 'alibaba';
  return undefined;
}
