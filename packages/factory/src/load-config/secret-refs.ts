import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { type ConfigProblem, Secret } from '@osauth/core';

/** A secret referenced rather than inlined: `{ "fromEnv": "NAME" }` or `{ "fromFile": "path" }`. */
export type SecretRef =
  | {
      /** The environment variable holding the secret. */
      readonly fromEnv: string;
    }
  | {
      /** The file holding the secret (trailing newline dropped), relative to the config file. */
      readonly fromFile: string;
    };

// Keys whose values are credentials: a reference there resolves to a Secret, which prints
// as [REDACTED] wherever the loaded config goes. Elsewhere (a user name, a key id) it
// resolves to the plain string the provider expects.
const SECRET_KEYS = new Set(['password', 'secretAccessKey', 'sessionToken', 'apiKey', 'accessKeySecret', 'securityToken']);

/**
 * Replaces every secret reference in `value` (at any depth) by what it points to: a
 * {@link Secret} under a credential key, the plain text elsewhere. Problems are collected
 * with their paths; the values themselves never appear in a problem.
 */
export function resolveSecretRefs(value: unknown, path: string, env: NodeJS.ProcessEnv, baseDir: string, problems: ConfigProblem[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => resolveSecretRefs(item, `${path}[${index}]`, env, baseDir, problems));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && (keys[0] === 'fromEnv' || keys[0] === 'fromFile')) {
    const text = keys[0] === 'fromEnv' ? fromEnv(record.fromEnv, path, env, problems) : fromFile(record.fromFile, path, baseDir, problems);
    if (text === undefined) return undefined;
    return SECRET_KEYS.has(path.slice(path.lastIndexOf('.') + 1)) ? new Secret(text) : text;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = resolveSecretRefs(record[key], path ? `${path}.${key}` : key, env, baseDir, problems);
  return out;
}

function fromEnv(name: unknown, path: string, env: NodeJS.ProcessEnv, problems: ConfigProblem[]): string | undefined {
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    problems.push({ path: `${path}.fromEnv`, message: 'expected the name of an environment variable.' });
    return undefined;
  }
  const value = env[name];
  if (value === undefined || value === '') {
    problems.push({ path, message: `environment variable ${shown(name)} is not set (or empty).` });
    return undefined;
  }
  return value;
}

function fromFile(file: unknown, path: string, baseDir: string, problems: ConfigProblem[]): string | undefined {
  if (typeof file !== 'string' || file === '') {
    problems.push({ path: `${path}.fromFile`, message: 'expected a file path.' });
    return undefined;
  }
  const full = isAbsolute(file) ? file : resolve(baseDir, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push({ path, message: `cannot read the file ${shownPath(file)} (${code}).` });
    return undefined;
  }
  // Secret files (Kubernetes secrets, docker secrets) usually end with a newline.
  const value = text.replace(/\r?\n$/, '');
  if (value === '') {
    problems.push({ path, message: `the file ${shownPath(file)} is empty.` });
    return undefined;
  }
  return value;
}

// A secret pasted where a variable name or a path goes must not be echoed: names are shown
// only in the usual upper-case form, paths only when they look like paths.
function shown(name: string): string {
  return /^[A-Z_][A-Z0-9_]{0,63}$/.test(name) ? name : '(name not shown: not an upper-case variable name)';
}

function shownPath(file: string): string {
  return /[/\\]|\.[A-Za-z0-9]{1,8}$/.test(file) && !/\s/.test(file) ? file : '(path not shown: it does not look like a path)';
}
