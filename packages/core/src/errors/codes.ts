/** Every stable error code osauth throws. Codes never change meaning between versions. */
export const ErrorCodes = {
  /** {@link AuthenticationError}: the service could not tell who sent the request. */
  AUTHENTICATION_FAILED: 'AUTHENTICATION_FAILED',
  /** {@link NetworkPolicyDeniedError}: the caller's network is not admitted. */
  NETWORK_POLICY_DENIED: 'NETWORK_POLICY_DENIED',
  /** {@link AuthorizationError}: the caller is known, a policy denies the action. */
  ACCESS_DENIED: 'ACCESS_DENIED',
  /** {@link InvalidCredentialsError}: the access key id is unknown or disabled. */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** {@link InvalidSecurityTokenError}: the session or security token is malformed or not the key's. */
  INVALID_SECURITY_TOKEN: 'INVALID_SECURITY_TOKEN',
  /** {@link ExpiredCredentialsError}: the temporary credentials have expired. */
  EXPIRED_CREDENTIALS: 'EXPIRED_CREDENTIALS',
  /** {@link SignatureMismatchError}: the service computed another signature. */
  SIGNATURE_MISMATCH: 'SIGNATURE_MISMATCH',
  /** {@link ClockSkewError}: the signing time is outside the service's window. */
  CLOCK_SKEW: 'CLOCK_SKEW',
  /** {@link CredentialsUnavailableError}: no credentials could be obtained. */
  CREDENTIALS_UNAVAILABLE: 'CREDENTIALS_UNAVAILABLE',
  /** {@link ConfigError}: the configuration is invalid. */
  INVALID_CONFIG: 'INVALID_CONFIG',
  /** {@link UntrustedHostError}: a request was about to go to a host that is not configured. */
  UNTRUSTED_HOST: 'UNTRUSTED_HOST',
} as const;

/** One of {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
