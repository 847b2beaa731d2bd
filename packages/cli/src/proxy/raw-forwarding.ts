import type { OsAuthConfig } from '@osauth/factory';

// Client options the raw forwarder honours (ssl, headers, requestTimeout), replaces with its
// own as the transport path does too (agent, maxRetries), or that change nothing on the wire.
const HONOURED = new Set([
  'ssl',
  'headers',
  'requestTimeout',
  'agent',
  'maxRetries',
  'name',
  'context',
  'pingTimeout',
  'resurrectStrategy',
  'disablePrototypePoisoningProtection',
  'enableLongNumeralSupport',
  'memoryCircuitBreaker',
  'generateRequestId',
]);

/**
 * Why `config` needs the transport forwarder rather than the raw one, or `undefined` when the
 * raw one sends exactly what an osauth client would: a forward `proxy` (its tunnelling
 * agents belong to the client), request compression, and any client option that changes
 * the request the raw forwarder does not know.
 */
export function rawForwardingBlocker(config: OsAuthConfig): string | undefined {
  if (config.proxy !== undefined) return 'the config sets a forward proxy (proxy)';
  if (typeof config.node !== 'string' && config.node.length !== 1) return 'the config names several nodes';
  const client = (config.client ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(client)) {
    const value = client[key];
    if (value === undefined || value === null || value === false || HONOURED.has(key)) continue;
    return `the config sets client.${key}`;
  }
  if (client.requestTimeout !== undefined && typeof client.requestTimeout !== 'number') return 'client.requestTimeout is not a number of milliseconds';
  return undefined;
}
