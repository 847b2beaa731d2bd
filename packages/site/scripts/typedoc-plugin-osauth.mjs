// The typedoc plugin of the site (typedoc.json loads it). Two things, both so that one link
// works on GitHub and on the site, and stays stable when a page's title changes:
//
// 1. Heading anchors that match GitHub's. typedoc slugs a heading from its text tokens only:
//    inline code is dropped, so "### `aws-anonymous`" would get the anchor `_` and
//    `testing.md#a-proxy-that-changes-signed-requests-frontdoor` would not resolve. This gives
//    each inline code token of a heading a text child with the code: typedoc's slugger reads
//    children, markdown-it renders the code token from its own content and ignores them.
// 2. Guides at `documents/<file name>.html` (docs/errors.md → documents/errors.html, the page
//    every error's `docsUrl` points at), not at a file name made from the frontmatter title.
import * as path from 'node:path';
import { Application, KindRouter, ReflectionKind } from 'typedoc';

/** The `kind` router, with documents named after their Markdown file. */
class DocumentFileRouter extends KindRouter {
  /** @param {import('typedoc').Reflection} reflection */
  getIdealBaseName(reflection) {
    const file = reflection.kindOf(ReflectionKind.Document) ? reflection.project.files.getReflectionPath(reflection) : undefined;
    return file === undefined ? super.getIdealBaseName(reflection) : `documents/${path.basename(file, '.md')}`;
  }
}

/** @param {any} state a markdown-it core state */
function giveHeadingCodeText(state) {
  state.tokens.forEach((/** @type {any} */ token, /** @type {number} */ index) => {
    if (token.type !== 'inline' || state.tokens[index - 1]?.type !== 'heading_open') return;
    for (const child of token.children ?? []) {
      if (child.type !== 'code_inline' || child.children) continue;
      const text = new state.Token('text', '', 0);
      text.content = child.content;
      child.children = [text];
    }
  });
}

/** @param {Application} app */
export function load(app) {
  app.renderer.defineRouter('osauth-documents-by-file', DocumentFileRouter);
  // Options are read after plugins load: chain onto the configured loader once they are.
  app.on(Application.EVENT_BOOTSTRAP_END, () => {
    const previous = app.options.getValue('markdownItLoader');
    app.options.setValue('markdownItLoader', (/** @type {any} */ parser) => {
      previous(parser);
      parser.core.ruler.push('osauth_heading_code_text', giveHeadingCodeText);
    });
  });
}
