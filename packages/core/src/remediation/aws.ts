import type { RemediationEntry } from './entry';

/** AWS-specific remediation variants (Amazon OpenSearch Service `es` and Serverless `aoss`). */
export const awsRemediations: readonly RemediationEntry[] = [];
