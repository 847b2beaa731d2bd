// Finds and launches the system's Chromium (Debian's package), headless, for the browser test.
// playwright-core brings no browser of its own, and none is ever downloaded.
import { accessSync, constants } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** CHROMIUM_PATH when set, else Debian's /usr/bin/chromium; throws saying how to install it. */
export function chromiumExecutablePath(env: NodeJS.ProcessEnv = process.env): string {
  const executablePath = env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new Error(
      `No Chromium at ${executablePath}${env.CHROMIUM_PATH ? ' (from CHROMIUM_PATH)' : ''}: the docs site browser test needs one. ` +
        'Install it with `apt-get install chromium` (Debian), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return executablePath;
}

export function launchChromium(executablePath: string, timeoutMs: number): Promise<Browser> {
  // playwright's defaults already run it without the sandbox (CI containers run as root) and
  // without background networking.
  return chromium.launch({ executablePath, headless: true, timeout: timeoutMs });
}
