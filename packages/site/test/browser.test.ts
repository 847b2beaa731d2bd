// The docs site works in a real browser: headless Chromium loads the main pages from a
// loopback server with no console errors, page errors, failed requests or requests leaving
// the machine; typedoc's search finds createClient; the sidebar, the page navigation and a
// guide's link to another guide go where they say. Also writes a screenshot for CI.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { REPO_ROOT, SITE_DIR, assertSiteBuilt } from './support/built-site';
import { chromiumExecutablePath, launchChromium } from './support/chromium';
import { decodeEntities } from './support/html-references';
import type { PageMonitor } from './support/page-monitor';
import { monitorContext } from './support/page-monitor';
import type { StaticSiteServer } from './support/static-site-server';
import { startStaticSiteServer } from './support/static-site-server';

// Upper bounds that stop a hung browser, not performance assertions. Chromium starts in a few
// seconds on 2 cores; a page and its scripts load well within the action timeout.
const LAUNCH_TIMEOUT_MS = 60_000;
const ACTION_TIMEOUT_MS = 15_000;
const TEST_TIMEOUT_MS = 60_000;

const SCREENSHOT = path.join(REPO_ROOT, '.ci', 'screenshots', 'site-start-page.png');
const CREATE_CLIENT_PAGE = 'functions/_osauth_factory.createClient.html';

// `titled`: a page written in Markdown, whose own `# title` is the one heading (typedoc adds no second).
const MAIN_PAGES: readonly { readonly name: string; readonly page: string; readonly heading: RegExp; readonly titled?: true }[] = [
  { name: 'start page', page: 'index.html', heading: /osauth/, titled: true },
  { name: 'configuration guide', page: 'documents/configuration.html', heading: /configuration/i, titled: true },
  { name: 'error catalogue', page: 'documents/errors.html', heading: /error/i, titled: true },
  { name: 'API modules page', page: 'modules.html', heading: /osauth/ },
  { name: "createClient's function page", page: CREATE_CLIENT_PAGE, heading: /createClient/ },
];

/** The text of the first <h1> typedoc wrote into a built page: what the browser must show. */
function builtHeading(page: string): RegExp {
  const html = readFileSync(path.join(SITE_DIR, page), 'utf8');
  const inner = /<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1];
  if (inner === undefined) throw new Error(`${page} has no <h1>`);
  const text = decodeEntities(inner.replace(/<[^>]*>/g, '')).trim();
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

