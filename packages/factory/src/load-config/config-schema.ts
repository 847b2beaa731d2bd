import { isSecret, type Secret } from '@osauth/core';
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1, 'must be a non-empty string.');
/** A secret: a non-empty string, or the Secret a `{ fromEnv }` / `{ fromFile }` resolved to. */
const secret = z.union([nonEmpty, z.custom<Secret>(isSecret)], { error: 'must be a non-empty string.' });
/** Hosts besides the nodes that may receive credentials (checked by the factory). */
const allowedHosts = z.array(z.string(), { error: 'expected a list of host names.' }).optional();

/** `node`: one URL or a non-empty list (URL syntax is checked by the factory itself). */
const nodeSchema = z.union([nonEmpty, z.array(nonEmpty).min(1, 'must list at least one URL.')], {
  error: 'expected a URL string or a list of URL strings.',
});

const awsAuth = z.strictObject({
  provider: z.literal('aws'),
  service: z.enum(['es', 'aoss'], { error: 'must be "es" or "aoss".' }).optional(),
  region: nonEmpty.optional(),
  // Its many shapes (keys, profile, role, web identity, function) are checked by the provider.
  credentials: z.unknown().optional(),
  credentialTimeoutMs: z.number().positive('must be a positive number of milliseconds.').optional(),
  allowedHosts,
});

const basicAuth = z.strictObject({
  provider: z.literal('basic'),
  username: nonEmpty,
  password: secret,
  allowedHosts,
});

const noneAuth = z.strictObject({ provider: z.literal('none'), allowedHosts });

// The modes and their keys are checked by the Alibaba provider, which knows its env fallbacks.
const alibabaAuth = z.looseObject({
  provider: z.literal('alibaba'),
  mode: z.enum(['bearer', 'basic', 'sts'], { error: 'must be "bearer", "basic" or "sts".' }),
});

/** Schemas of the built-in providers' `auth`, by provider name. */
export const BUILT_IN_AUTH_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  aws: awsAuth,
  basic: basicAuth,
  none: noneAuth,
  alibaba: alibabaAuth,
};

/** One cluster: everything but `auth`, which is checked per provider. */
export const clusterSchema = z.strictObject({
  node: nodeSchema,
  auth: z.looseObject({ provider: nonEmpty }, { error: 'expected an object with a `provider` name, e.g. { provider: "aws" }.' }),
  client: z.record(z.string(), z.unknown(), { error: 'expected an object of opensearch-js client options.' }).optional(),
});

/** Turns zod issues into problems with dotted paths under `prefix`. */
export function problemsFrom(error: z.ZodError, prefix: string): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    const path = issue.path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), prefix);
    const message = issue.code === 'unrecognized_keys' ? `unknown key(s): ${issue.keys.join(', ')}.` : issue.message;
    return { path: path || prefix || 'config', message };
  });
}
