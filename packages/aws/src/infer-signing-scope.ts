import { ConfigProblems } from '@osauth/core';
import type { AwsSigningService } from './aws-auth-config';

/** What SigV4 signs for: the service and region of the credential scope. */
export interface SigningScope {
  /** `es` or `aoss`. */
  readonly service: AwsSigningService;
  /** The region, e.g. `us-east-1`. */
  readonly region: string;
}

// `<anything>.<region>.<service>.amazonaws.com[.cn]`; the region label sits right before the service.
const AWS_HOST = /(?:^|\.)([a-z0-9-]+)\.(es|aoss)\.amazonaws\.com(?:\.cn)?$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** The service and region a host name implies, as far as it implies any. */
export function scopeFromHost(hostname: string): { service?: AwsSigningService; region?: string } {
  const match = AWS_HOST.exec(hostname.toLowerCase());
  if (!match) return {};
  const [, region, service] = match;
  return { service: service as AwsSigningService, ...(region && REGION.test(region) ? { region } : {}) };
}

/**
 * Resolves the signing scope from explicit config, the endpoint host and the
 * environment, in that order. Explicit values must not contradict the host.
 * @throws {@link ConfigError} listing every problem of `service` and `region` (a custom
 * domain with neither names both).
 */
export function inferSigningScope(explicit: { service?: unknown; region?: unknown }, nodes: readonly URL[], configPath: string, env: NodeJS.ProcessEnv = process.env): SigningScope {
  const problems = new ConfigProblems('aws');
  const servicePath = `${configPath}.service`;
  const regionPath = `${configPath}.region`;
  const serviceValid = explicit.service === undefined || explicit.service === 'es' || explicit.service === 'aoss';
  const regionValid = explicit.region === undefined || (typeof explicit.region === 'string' && REGION.test(explicit.region));
  if (!serviceValid) problems.add(servicePath, `must be "es" or "aoss", got ${describe(explicit.service, 'a service name')}.`);
  if (!regionValid) problems.add(regionPath, `must be an AWS region such as "us-east-1", got ${describe(explicit.region, 'a region')}.`);
  const explicitService = serviceValid ? (explicit.service as AwsSigningService | undefined) : undefined;
  const explicitRegion = regionValid ? (explicit.region as string | undefined) : undefined;

  let service = explicitService;
  let region = explicitRegion;
  // One contradiction per key is enough to act on, however many nodes repeat it.
  let serviceContradicted = false;
  let regionContradicted = false;
  for (const node of nodes) {
    const fromHost = scopeFromHost(node.hostname);
    if (fromHost.service) {
      if (explicitService && explicitService !== fromHost.service && !serviceContradicted) {
        serviceContradicted = true;
        problems.add(servicePath, `"${explicitService}" contradicts the endpoint ${node.hostname}, which is an "${fromHost.service}" endpoint. Remove auth.service or fix the node URL.`);
      }
      service ??= fromHost.service;
    }
    if (fromHost.region) {
      if (explicitRegion && explicitRegion !== fromHost.region && !regionContradicted) {
        regionContradicted = true;
        problems.add(regionPath, `"${explicitRegion}" contradicts the endpoint ${node.hostname}, which is in "${fromHost.region}". Remove auth.region or fix the node URL.`);
      }
      region ??= fromHost.region;
    }
  }
  if (region === undefined && explicit.region === undefined) {
    const variable = env.AWS_REGION ? 'AWS_REGION' : env.AWS_DEFAULT_REGION ? 'AWS_DEFAULT_REGION' : undefined;
    const fromEnv = variable === undefined ? undefined : env[variable];
    // Checked like an explicit region, naming the variable: it would sign for a region that does not exist.
    if (fromEnv !== undefined && !REGION.test(fromEnv)) problems.add(regionPath, `must be an AWS region such as "us-east-1", got ${describe(fromEnv, 'a region')}.`, variable);
    else region = fromEnv;
  }

  // A value that is there but wrong was reported above; "required" is for one that is absent.
  const host = nodes[0]?.hostname ?? 'the endpoint';
  if (!service && explicit.service === undefined) {
    problems.add(servicePath, `required: ${host} is not an *.es.amazonaws.com or *.aoss.amazonaws.com host. Set "es" for Amazon OpenSearch Service or "aoss" for OpenSearch Serverless.`);
  }
  if (!region && explicit.region === undefined && !env.AWS_REGION && !env.AWS_DEFAULT_REGION) {
    const what = service === 'aoss' ? 'collection' : service === 'es' ? 'domain' : 'domain or collection';
    problems.add(regionPath, `required: ${host} does not name a region and neither AWS_REGION nor AWS_DEFAULT_REGION is set. Set the region of the ${what}, e.g. "us-east-1".`);
  }
  problems.throwIfAny();
  // Both are set once no problem was found.
  return { service: service as AwsSigningService, region: region as string };
}

/**
 * What a wrong value was, for a config error: the value itself only when it has a known
 * safe shape (a region-like or service-like string, a small integer), else only its type.
 * A secret pasted into the wrong field must not come back in the message.
 */
function describe(value: unknown, expected: string): string {
  if (typeof value === 'string') {
    if (REGION.test(value) || /^(?:es|aoss)$/i.test(value)) return `"${value}"`;
    return value === '' ? 'an empty string' : `a string that is not ${expected}`;
  }
  if (typeof value === 'number') return Number.isSafeInteger(value) && Math.abs(value) < 1000 ? String(value) : 'a number';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
