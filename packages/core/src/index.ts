/**
 * `@osauth/core`: the contract every osauth provider implements, the credential cache
 * they share, and the typed errors (with remediation) that users catch.
 * @packageDocumentation
 */
export type { AuthRequest, Authorization, RequestBody } from './request';
export type { AuthProvider, FailedAttempt, FailedResponse } from './provider';
export type { OsAuthEvent, OsAuthEventListener, RequestSignedEvent } from './events';
export { requestSignedEvent, type SignedTexts } from './request-signed-event';
export type { DebugOptions } from './debug-options';
export type { AuthProviderConstructor, ProviderContext } from './provider-constructor';
export { registerProvider, registeredProvider, registeredProviderNames, type ProviderRegistration } from './provider-registry';
export type { ProviderConfigRegistry } from './auth-config-registry';
export { rejectUnknownKeys, describeUnknownKeys } from './reject-unknown-keys';
// Shared at run time by the factory and the provider packages, so in the main entry (marked
// @internal) rather than `@osauth/core/internal`, whose CommonJS build holds its own copy of
// the error classes.
export { didYouMean } from './did-you-mean';
export { ConfigProblems } from './config-problems';
export type { Clock } from './clock';
export { systemClock } from './clock';
export { SkewCorrectedClock, MAX_CLOCK_OFFSET_MS } from './skew-corrected-clock';
export { ErrorCodes, type ErrorCode } from './errors/codes';
export { OsAuthError, type OsAuthErrorOptions } from './errors/os-auth-error';
export {
  AuthenticationError,
  NetworkPolicyDeniedError,
  AuthorizationError,
  InvalidCredentialsError,
  InvalidSecurityTokenError,
  ExpiredCredentialsError,
  SignatureMismatchError,
  ClockSkewError,
  CredentialsUnavailableError,
  ConfigError,
  UntrustedHostError,
  type ConfigErrorOptions,
  type ConfigProblem,
  type SignatureMismatchErrorOptions,
} from './errors/classes';
export type { SignatureDiff, SignatureDiffPart } from './errors/signature-diff';
export { CredentialCache, type CredentialCacheOptions, type CredentialSource, type ExpiringCredentials } from './credential-cache';
export { digestBody } from './digest-body';
export { HmacKey, type HmacAlgorithm } from './hmac-key';
export { Secret, isSecret, revealSecret } from './secret';
export { REDACTED, SECRET_HEADERS, registerSecret, redactSecrets, redactText, redactHeaders, redactValue } from './redaction';
export type { RemediationEntry } from './remediation/entry';
export { remediationCatalogue, ERRORS_DOC_URL } from './remediation/catalogue';
export { registerRemediations, registeredRemediationProviders, type ProviderRemediations } from './remediation/registry';
export { registerCredentialShapes, registeredCredentialShapes, type CredentialShapes, type CredentialShapeKind, type RegisteredCredentialShapes } from './credential-shapes';
export { checkSigningHost, HOST_WITH_OPTIONAL_PORT, type SplitHost, splitSigningHost } from './signing-host';
export { maskKeyId } from './mask-key-id';
