import type { ErrorCode } from '../errors/codes';
import { alibabaRemediations } from './alibaba';
import { awsRemediations } from './aws';
import type { RemediationEntry } from './entry';
import { genericRemediations } from './generic';

/** Where the error catalogue is published; each entry's id is a heading anchor in it. */
export const ERRORS_DOC_URL = 'https://github.com/osauth/osauth/blob/main/docs/errors.md';

/** Every remediation, generic entries first. The single source of remediation text. */
export const remediationCatalogue: readonly RemediationEntry[] = [
  ...genericRemediations,
  ...awsRemediations,
  ...alibabaRemediations,
];

const byId = new Map(remediationCatalogue.map((entry) => [entry.id, entry]));
const genericByCode = new Map(genericRemediations.map((entry) => [entry.code, entry]));

/**
 * The entry for `id` when it exists and is about `code`, else the generic entry of `code`.
 * A variant of another code is never used: the code decides what the error is.
 */
export function remediationEntryFor(code: ErrorCode, id?: string): RemediationEntry {
  const variant = id === undefined ? undefined : byId.get(id);
  if (variant && variant.code === code) return variant;
  const generic = genericByCode.get(code);
  if (!generic) throw new Error(`osauth: no remediation for code ${code}`);
  return generic;
}

/** The steps of `entry` as numbered lines, placeholders filled from `details`. */
export function renderRemediation(
  entry: RemediationEntry,
  details: Readonly<Record<string, string | undefined>> = {},
): string {
  return entry.steps
    .map((step, index) => `${index + 1}. ${fillPlaceholders(step, details, entry.defaults)}`)
    .join('\n');
}

/** The docs URL of an entry: the catalogue page with the entry's anchor. */
export function docsUrlFor(entry: RemediationEntry): string {
  return `${ERRORS_DOC_URL}#${entry.id}`;
}

function fillPlaceholders(
  text: string,
  details: Readonly<Record<string, string | undefined>>,
  defaults: Readonly<Record<string, string>> = {},
): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => details[name] ?? defaults[name] ?? whole);
}
