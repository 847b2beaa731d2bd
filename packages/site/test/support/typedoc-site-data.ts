// typedoc renders the sidebar navigation and the search results in the browser from data it
// writes into assets/navigation.js and assets/search.js (deflated JSON, base64). Those links
// are on every page but in no HTML, so they are read here to be checked like the others.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';

export interface ScriptLink {
  /** The script the link comes from, relative to the site root. */
  readonly script: string;
  /** Relative to the site root (typedoc resolves it against the page's data-base). */
  readonly link: string;
}

interface NavigationNode {
  readonly path?: string;
  readonly children?: readonly NavigationNode[];
}

interface SearchData {
  readonly rows: readonly { readonly url: string }[];
}

function readData(siteDir: string, script: string, variable: string): unknown {
  const source = readFileSync(path.join(siteDir, script), 'utf8');
  const match = new RegExp(`window\\.${variable}\\s*=\\s*"([A-Za-z0-9+/=]*)"`).exec(source);
  if (match?.[1] === undefined) throw new Error(`${script} does not assign window.${variable} as typedoc 0.28 does: has its format changed?`);
  return JSON.parse(inflateSync(Buffer.from(match[1], 'base64')).toString('utf8'));
}

export function navigationLinks(siteDir: string): ScriptLink[] {
  const script = 'assets/navigation.js';
  const links: ScriptLink[] = [];
  const visit = (nodes: readonly NavigationNode[]): void => {
    for (const node of nodes) {
      if (node.path !== undefined) links.push({ script, link: node.path });
      if (node.children !== undefined) visit(node.children);
    }
  };
  visit(readData(siteDir, script, 'navigationData') as NavigationNode[]);
  return links;
}

export function searchLinks(siteDir: string): ScriptLink[] {
  const script = 'assets/search.js';
  return (readData(siteDir, script, 'searchData') as SearchData).rows.map((row) => ({ script, link: row.url }));
}
