import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { type ConfigProblem, registerSecret } from '@osauth/core';

/** A secret referenced rather than inlined: `{ "fromEnv": "NAME" }` or `{ "fromFile": "path" }`. */
export type SecretRef = { readonly fromEnv: string } | { readonly fromFile: string };

/**
 * Replaces every secret reference in `value` (at any depth) by what it points to, and
 * registers the values for redaction. Problems are collected with their paths; the values
 * themselves never appear in a problem.
 */
export function resolveSecretRefs(
  value: unknown,
  path: string,
  env: NodeJS.ProcessEnv,
  baseDir: string,
  problems: ConfigProblem[],
): unknown {
  if (Array.isArray(value)) return value.map((item, index) => resolveSecretRefs(item, `${path}[${index}]`, env, baseDir, problems));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === 'fromEnv') return fromEnv(record.fromEnv, path, env, problems);
  if (keys.length === 1 && keys[0] === 'fromFile') return fromFile(record.fromFile, path, baseDir, problems);
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
    problems.push({ path, message: `environment variable ${name} is not set (or empty).` });
    return undefined;
  }
  registerSecret(value);
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
    problems.push({ path, message: `cannot read the file ${file} (${code}).` });
    return undefined;
  }
  // Secret files (Kubernetes secrets, docker secrets) usually end with a newline.
  const value = text.replace(/\r?\n$/, '');
  if (value === '') {
    problems.push({ path, message: `the file ${file} is empty.` });
    return undefined;
  }
  registerSecret(value);
  return value;
}
