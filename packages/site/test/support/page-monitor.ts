// Watches a browser context for everything that means a page does not work: console errors,
// uncaught page errors, failed requests, HTTP errors, and any request off the loopback server
// (those are aborted, so nothing leaves the machine, and reported).
import type { BrowserContext, ConsoleMessage, Request, Response } from 'playwright-core';

export interface PageMonitor {
  /** Everything that went wrong since the last take(), one line each; clears the list. */
  take(): string[];
}

export async function monitorContext(context: BrowserContext, origin: string): Promise<PageMonitor> {
  let problems: string[] = [];
  const blocked = new Set<Request>();
  // data: and blob: URLs never reach the network.
  const isLocal = (url: string): boolean => url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:');

  await context.route('**/*', async (route) => {
    const request = route.request();
    if (isLocal(request.url())) {
      await route.continue();
      return;
    }
    blocked.add(request);
    problems.push(`request off the loopback server (aborted): ${request.method()} ${request.url()}`);
    await route.abort('blockedbyclient');
  });

  const onConsole = (message: ConsoleMessage): void => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    // playwright's line numbers are 0-based.
    problems.push(`console error: ${message.text()}${url ? ` (at ${url}:${lineNumber + 1})` : ''}`);
  };
  const onRequestFailed = (request: Request): void => {
    if (blocked.has(request)) return;
    problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown error'})`);
  };
  const onResponse = (response: Response): void => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  };
  context.on('console', onConsole);
  context.on('weberror', (error) => problems.push(`page error: ${error.error().message}`));
  context.on('requestfailed', onRequestFailed);
  context.on('response', onResponse);

  return {
    take() {
      const taken = problems;
      problems = [];
      return taken;
    },
  };
}
