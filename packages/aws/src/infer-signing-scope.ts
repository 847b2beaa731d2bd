import { ConfigError } from '@osauth/core';
import type { AwsSigningService } from './aws-auth-config';

/** What SigV4 signs for: the service and region of the credential scope. */
export interface SigningScope {
  readonly service: AwsSigningService;
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
 */
export function inferSigningScope(explicit: { service?: unknown; region?: unknown }, nodes: readonly URL[], configPath: string, env: NodeJS.ProcessEnv = process.env): SigningScope {
  if (explicit.service !== undefined && explicit.service !== 'es' && explicit.service !== 'aoss') {
    throw configError(`${configPath}.service`, `must be "es" or "aoss", got ${describe(explicit.service, 'a service name')}.`);
  }
  if (explicit.region !== undefined && (typeof explicit.region !== 'string' || !REGION.test(explicit.region))) {
    throw configError(`${configPath}.region`, `must be an AWS region such as "us-east-1", got ${describe(explicit.region, 'a region')}.`);
  }
  const explicitService: AwsSigningService | undefined = explicit.service;
  const explicitRegion: string | undefined = explicit.region;

  let service = explicitService;
  let region = explicitRegion;
  for (const node of nodes) {
    const fromHost = scopeFromHost(node.hostname);
    if (fromHost.service) {
      if (explicitService && explicitService !== fromHost.service) {
        throw configError(
          `${configPath}.service`,
          `"${explicitService}" contradicts the endpoint ${node.hostname}, which is an "${fromHost.service}" endpoint. Remove auth.service or fix the node URL.`,
        );
      }
      service ??= fromHost.service;
    }
    if (fromHost.region) {
      if (explicitRegion && explicitRegion !== fromHost.region) {
        throw configError(`${configPath}.region`, `"${explicitRegion}" contradicts the endpoint ${node.hostname}, which is in "${fromHost.region}". Remove auth.region or fix the node URL.`);
      }
      region ??= fromHost.region;
    }
  }
  region ??= env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;

  const host = nodes[0]?.hostname ?? 'the endpoint';
  if (!service) {
    throw configError(
      `${configPath}.service`,
      `required: ${host} is not an *.es.amazonaws.com or *.aoss.amazonaws.com host. Set "es" for Amazon OpenSearch Service or "aoss" for OpenSearch Serverless.`,
    );
  }
  if (!region) {
    throw configError(
      `${configPath}.region`,
      `required: ${host} does not name a region and neither AWS_REGION nor AWS_DEFAULT_REGION is set. Set the region of the ${service === 'aoss' ? 'collection' : 'domain'}, e.g. "us-east-1".`,
    );
  }
  return { service, region };
}

function configError(path: string, message: string): ConfigError {
  return new ConfigError({ path, provider: 'aws', message });
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
