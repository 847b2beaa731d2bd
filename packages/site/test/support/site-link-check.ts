// The link check over a built site: linkinator crawls it over HTTP (every href/src it knows
// must answer 2xx), and the #fragments, which linkinator 6 does not check, are checked on disk.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { siteFiles } from './built-site';
import { referencesIn } from './html-references';
import { crawlWithLinkinator } from './linkinator-crawl';
import type { BrokenLink } from './site-references';
import { SiteReferences } from './site-references';
import { startStaticSiteServer } from './static-site-server';

export interface SiteLinkReport {
  readonly pages: readonly string[];
  /** Internal links linkinator fetched with a 2xx answer. */
  readonly okCount: number;
  readonly broken: readonly BrokenLink[];
  readonly brokenFragments: readonly BrokenLink[];
  /** Links that leave the site, as linkinator saw them: collected, never fetched. */
  readonly external: readonly BrokenLink[];
}

export async function checkSiteLinks(siteDir: string, crawlTimeoutMs: number): Promise<SiteLinkReport> {
  const pages = siteFiles(siteDir, ['.html']);
  const server = await startStaticSiteServer(siteDir);
  let crawled;
  try {
    crawled = await crawlWithLinkinator(
      server.origin,
      pages.map((page) => server.origin + page),
      crawlTimeoutMs,
    );
  } finally {
    await server.close();
  }
  const local = (url: string | undefined): string => (url === undefined ? '(a start URL)' : url.startsWith(server.origin) ? url.slice(server.origin.length) : url);
  const broken = crawled.filter((link) => link.state === 'BROKEN').map((link) => ({ page: local(link.parent), link: local(link.url), problem: `HTTP ${link.status ?? 'request failed'}` }));
  const external = crawled.filter((link) => link.state === 'SKIPPED').map((link) => ({ page: local(link.parent), link: link.url, problem: 'external' }));

  const references = new SiteReferences(siteDir);
  const brokenFragments: BrokenLink[] = [];
  for (const page of pages) {
    for (const { value } of referencesIn(readFileSync(path.join(siteDir, page), 'utf8'))) {
      const problem = references.problemWith(page, value, { fragmentsOnly: true });
      if (problem !== undefined) brokenFragments.push({ page, link: value, problem });
    }
  }
  return { pages, okCount: crawled.filter((link) => link.state === 'OK').length, broken, brokenFragments, external };
}

/** One line per broken link (repeats on a page once), naming the page it is on: what a failing test prints. */
export function describeBroken(links: readonly BrokenLink[]): string[] {
  return [...new Set(links.map(({ page, link, problem }) => `${page}: ${link} (${problem})`))];
}