describe('the docs site in headless Chromium', () => {
  let server: StaticSiteServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let monitor: PageMonitor;
  let page: Page;
  let notFoundSeen = 0;

  beforeAll(async () => {
    assertSiteBuilt();
    const executablePath = chromiumExecutablePath();
    server = await startStaticSiteServer(SITE_DIR);
    browser = await launchChromium(executablePath, LAUNCH_TIMEOUT_MS);
  }, LAUNCH_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 30_000);

  beforeEach(async () => {
    if (browser === undefined || server === undefined) throw new Error('the browser did not start (see beforeAll)');
    context = await browser.newContext();
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    monitor = await monitorContext(context, server.origin);
    page = await context.newPage();
    notFoundSeen = server.notFound.length;
  });

  afterEach(async () => {
    await context?.close();
  });

  const url = (sitePath: string): string => new URL(sitePath, server?.origin).href;

  /** What went wrong in the browser since the test began, plus the server's own 404s (which also catch requests the browser makes on its own, like a favicon). */
  function problems(): string[] {
    const notFound = (server?.notFound ?? []).slice(notFoundSeen).map((missing) => `the server answered 404 for ${missing}`);
    return [...monitor.take(), ...notFound];
  }

  /** Loads a page and waits until typedoc's scripts have rendered it: heading, sidebar navigation, search index. */
  async function open(sitePath: string): Promise<void> {
    const response = await page.goto(url(sitePath), { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    await pageReady();
  }

  async function pageReady(): Promise<void> {
    try {
      // typedoc hides the body until its main.js shows the page.
      await page.locator('h1').first().waitFor({ state: 'visible' });
      await page.locator('#tsd-nav-container a').first().waitFor({ state: 'attached' });
      // The status says "Preparing search index..." until search.js is loaded and decoded.
      await page.locator('#tsd-search-status:empty').waitFor({ state: 'attached' });
    } catch (error) {
      // A page that never renders usually says why in the browser: show that, not only the timeout.
      const seen = problems();
      throw new Error(`${page.url()} did not render (${(error as Error).message.split('\n')[0]})${seen.length ? `; in the browser:\n  ${seen.join('\n  ')}` : ''}`);
    }
  }

  /** The sidebar's link to a page, its collapsed groups opened (as a reader clicks them) until it shows. */
  async function sidebarLink(sitePath: string): Promise<Locator> {
    const selector = `a[href$="${sitePath}"]`;
    const link = page.locator(`#tsd-nav-container ${selector}`);
    for (let depth = 0; depth < 5 && !(await link.isVisible()); depth++) {
      await page
        .locator('#tsd-nav-container details:not([open])')
        .filter({ has: page.locator(selector) })
        .first()
        .locator('> summary')
        .click();
    }
    return link;
  }

  /** Clicks `link` and waits until `sitePath` has loaded and rendered. */
  async function follow(link: Locator, sitePath: string): Promise<void> {
    await Promise.all([page.waitForURL(url(sitePath)), link.click()]);
    await pageReady();
  }

  async function expectHeading(heading: RegExp): Promise<void> {
    const h1 = page.locator('h1').first();
    await h1.waitFor({ state: 'visible' });
    expect(await h1.textContent()).toMatch(heading);
  }

  it.each(MAIN_PAGES)(
    'loads the $name ($page) with no console or page errors, failed requests or off-host requests',
    async ({ page: sitePath, heading, titled }) => {
      await open(sitePath);
      await expectHeading(heading);
      if (titled) expect(await page.locator('h1:visible').count()).toBe(1);
      expect(problems()).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'writes a full-page screenshot of the start page to .ci/screenshots/site-start-page.png',
    async () => {
      await open('index.html');
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      const png = await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(statSync(SCREENSHOT).size).toBe(png.length);
      expect(problems()).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "search: typing createClient lists it, and choosing the result opens createClient's page",
    async () => {
      await open('index.html');
      await page.locator('#tsd-search-trigger').click();
      const input = page.locator('#tsd-search-input');
      await input.waitFor({ state: 'visible' });
      // Opening the search focuses its input: typing goes straight in.
      expect(await page.locator('#tsd-search-input:focus').count()).toBe(1);
      await input.pressSequentially('createClient');
      const result = page.locator(`#tsd-search-results li a[href$="${CREATE_CLIENT_PAGE}"]`);
      await result.waitFor({ state: 'visible' });
      // The exact match ranks first, above createClientRegistry and CreateClientOptions.
      expect(await page.locator('#tsd-search-results li a').first().getAttribute('href')).toMatch(new RegExp(`${CREATE_CLIENT_PAGE.replace(/\./g, '\\.')}$`));
      await follow(result, CREATE_CLIENT_PAGE);
      await expectHeading(/createClient/);
      expect(problems()).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "navigation: the sidebar's link opens the error catalogue, and the API modules link opens the modules page",
    async () => {
      await open('index.html');
      const errorsLink = await sidebarLink('documents/errors.html');
      await follow(errorsLink, 'documents/errors.html');
      await expectHeading(builtHeading('documents/errors.html'));
      // The link above the sidebar's tree goes to the API modules page.
      await follow(page.locator('nav.tsd-navigation > a[href$="modules.html"]'), 'modules.html');
      await expectHeading(/osauth/);
      expect(problems()).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "navigation: a guide's link opens another guide, and On This Page jumps to a section",
    async () => {
      await open('documents/configuration.html');
      await page.locator('.tsd-page-navigation a[href="#validation"]').click();
      await page.waitForURL(url('documents/configuration.html#validation'));
      // A string, evaluated in the page: this package's TypeScript has no DOM types.
      await page.waitForFunction("(({ top }) => top >= 0 && top < innerHeight)(document.getElementById('validation').getBoundingClientRect())");
      await follow(page.locator('.tsd-typography a[href="connectivity.html"]').first(), 'documents/connectivity.html');
      await expectHeading(builtHeading('documents/connectivity.html'));
      expect(problems()).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the checks themselves: a console error, an uncaught error, a 404 and an off-host request are each reported',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'osauth-site-browser-'));
      writeFileSync(
        path.join(dir, 'index.html'),
        `<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body><h1>fixture</h1><img src="missing.png">
<script>
console.error('a console error');
fetch('https://example.com/tracker.js').catch(() => {});
setTimeout(() => { throw new Error('an uncaught error'); }, 0);
</script></body></html>`,
      );
      const fixture = await startStaticSiteServer(dir);
      const fixtureContext = await (browser as Browser).newContext();
      try {
        fixtureContext.setDefaultTimeout(ACTION_TIMEOUT_MS);
        const fixtureMonitor = await monitorContext(fixtureContext, fixture.origin);
        const uncaught = fixtureContext.waitForEvent('weberror');
        await (await fixtureContext.newPage()).goto(fixture.origin, { waitUntil: 'load' });
        await uncaught;
        expect(fixtureMonitor.take()).toEqual(
          expect.arrayContaining([
            `console error: a console error (at ${fixture.origin}:3)`,
            'page error: an uncaught error',
            `HTTP 404: GET ${fixture.origin}missing.png`,
            'request off the loopback server (aborted): GET https://example.com/tracker.js',
          ]),
        );
        expect(fixture.notFound).toEqual(['/missing.png']);
      } finally {
        await fixtureContext.close();
        await fixture.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    TEST_TIMEOUT_MS,
  );
});
