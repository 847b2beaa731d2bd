import type { CredentialShapes } from '@osauth/core';

/**
 * How Alibaba Cloud credentials look in text and headers: the STS token headers of
 * OpenSearch v3 and ACS signing, the AccessKey parameters of POP signed URLs, the
 * `OPENSEARCH <AccessKey ID>:<signature>` Authorization scheme, and the secret keys of SDK
 * objects. Registered with core (see `registerAlibabaKnowledge`) so that every error is
 * scrubbed of them.
 */
export const alibabaCredentialShapes: CredentialShapes = {
  secretHeaders: ['x-opensearch-security-token', 'x-acs-security-token'],
  // `SecurityToken=` of POP URLs takes the token-key rule, as it always has: its value also
  // ends at `,`, `;` and `\`, and spaces may come before the separator.
  tokenKeys: ['x-opensearch-security-token', 'x-acs-security-token', 'securitytoken'],
  signedUrlParams: ['AccessKeyId', 'AccessKeySecret'],
  idSignatureSchemes: ['OPENSEARCH'],
  secretKeys: ['accessKeySecret', 'securityToken'],
};
