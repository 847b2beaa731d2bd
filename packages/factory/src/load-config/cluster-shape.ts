import { type ConfigProblem, describeUnknownKeys } from '@osauth/core';

const CLUSTER_KEYS: readonly string[] = ['node', 'auth', 'client', 'debug', 'proxy'];

/**
 * The provider-independent shape of one cluster in a loaded config — `node`, `auth` with a
 * `provider` name, an optional `client` object, an optional `debug` (its keys are checked
 * with the rest of the config), nothing else — with every problem found pushed to `problems`
 * (paths under `prefix`). The `auth` keys of each provider are its own to check, when it is
 * constructed.
 * @returns whether the shape is right.
 */
export function checkClusterShape(raw: unknown, prefix: string, problems: ConfigProblem[]): boolean {
  const at = (key: string): string => (prefix ? `${prefix}.${key}` : key);
  const before = problems.length;
  if (!isRecord(raw)) {
    problems.push({ path: prefix || 'config', message: 'expected an object with `node` and `auth`.' });
    return false;
  }
  const unknown = Object.keys(raw).filter((key) => !CLUSTER_KEYS.includes(key));
  // Key names are shown only in the shape of a key: a misplaced secret could be a key.
  if (unknown.length > 0) problems.push({ path: prefix || 'config', message: `unknown key(s): ${describeUnknownKeys(unknown, CLUSTER_KEYS)}; a cluster has ${CLUSTER_KEYS.join(', ')}.` });

  const node = raw.node;
  if (node === undefined) problems.push({ path: at('node'), message: 'required: the cluster URL, or a list of URLs.' });
  else if (Array.isArray(node)) {
    if (node.length === 0) problems.push({ path: at('node'), message: 'must list at least one URL.' });
    node.forEach((item: unknown, index) => {
      if (typeof item !== 'string' || item.trim() === '') problems.push({ path: `${at('node')}[${index}]`, message: 'must be a non-empty string.' });
    });
  } else if (typeof node !== 'string' || node.trim() === '') problems.push({ path: at('node'), message: 'expected a URL string or a list of URL strings.' });

  const auth = raw.auth;
  if (!isRecord(auth)) problems.push({ path: at('auth'), message: 'expected an object with a `provider` name, e.g. { provider: "aws" }.' });
  else if (typeof auth.provider !== 'string' || auth.provider.trim() === '') problems.push({ path: at('auth.provider'), message: 'must be a non-empty string.' });

  if (raw.client !== undefined && !isRecord(raw.client)) problems.push({ path: at('client'), message: 'expected an object of opensearch-js client options.' });
  if (raw.proxy !== undefined && typeof raw.proxy !== 'string') problems.push({ path: at('proxy'), message: 'expected a proxy URL (http:// or https://) or "env".' });
  return problems.length === before;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
