/** How a doctor check ended. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** The ids of the doctor's checks, in the order they are reported. */
export type CheckId = 'config' | 'endpoint' | 'credentials' | 'identity' | 'clock' | 'request';

/** One check as `osauth doctor --json` prints it. */
export interface DoctorCheck {
  readonly id: CheckId;
  readonly status: CheckStatus;
  /** One line. */
  readonly summary: string;
  /** Further lines: where a value came from, what was found. */
  readonly details?: readonly string[];
}

/** What the first failed check's error says to do, specialised with what the checks found. */
export interface DoctorDiagnosis {
  /** The osauth error code (`CLOCK_SKEW`, …), or the error's name for a non-osauth failure (`ConnectionError`). */
  readonly code: string;
  /** The service's own hint (an error code or header), when there was one. */
  readonly hint?: string;
  readonly remediation: string;
}

/** The one JSON object `osauth doctor --json` prints. */
export interface DoctorReport {
  /** Whether no check failed (warnings allowed). */
  readonly ok: boolean;
  readonly checks: readonly DoctorCheck[];
  readonly diagnosis?: DoctorDiagnosis;
}
