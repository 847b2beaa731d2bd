// Checks one reference found in the built site against the files on disk: that its target
// exists and that its #fragment names an anchor there. Anchors are read once per file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { anchorsIn } from './html-references';

// A made-up origin only to resolve relative references with WHATWG URL rules.
const BASE = 'http://site.invalid/';
const MARKUP = ['.html', '.svg'];

export interface BrokenLink {
  /** The page (or script) the reference is on, relative to the site root. */
  readonly page: string;
  readonly link: string;
  readonly problem: string;
}

/** True for references that leave the site: a scheme (https:, mailto:) or a protocol-relative '//'. */
export function isExternal(reference: string): boolean {
  return /^[a-zA-Z][a-zA-Z\d+.-]*:/.test(reference) || reference.startsWith('//');
}

export class SiteReferences {
  private readonly anchors = new Map<string, Set<string>>();

  constructor(private readonly siteDir: string) {}

  /**
   * Why the reference from page (relative to the site root) is broken, or undefined when it
   * is fine or external. `fragmentsOnly` leaves plain file references to the crawler.
   */
  problemWith(page: string, reference: string, { fragmentsOnly = false } = {}): string | undefined {
    if (isExternal(reference)) return undefined;
    const url = new URL(reference, BASE + page);
    const fragment = url.hash.slice(1);
    if (fragmentsOnly && fragment === '') return undefined;
    let target = safeDecode(url.pathname.slice(1));
    if (target === undefined) return `cannot decode the path ${url.pathname}`;
    if (target === '' || target.endsWith('/')) target += 'index.html';
    const file = path.join(this.siteDir, target);
    if (!existsSync(file) || !statSync(file).isFile()) return `no such file: ${target}`;
    // '#' and '#top' mean the top of the page (HTML spec), whatever its ids.
    if (fragment === '' || fragment.toLowerCase() === 'top') return undefined;
    if (!MARKUP.includes(path.extname(file))) return `#${fragment} points into ${target}, which has no anchors`;
    const anchors = this.anchorsOf(file);
    const decoded = safeDecode(fragment);
    if (anchors.has(fragment) || (decoded !== undefined && anchors.has(decoded))) return undefined;
    return `no element with id or name "${decoded ?? fragment}" on ${target}`;
  }

  private anchorsOf(file: string): Set<string> {
    let anchors = this.anchors.get(file);
    if (anchors === undefined) {
      anchors = anchorsIn(readFileSync(file, 'utf8'));
      this.anchors.set(file, anchors);
    }
    return anchors;
  }
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
