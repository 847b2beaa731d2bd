import { ErrorCodes, OsAuthError } from '@osauth/factory';

/** An HTTP answer for a caller of our API. */
export interface HttpAnswer {
  readonly status: number;
  readonly body: { readonly error: string; readonly code?: string; readonly docs?: string };
}

/**
 * Maps osauth's typed errors to what *our* API answers. Switch on the stable `code`;
 * never forward `remediation` or `hint` to end users (they are for operators' logs).
 */
export function toHttpAnswer(error: unknown): HttpAnswer {
  if (!(error instanceof OsAuthError)) return { status: 500, body: { error: 'internal error' } };
  switch (error.code) {
    case ErrorCodes.ACCESS_DENIED:
    case ErrorCodes.NETWORK_POLICY_DENIED:
      return { status: 503, body: { error: 'search is not reachable with our current permissions', code: error.code, docs: error.docsUrl } };
    case ErrorCodes.EXPIRED_CREDENTIALS:
    case ErrorCodes.CREDENTIALS_UNAVAILABLE:
    case ErrorCodes.CLOCK_SKEW:
      return { status: 503, body: { error: 'search is temporarily unavailable', code: error.code } };
    case ErrorCodes.INVALID_CONFIG:
      return { status: 500, body: { error: 'search is misconfigured', code: error.code } };
    default:
      return { status: 502, body: { error: 'search rejected our credentials', code: error.code } };
  }
}
