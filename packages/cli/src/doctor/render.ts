import { redactText } from '@osauth/core';
import type { Colours } from '../output';
import { maskUrlSecrets } from '../url-secrets';
import type { CheckStatus, DoctorReport } from './types';

/** The report for people: one line per check, its details indented, then the diagnosis. */
export function renderReport(report: DoctorReport, target: string, c: Colours): string {
  const paint: Record<CheckStatus, (s: string) => string> = { ok: (s) => c.green(s), warn: (s) => c.yellow(s), fail: (s) => c.red(s), skip: (s) => c.dim(s) };
  // The target is as the user typed it (a password in the URL, too); the report is redacted already.
  const lines = [`osauth doctor ${maskUrlSecrets(redactText(target))}`, ''];
  for (const check of report.checks) {
    lines.push(`  ${paint[check.status](check.status.padEnd(4))}  ${check.id.padEnd(11)}  ${check.summary}`);
    for (const detail of check.details ?? []) lines.push(c.dim(`${' '.repeat(21)}${detail}`));
  }
  lines.push('');
  if (report.diagnosis === undefined) {
    lines.push(c.green('No check failed.'));
  } else {
    const { code, hint, remediation } = report.diagnosis;
    lines.push(`${c.red('diagnosis')}: ${code}${hint === undefined ? '' : ` (hint: ${hint})`}`);
    lines.push(...remediation.split('\n').map((line) => `  ${line}`));
  }
  return `${lines.join('\n')}\n`;
}
