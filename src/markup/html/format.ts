/**
 * Imported HTML (`post.html`) as an entry of the markup format registry:
 * trusted author HTML as WordPress stores it, with YAML front matter at its
 * top (the keys of Markdown's). At display it gets paragraphs the way
 * WordPress made them (wpautop), unless it comes from the block editor,
 * whose HTML has its paragraphs already; block editor comments never show.
 */

import type { MarkupFormat } from "../format.js";
import { readFrontMatter, skipFrontMatter } from "../markdown/front-matter.js";
import { htmlToText } from "./plain-text.js";
import { wpautop } from "./wpautop.js";

const FRONT_MATTER_START = [Buffer.from("---"), Buffer.from("\uFEFF---")];

/** `<!-- wp:paragraph {...} -->`, `<!-- /wp:paragraph -->`, `<!-- wp:image /-->`. */
const BLOCK_COMMENT = /<!--\s+\/?wp:[\s\S]*?-->/g;

/** The HTML a post.html body shows (front matter already taken off). */
export function renderImportedHtml(body: string): string {
  const fromBlockEditor = /<!--\s+wp:/.test(body);
  const html = body.replace(BLOCK_COMMENT, "");
  return fromBlockEditor ? html.replace(/\n{3,}/g, "\n\n").trim() + "\n" : wpautop(html);
}

export const htmlFormat: MarkupFormat = {
  id: "html",
  name: "HTML",
  extensions: [".html", ".htm"],
  bodyFile: "post.html",
  needsPostLisp: false,
  unusableOnlyByScan: true,
  scanMeta(bytes) {
    if (!FRONT_MATTER_START.some((start) => bytes.subarray(0, start.length).equals(start))) return { meta: { tags: [] }, diagnostics: [], ok: true };
    const { meta, diagnostics, ok } = readFrontMatter(bytes.toString("utf8"));
    return { meta, diagnostics, ok };
  },
  check(source) {
    const front = readFrontMatter(source);
    return { ok: front.ok, diagnostics: front.ok ? [] : front.diagnostics };
  },
  // The front matter was read by scanMeta, and a body whose front matter is broken is never rendered.
  render(source, _context, wanted) {
    const html = renderImportedHtml(skipFrontMatter(source));
    return {
      ok: true,
      diagnostics: [],
      // Imported HTML keeps its headings wherever it is shown: the same bytes at every place.
      ...(wanted.html && (wanted.places ? { htmlAt: wanted.places.map(() => html) } : { html })),
      ...(wanted.text && { text: htmlToText(html, wanted.textLimit) }),
    };
  },
};
