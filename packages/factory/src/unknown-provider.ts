import { didYouMean } from '@osauth/core';

// The provider packages of this repository: a near miss of their names (`awss`) is
// suggested even before the package is installed or loaded.
const FIRST_PARTY_PROVIDERS: readonly string[] = ['aws', 'alibaba'];

// A name that is shown back as written: the shape of a provider name, not of a secret.
const PROVIDER_NAME = /^[a-z][a-z0-9-]{0,15}$/;

/**
 * What to tell a person whose `auth.provider` finds no provider: the name (when it has the
 * shape of one), the known name it is a near miss of (`awss`, `AWS` → `aws`), and what to do.
 * @param available - the names a config can use now (built in, and registered).
 * @param packageName - the package the name would come from, which is not installed.
 */
export function unknownProviderMessage(name: string, available: readonly string[], packageName?: string): string {
  const suggestion = didYouMean(name, [...new Set([...available, ...FIRST_PARTY_PROVIDERS])]);
  const caseOnly = suggestion !== undefined && suggestion.toLowerCase() === name.toLowerCase();
  // A name that makes a package name is in the message already; one equal to a known name
  // but for case is that name, not a secret.
  const shown = packageName !== undefined || caseOnly || PROVIDER_NAME.test(name) ? `"${name}"` : '(name not shown: it does not look like a provider name)';
  const names = available.join(', ');
  if (suggestion !== undefined) {
    const why = caseOnly ? 'provider names are case-sensitive' : packageName !== undefined ? `no package ${packageName} is installed` : 'no provider has this name';
    return `unknown provider ${shown}; did you mean "${suggestion}"? (${why}; available now: ${names}.)`;
  }
  if (packageName !== undefined) {
    return `unknown provider ${shown}: the "${name}" provider comes from the package ${packageName}, which is not installed: npm install ${packageName} (available now: ${names}).`;
  }
  return `unknown provider ${shown}; built in: ${names}. Bind your own class to AUTH_PROVIDER under this name to use it.`;
}
