import type { CredentialShapes } from '@osauth/core';

/**
 * How AWS credentials look in text and headers: the session token header of SigV4, the
 * signature and credential of presigned URLs, the `Credential=<key id>/<scope>` of an
 * Authorization header, and the secret keys of SDK objects and credential files.
 * Registered with core (see `registerAwsKnowledge`) so that every error is scrubbed of them.
 */
export const awsCredentialShapes: CredentialShapes = {
  secretHeaders: ['x-amz-security-token'],
  tokenKeys: ['x-amz-security-token', 'x-amz-signature'],
  signedUrlParams: ['X-Amz-Credential'],
  scopedIdKeys: ['Credential'],
  secretKeys: ['secretAccessKey', 'secret_access_key', 'aws_secret_access_key', 'sessionToken', 'session_token', 'aws_session_token'],
};
