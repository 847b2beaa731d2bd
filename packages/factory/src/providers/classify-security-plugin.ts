import { AuthenticationError, AuthorizationError, type FailedResponse, type OsAuthError } from '@osauth/core';

/**
 * Classifies the answers of a cluster guarded by the OpenSearch / Elasticsearch security
 * plugin: 401 → not authenticated, 403 `security_exception` → not allowed.
 */
export function classifySecurityPluginError(response: FailedResponse, provider: string): OsAuthError | undefined {
  const reason = securityReason(response.body);
  const base = { provider, statusCode: response.statusCode, ...(reason ? { hint: reason } : {}) };
  if (response.statusCode === 401) {
    return new AuthenticationError({ ...base, message: `The cluster answered 401: ${reason ?? 'the credentials were not accepted'}.` });
  }
  if (response.statusCode === 403 && reason !== undefined) {
    return new AuthorizationError({ ...base, message: `The cluster's security plugin denied the request (403): ${reason}.` });
  }
  return undefined;
}

function securityReason(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, reason } = error as { type?: unknown; reason?: unknown };
  if (type !== 'security_exception') return undefined;
  return typeof reason === 'string' ? reason : 'security_exception';
}
