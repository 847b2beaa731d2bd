// Reads the references (href/src) and the anchors (id, <a name>) out of generated HTML or SVG.
// typedoc writes well-formed markup with quoted attributes, so a tag-level scan is enough and
// needs no HTML parser dependency (linkinator's own parser is not part of its public API).

export interface HtmlReference {
  readonly tag: string;
  readonly attribute: 'href' | 'src';
  readonly value: string;
}

const COMMENT = /<!--[\s\S]*?-->/g;
// A start tag: its name, then attributes whose quoted values may contain '>'.
const START_TAG = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
// Raw-text elements: their content is not markup.
const RAW_TEXT = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return NAMED_ENTITIES[entity] ?? whole;
  });
}

interface Tag {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
}

function* tags(markup: string): Generator<Tag> {
  // Keep the script/style start tags (a <script src> is a reference), drop their content.
  const text = markup.replace(COMMENT, '').replace(RAW_TEXT, (element) => element.slice(0, element.indexOf('>') + 1));
  for (const [, name = '', attributeText = ''] of text.matchAll(START_TAG)) {
    const attributes = new Map<string, string>();
    for (const [, attribute = '', doubleQuoted, singleQuoted, bare] of attributeText.matchAll(ATTRIBUTE)) {
      attributes.set(attribute.toLowerCase(), decodeEntities(doubleQuoted ?? singleQuoted ?? bare ?? ''));
    }
    yield { name: name.toLowerCase(), attributes };
  }
}

/** Every href and src in the markup (including SVG <use href>), in document order. */
export function referencesIn(markup: string): HtmlReference[] {
  const references: HtmlReference[] = [];
  for (const { name, attributes } of tags(markup)) {
    for (const attribute of ['href', 'src'] as const) {
      const value = attributes.get(attribute);
      if (value !== undefined) references.push({ tag: name, attribute, value });
    }
  }
  return references;
}

/** The fragment targets the markup defines: every id, and the name of every <a>. */
export function anchorsIn(markup: string): Set<string> {
  const anchors = new Set<string>();
  for (const { name, attributes } of tags(markup)) {
    const id = attributes.get('id');
    if (id !== undefined) anchors.add(id);
    const anchorName = attributes.get('name');
    if (name === 'a' && anchorName !== undefined) anchors.add(anchorName);
  }
  return anchors;
}
