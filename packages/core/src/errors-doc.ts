import {
  AuthenticationError,
  AuthorizationError,
  ClockSkewError,
  ConfigError,
  UntrustedHostError,
  CredentialsUnavailableError,
  ExpiredCredentialsError,
  InvalidCredentialsError,
  InvalidSecurityTokenError,
  NetworkPolicyDeniedError,
  SignatureMismatchError,
} from './errors/classes';
import { OsAuthError } from './errors/os-auth-error';
import type { RemediationEntry } from './remediation/entry';
import { registeredRemediationProviders, remediationCatalogue } from './remediation/registry';

// Not exported from the package entry (`@osauth/core/internal` has it): `pnpm run docs`
// renders docs/errors.md from it once the provider packages are loaded (they register
// their entries), and a test fails when the committed file differs.

/**
 * A concrete error class as {@link ERROR_CLASSES} lists it: an `OsAuthError` subclass, its
 * name and the code its errors carry.
 * @internal
 */
export interface ErrorClass {
  readonly name: string;
  readonly code: string;
}

/**
 * Every concrete error class, one per error code, in the order docs/errors.md lists them.
 * @internal For the docs generator of this repository and its test.
 */
export const ERROR_CLASSES: readonly ErrorClass[] = [
  AuthenticationError,
  NetworkPolicyDeniedError,
  AuthorizationError,
  InvalidCredentialsError,
  InvalidSecurityTokenError,
  ExpiredCredentialsError,
  SignatureMismatchError,
  ClockSkewError,
  CredentialsUnavailableError,
  ConfigError,
  UntrustedHostError,
];

/**
 * The whole docs/errors.md, generated from the remediation catalogue: core's generic entries
 * and those of every provider registered so far (load the provider packages first).
 * @internal For the docs generator of this repository.
 */
export function renderErrorsDoc(): string {
  const titles = new Map(registeredRemediationProviders().map(({ provider, title }) => [provider, title]));
  const lines: string[] = [
    // The site's sidebar title and group (typedoc reads this frontmatter; GitHub shows it as a table).
    '---',
    'title: Error catalogue',
    'group: Reference',
    '---',
    '',
    '# Error catalogue',
    '',
    '<!-- Generated from packages/core/src/remediation by `pnpm run docs`. Do not edit by hand. -->',
    '',
    'Every error osauth throws is an `OsAuthError` with a stable `code`, the `provider` that raised it,',
    'a `remediation` (the steps below, with the details of your request filled in), the raw service',
    '`hint` and `requestId` when the service sent them, and a `docsUrl` that points at the section here.',
    'Secrets (secret keys, session tokens, API keys, passwords, Authorization headers) never',
    "appear in an error's message, stack, `toJSON()` or `util.inspect` output.",
    '',
    '```ts',
    "import type { Client } from '@opensearch-project/opensearch';",
    "import { ExpiredCredentialsError, OsAuthError } from '@osauth/factory';",
    '',
    'declare const client: Client;',
    '',
    'try {',
    "  await client.search({ index: 'logs' });",
    '} catch (err) {',
    '  if (err instanceof ExpiredCredentialsError) { /* refresh and retry */ }',
    '  else if (err instanceof OsAuthError) console.error(err.code, err.remediation);',
    '  else throw err;',
    '}',
    '```',
    '',
    '| class | code | extends |',
    '|---|---|---|',
    ...ERROR_CLASSES.map((cls) => `| \`${cls.name}\` | [\`${cls.code}\`](#${cls.code.toLowerCase()}) | \`${parentName(cls)}\` |`),
    '',
  ];
  for (const cls of ERROR_CLASSES) {
    const entries = remediationCatalogue.filter((entry) => entry.code === cls.code);
    const generic = entries.find((entry) => entry.provider === undefined);
    lines.push(`## ${cls.code}`, '', `Thrown as \`${cls.name}\` (extends \`${parentName(cls)}\`).`, '');
    if (generic) lines.push(...renderEntryBody(generic));
    for (const variant of entries.filter((entry) => entry.provider !== undefined)) {
      lines.push(`### \`${variant.id}\``, '');
      lines.push(`**${titles.get(variant.provider ?? '') ?? variant.provider}:** ${variant.title}`, '');
      lines.push(...renderEntryBody(variant));
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderEntryBody(entry: RemediationEntry): string[] {
  return [`*When:* ${entry.when}`, '', ...entry.steps.map((step, index) => `${index + 1}. ${step.replace(/\{([a-zA-Z]+)\}/g, '`<$1>`')}`), ''];
}

function parentName(cls: ErrorClass): string {
  const parent = Object.getPrototypeOf(cls) as { name: string };
  return parent === OsAuthError ? 'OsAuthError' : parent.name;
}
