// Crawls the served site with linkinator's CLI. linkinator is ESM-only and jest runs these
// tests as CommonJS, so it runs in its own node process; it follows every link on the
// server's origin and skips (never fetches) all others, which it still reports.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const PACKAGE_DIR = path.resolve(__dirname, '..', '..');

export interface CrawledLink {
  readonly url: string;
  readonly state: 'OK' | 'BROKEN' | 'SKIPPED';
  readonly status?: number;
  /** The page the link was found on; absent for the start URLs. */
  readonly parent?: string;
}

interface LinkinatorJson {
  readonly passed: boolean;
  readonly links: readonly CrawledLink[];
}

function linkinatorCli(): string {
  // Its package.json is not in its "exports", so it is read from disk rather than resolved.
  const packageDir = path.join(PACKAGE_DIR, 'node_modules', 'linkinator');
  const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { bin: { linkinator: string } };
  return path.join(packageDir, manifest.bin.linkinator);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Crawls from every start URL (all the site's pages, so that pages only the JavaScript
 * navigation reaches are crawled too) and returns every link linkinator saw.
 */
export function crawlWithLinkinator(origin: string, startUrls: readonly string[], timeoutMs: number): Promise<CrawledLink[]> {
  const args = [
    linkinatorCli(),
    ...startUrls,
    '--recurse',
    // One rule (linkinator splits --skip on commas and spaces): anything not on the origin.
    '--skip',
    `^(?!${escapeRegExp(origin)})`,
    '--format',
    'json',
    // 'info' keeps the skipped links in the JSON; failure details are dropped above 'debug'.
    '--verbosity',
    'info',
    '--concurrency',
    '16',
    '--timeout',
    '10000',
  ];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      // Loopback only: never through a proxy the environment may name.
      { cwd: PACKAGE_DIR, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' } },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`linkinator failed (${error.message}):\n${stderr}`));
          return;
        }
        try {
          resolve([...(JSON.parse(stdout) as LinkinatorJson).links]);
        } catch (parseError) {
          reject(new Error(`linkinator did not print JSON (${String(parseError)}):\n${stdout.slice(0, 2000)}\n${stderr}`));
        }
      },
    );
  });
}
