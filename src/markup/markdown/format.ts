/** Markdown as an entry of the markup format registry (see ../format.ts). */

import type { MarkupFormat, RenderContext } from "../format.js";
import { highlightCode } from "../highlight/highlight-code.js";
import { renderTexMath } from "../math/tex-math.js";
import { readFrontMatter, renderMarkdown, renderMarkdownAt, type MarkdownOptions, type MarkdownRenderers } from "./index.js";

/** TeX math as MathML; fenced code highlighted into spans with classes. */
const RENDERERS: MarkdownRenderers = { math: renderTexMath, highlight: highlightCode };

const FRONT_MATTER_START = [Buffer.from("---"), Buffer.from("\uFEFF---")];

function markdownOptions(context: RenderContext): MarkdownOptions {
  const options: MarkdownOptions = {};
  if (context.titleLevel !== undefined) options.titleLevel = context.titleLevel;
  if (context.typographer !== undefined) options.typographer = context.typographer;
  if (context.linkify !== undefined) options.linkify = context.linkify;
  if (context.postId !== undefined) options.docId = String(context.postId);
  if (context.idPrefix !== undefined) options.idPrefix = context.idPrefix;
  if (context.reservedIds !== undefined) options.reservedIds = context.reservedIds;
  return options;
}

export const markdownFormat: MarkupFormat = {
  id: "markdown",
  name: "Markdown",
  extensions: [".md", ".markdown"],
  bodyFile: "post.md",
  needsPostLisp: false,
  unusableOnlyByScan: true,
  scanMeta(bytes) {
    // Only the front matter matters here; a body without one is never decoded.
    if (!FRONT_MATTER_START.some((start) => bytes.subarray(0, start.length).equals(start))) return { meta: { tags: [] }, diagnostics: [], ok: true };
    const { meta, diagnostics, ok } = readFrontMatter(bytes.toString("utf8"));
    return { meta, diagnostics, ok };
  },
  check(source, context) {
    // The front matter's own problems are scanMeta's to report; a broken one still makes the body unusable.
    const front = readFrontMatter(source);
    if (!front.ok) return { ok: false, diagnostics: front.diagnostics };
    return { ok: true, diagnostics: renderMarkdown(source, markdownOptions(context), RENDERERS, 0, false).diagnostics };
  },
  // The front matter was read by scanMeta, and a body whose front matter is broken is never rendered.
  render(source, context, wanted) {
    if (wanted.html && wanted.places) {
      const result = renderMarkdownAt(source, markdownOptions(context), RENDERERS, wanted.places, wanted.text ? wanted.textLimit : 0);
      return { ok: true, diagnostics: result.diagnostics, htmlAt: result.htmlAt, ...(wanted.text && { text: result.text }) };
    }
    const result = renderMarkdown(source, markdownOptions(context), RENDERERS, wanted.text ? wanted.textLimit : 0, wanted.html);
    return {
      ok: true,
      diagnostics: result.diagnostics,
      ...(wanted.html && { html: result.html }),
      ...(wanted.text && { text: result.text }),
    };
  },
};
