import { REDACTED } from '@osauth/core';

// Query parameters that carry a credential by convention (OAuth, presigned URLs, API keys).
const SECRET_PARAMS =
  /^(?:access_token|id_token|refresh_token|token|auth|password|passwd|pwd|secret|client_secret|api_key|apikey|x-api-key|signature|sig|x-amz-signature|x-amz-security-token|securitytoken|x-acs-security-token)$/i;

/**
 * `text` with the secrets a URL can carry masked wherever a URL appears in it: the password
 * of `scheme://user:password@host` and the values of credential query parameters
 * (`?access_token=…`, `X-Amz-Signature=…`). For URLs a user typed or a client sent, which no
 * `Secret` holds: a request line, a log line, the target of a report.
 */
export function maskUrlSecrets(text: string): string {
  return text
    .replace(/(\/\/[^/?#@\s:]*):[^/?#@\s]*@/g, `$1:${REDACTED}@`)
    .replace(/(^|[?&;\s])([^=&?;\s]+)=([^&#\s]*)/g, (match, before: string, name: string) => (SECRET_PARAMS.test(name) ? `${before}${name}=${REDACTED}` : match));
}
