import type { ErrorCode } from '../errors/codes';

/**
 * One remediation in the catalogue: what a person should do when an error with
 * this `code` (and, for provider variants, these circumstances) is thrown.
 */
export interface RemediationEntry {
  /** Stable id, also the heading anchor in docs/errors.md, e.g. `vault-token-expired`. */
  readonly id: string;
  /** The error code this entry explains. */
  readonly code: ErrorCode;
  /** The provider this variant belongs to; absent for the generic entry of a code. */
  readonly provider?: string;
  /** A one-line title, also used as the default error message. */
  readonly title: string;
  /** When this remediation applies, in one or two sentences (docs only). */
  readonly when: string;
  /**
   * Steps in order of likelihood. `{name}` placeholders are filled from the
   * error's details, or from `defaults` when a detail is missing.
   */
  readonly steps: readonly string[];
  /** Values for placeholders the error's details leave unfilled, e.g. `{ region: 'your region' }`. */
  readonly defaults?: Readonly<Record<string, string>>;
}
