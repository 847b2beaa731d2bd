import * as fs from 'node:fs';
import * as path from 'node:path';
// The provider packages register their remediation entries when they load: loaded here in
// the order scripts/generate-errors-doc.js loads them, which orders their sections.
import '@osauth/aws';
import '@osauth/alibaba';
import { type AuthenticationError, ConfigError, type ErrorCode, type OsAuthError, type RemediationEntry, UntrustedHostError, registeredRemediationProviders, remediationCatalogue } from '@osauth/core';
import { ERROR_CLASSES, renderErrorsDoc } from '@osauth/core/internal';

const ERRORS_MD = path.join(__dirname, '..', '..', '..', 'docs', 'errors.md');

function errorOf(code: ErrorCode, variant: RemediationEntry): OsAuthError {
  const cls = ERROR_CLASSES.find((c) => c.code === code);
  if (cls === undefined) throw new Error(`no class for ${code}`);
  if (cls === ConfigError) return new ConfigError({ path: 'auth', variant });
  if (cls === UntrustedHostError) return new UntrustedHostError({ provider: 'test', host: 'x:443', variant });
  return new (cls as typeof AuthenticationError)({ provider: variant.provider ?? 'osauth', variant });
}

/** A heading's anchor as GitHub and the site make it: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading?.[1])
      anchors.add(
        heading[1]
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /g, '-'),
      );
  }
  return anchors;
}

describe('docs/errors.md', () => {
  it('is up to date with the remediation catalogue (run `pnpm run docs` to regenerate)', () => {
    expect(fs.readFileSync(ERRORS_MD, 'utf8')).toBe(renderErrorsDoc());
  });

  it('lists the entries of core and of every provider package, each under a unique anchor', () => {
    expect(registeredRemediationProviders().map(({ provider, title }) => [provider, title])).toEqual([
      ['aws', 'AWS'],
      ['alibaba', 'Alibaba Cloud'],
    ]);
    const ids = remediationCatalogue.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    const anchors = anchorsOf(renderErrorsDoc());
    for (const id of ids) expect(anchors).toContain(id);
  });

  it('has an error class for the code of every entry, whose error takes the entry', () => {
    for (const entry of remediationCatalogue) {
      const error = errorOf(entry.code, entry);
      expect(error.code).toBe(entry.code);
      expect(error.docsUrl).toBe(`https://osauth.github.io/osauth/documents/errors.html#${entry.id}`);
    }
  });
});
