import type { ErrorCode } from '../errors/codes';
import type { RemediationEntry } from './entry';
import { genericRemediation, registeredRemediation } from './registry';

export { remediationCatalogue } from './registry';

/**
 * The page of the documentation site (built by `pnpm run docs` from docs/errors.md) that
 * documents every error code; each entry's id is the anchor of its heading there, on GitHub too.
 * @internal
 */
export const ERRORS_DOC_URL = 'https://osauth.github.io/osauth/documents/errors.html';

/**
 * The entry an error of `code` explains itself with: `variant` when given, else the
 * registered entry `id` (deprecated), else the generic entry of `code`. The code decides
 * what the error is, so an entry of another code is a programming error, never ignored.
 * @internal
 * @throws TypeError when the entry is about another code, or `id` is not registered.
 */
export function remediationFor(code: ErrorCode, variant?: RemediationEntry, id?: string): RemediationEntry {
  const entry = variant ?? (id === undefined ? undefined : registeredRemediation(id));
  if (entry === undefined) {
    if (id !== undefined) throw new TypeError(`osauth: no remediation "${id}" is registered`);
    return genericRemediation(code);
  }
  if (entry.code !== code) throw new TypeError(`osauth: remediation "${entry.id}" is for ${entry.code}, not for an error of code ${code}`);
  return entry;
}

/** The steps of `entry` as numbered lines, placeholders filled from `details`. */
export function renderRemediation(entry: RemediationEntry, details: Readonly<Record<string, string | undefined>> = {}): string {
  return entry.steps.map((step, index) => `${index + 1}. ${fillPlaceholders(step, details, entry.defaults)}`).join('\n');
}

/** The docs URL of an entry: the catalogue page of the site, at the entry's anchor. */
export function docsUrlFor(entry: RemediationEntry): string {
  return `${ERRORS_DOC_URL}#${entry.id}`;
}

function fillPlaceholders(text: string, details: Readonly<Record<string, string | undefined>>, defaults: Readonly<Record<string, string>> = {}): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => details[name] ?? defaults[name] ?? whole);
}
