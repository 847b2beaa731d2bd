import { registerCredentialShapes, registerRemediations } from '@osauth/core';
import { awsCredentialShapes } from './aws-credential-shapes';
import { awsRemediation } from './remediation';

/**
 * Tells core what AWS credentials look like (so redaction finds them) and AWS's remediation
 * entries (so docs/errors.md lists them). Idempotent. Called at the top of the module that
 * classifies AWS errors, which the provider imports and uses: the registration happens
 * before the provider can produce any text, and a bundler honouring `"sideEffects": false`
 * cannot drop it, as it could a bare `import './register'`.
 */
export function registerAwsKnowledge(): void {
  registerCredentialShapes(awsCredentialShapes);
  registerRemediations({ provider: 'aws', title: 'AWS', entries: Object.values(awsRemediation) });
}
