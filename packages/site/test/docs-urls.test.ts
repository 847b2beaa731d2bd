// Every error's `docsUrl` opens the page of the built site (site/, `pnpm run docs` or
// `turbo run site`) that documents its code, at an element whose id is the URL's anchor:
// for the generic entry of every code and for every entry a provider package registers.
import * as fs from 'node:fs';
import * as path from 'node:path';
// The provider packages register their remediation entries when they load.
import '@osauth/aws';
import '@osauth/alibaba';
import { type AuthenticationError, ConfigError, type ErrorCode, type OsAuthError, type RemediationEntry, UntrustedHostError, registeredRemediationProviders, remediationCatalogue } from '@osauth/core';
import { ERROR_CLASSES } from '@osauth/core/internal';

/** Where the site is published (the packages' `homepage`); site/ holds what is published there. */
const SITE_URL = 'https://osauth.github.io/osauth/';
const SITE_DIR = path.join(__dirname, '..', '..', '..', 'site');

/** An error of `code`, explained by `variant` when given, else by the generic entry of its code. */
function errorOf(code: ErrorCode, variant?: RemediationEntry): OsAuthError {
  const cls = ERROR_CLASSES.find((c) => c.code === code);
  if (cls === undefined) throw new Error(`no error class for ${code}`);
  if (cls === ConfigError) return new ConfigError({ path: 'auth', variant });
  if (cls === UntrustedHostError) return new UntrustedHostError({ provider: 'test', host: 'x:443', variant });
  return new (cls as typeof AuthenticationError)({ provider: variant?.provider ?? 'osauth', variant });
}

const htmlByFile = new Map<string, string | undefined>();

/** The built page a site URL opens, or undefined when site/ has no such file. */
function pageOf(url: string): string | undefined {
  const relative = url.slice(SITE_URL.length) || 'index.html';
  const file = path.join(SITE_DIR, ...relative.split('/'));
  if (!htmlByFile.has(file)) htmlByFile.set(file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
  return htmlByFile.get(file);
}

/** What is wrong with `docsUrl` on the built site, or undefined when it opens its section. */
function problemOf(docsUrl: string): string | undefined {
  const [page = '', anchor, ...rest] = docsUrl.split('#');
  if (!page.startsWith(SITE_URL)) return `${docsUrl} is not on the site ${SITE_URL}`;
  if (anchor === undefined || anchor === '' || rest.length > 0) return `${docsUrl} has no single #anchor`;
  const html = pageOf(page);
  if (html === undefined) return `${docsUrl}: site/${page.slice(SITE_URL.length)} was not built`;
  const escaped = anchor.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<[a-zA-Z][^>]*\\sid="${escaped}"`).test(html) ? undefined : `${docsUrl}: no element on that page has the id "${anchor}"`;
}

describe('docsUrl of every error, on the built site', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(SITE_DIR, 'index.html'))) throw new Error(`${SITE_DIR} is not built: run \`pnpm run docs\` (or \`pnpm exec turbo run site\`) first`);
  });

  it('knows the entries of core and of both provider packages', () => {
    expect(registeredRemediationProviders().map(({ provider }) => provider)).toEqual(['aws', 'alibaba']);
    const providers = new Set(remediationCatalogue.map((entry) => entry.provider));
    expect(providers).toEqual(new Set([undefined, 'aws', 'alibaba']));
  });

  it('of every error class, without a variant, opens the section of its code', () => {
    const problems = ERROR_CLASSES.map((cls) => problemOf(errorOf(cls.code as ErrorCode).docsUrl)).filter((problem) => problem !== undefined);
    expect(problems).toEqual([]);
  });

  it('of every registered remediation entry, generic or a provider’s, opens that entry’s section', () => {
    const problems = remediationCatalogue.map((entry) => {
      const docsUrl = errorOf(entry.code, entry).docsUrl;
      // The anchor is the entry's id, so a docsUrl can be told from the entry alone.
      if (!docsUrl.endsWith(`#${entry.id}`)) return `${entry.id}: ${docsUrl} is not at #${entry.id}`;
      return problemOf(docsUrl);
    });
    expect(problems.filter((problem) => problem !== undefined)).toEqual([]);
    expect(problems.length).toBeGreaterThan(ERROR_CLASSES.length);
  });
});
