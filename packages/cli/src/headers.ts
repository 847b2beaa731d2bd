import { REDACTED, redactText, SECRET_HEADERS } from '@osauth/core';
import { maskKeyId } from './output';

/**
 * Headers as `name: value` lines, each prefixed, secrets masked: an `Authorization` keeps
 * its scheme and (masked) key id, other secret headers are `[REDACTED]`, everything else
 * goes through the SDK's redaction.
 */
export function showHeaders(headers: Readonly<Record<string, unknown>>, prefix: string): string {
  let out = '';
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? (value as unknown[]) : [value]) out += `${prefix}${name.toLowerCase()}: ${maskHeader(name, String(one))}\n`;
  }
  return out;
}

/** One header value as the CLI prints it. */
export function maskHeader(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization') return maskAuthorization(value);
  // Also a header of the user's own naming that says it carries a credential (`x-api-key`, `x-auth-token`).
  if (SECRET_HEADERS.has(lower) || lower.endsWith('security-token') || /(?:api-?key|token|secret|password|cookie)$/.test(lower)) return REDACTED;
  return redactText(value);
}

function maskAuthorization(value: string): string {
  const sigv4 = /^(AWS4-HMAC-SHA256) Credential=([^/,\s]+)(\/[^,\s]*)?,\s*SignedHeaders=([^,\s]*),\s*Signature=\S+$/.exec(value);
  if (sigv4) return `${sigv4[1]} Credential=${maskKeyId(sigv4[2] ?? '')}${sigv4[3] ?? ''}, SignedHeaders=${sigv4[4] ?? ''}, Signature=${REDACTED}`;
  // Alibaba OpenSearch v3: `OPENSEARCH <AccessKeyId>:<signature>`.
  const v3 = /^(OPENSEARCH) ([^:\s]+):\S+$/.exec(value);
  if (v3) return `${v3[1]} ${maskKeyId(v3[2] ?? '')}:${REDACTED}`;
  const scheme = /^([A-Za-z0-9-]+) /.exec(value)?.[1];
  return scheme === undefined ? REDACTED : `${scheme} ${REDACTED}`;
}
