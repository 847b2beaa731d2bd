// No broken links in the built docs site: every internal href/src resolves, every #fragment
// names an element on its target page, and links that leave the site are never fetched.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SITE_DIR, assertSiteBuilt } from './support/built-site';
import type { SiteLinkReport } from './support/site-link-check';
import { checkSiteLinks, describeBroken } from './support/site-link-check';
import type { BrokenLink } from './support/site-references';
import { SiteReferences } from './support/site-references';
import { navigationLinks, searchLinks } from './support/typedoc-site-data';

// Stops a hung crawl; the site's ~200 pages crawl in a few seconds on loopback.
const CRAWL_TIMEOUT_MS = 90_000;

function isLoopback(url: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return hostname === 'localhost' || hostname.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === '[::1]' || hostname === '0.0.0.0';
}

describe('the built docs site (site/) has no broken links', () => {
  let report: SiteLinkReport;

  beforeAll(async () => {
    assertSiteBuilt();
    report = await checkSiteLinks(SITE_DIR, CRAWL_TIMEOUT_MS);
  }, CRAWL_TIMEOUT_MS + 10_000);

  it('crawls every page, and every internal href/src answers 2xx (linkinator)', () => {
    expect(report.pages).toContain('index.html');
    // More links than pages: the crawl followed links, not only the start URLs.
    expect(report.okCount).toBeGreaterThan(report.pages.length);
    expect(describeBroken(report.broken)).toEqual([]);
  });

  it('every #fragment names an element id (or <a name>) on its target page', () => {
    expect(describeBroken(report.brokenFragments)).toEqual([]);
  });

  it("every link of typedoc's sidebar navigation and search index resolves", () => {
    const references = new SiteReferences(SITE_DIR);
    const links = [...navigationLinks(SITE_DIR), ...searchLinks(SITE_DIR)];
    expect(links.length).toBeGreaterThan(0);
    const broken: BrokenLink[] = [];
    for (const { script, link } of links) {
      // The data's paths are relative to the site root, like the start page's links.
      const problem = references.problemWith('index.html', link);
      if (problem !== undefined) broken.push({ page: script, link, problem });
    }
    expect(describeBroken(broken)).toEqual([]);
  });

  it('collects the external links without fetching them, and none points to a loopback address', () => {
    expect(report.external.length).toBeGreaterThan(0);
    expect(describeBroken(report.external.filter(({ link }) => isLoopback(link)))).toEqual([]);
  });
});

describe('the link check itself', () => {
  let fixture: string;

  beforeAll(() => {
    fixture = mkdtempSync(path.join(tmpdir(), 'osauth-site-links-'));
    writeFileSync(
      path.join(fixture, 'index.html'),
      `<!DOCTYPE html><html><body><h1 id="top-heading">Start</h1>
<a href="other.html#here">fine</a> <a href="#top-heading">fine</a> <a href="https://github.com/">external</a>
<a href="missing.html">missing page</a> <img src="img/missing.png"> <a href="other.html#nowhere">missing anchor</a>
<a href="http://localhost:9200/">loopback</a></body></html>`,
    );
    writeFileSync(path.join(fixture, 'other.html'), '<!DOCTYPE html><html><body><h2 id="here">Here</h2><a href="index.html#gone">missing anchor</a></body></html>');
  });

  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  it(
    'reports each broken link, missing file and missing anchor with the page it is on',
    async () => {
      const fixtureReport = await checkSiteLinks(fixture, CRAWL_TIMEOUT_MS);
      expect(describeBroken(fixtureReport.broken).sort()).toEqual(['index.html: img/missing.png (HTTP 404)', 'index.html: missing.html (HTTP 404)']);
      expect(describeBroken(fixtureReport.brokenFragments)).toEqual([
        'index.html: other.html#nowhere (no element with id or name "nowhere" on other.html)',
        'other.html: index.html#gone (no element with id or name "gone" on index.html)',
      ]);
      expect(fixtureReport.external.map(({ link }) => link).sort()).toEqual(['http://localhost:9200/', 'https://github.com/']);
      expect(fixtureReport.external.filter(({ link }) => isLoopback(link)).map(({ page }) => page)).toEqual(['index.html']);
    },
    CRAWL_TIMEOUT_MS,
  );
});
