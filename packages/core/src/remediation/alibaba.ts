import type { RemediationEntry } from './entry';

/** Alibaba Cloud-specific remediation variants. */
export const alibabaRemediations: readonly RemediationEntry[] = [];
