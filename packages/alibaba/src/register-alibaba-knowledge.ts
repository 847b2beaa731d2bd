import { registerCredentialShapes, registerRemediations } from '@osauth/core';
import { alibabaCredentialShapes } from './alibaba-credential-shapes';
import { alibabaRemediation } from './remediation';

/**
 * Tells core what Alibaba Cloud credentials look like (so redaction finds them) and
 * Alibaba's remediation entries (so docs/errors.md lists them). Idempotent. Called at the
 * top of the modules that classify Alibaba errors and call STS, which the provider imports
 * and uses: the registration happens before the provider can produce any text, and a
 * bundler honouring `"sideEffects": false` cannot drop it, as it could a bare `import`.
 */
export function registerAlibabaKnowledge(): void {
  registerCredentialShapes(alibabaCredentialShapes);
  registerRemediations({ provider: 'alibaba', title: 'Alibaba Cloud', entries: Object.values(alibabaRemediation) });
}
