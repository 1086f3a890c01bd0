/**
 * Headings get ids for deep links (the slug of their text, unique within
 * the post, after an `idPrefix` when several posts share the page) and sit
 * below the post's title: with `titleLevel` 1 (a story page) `#` becomes h2;
 * levels are capped at h6. The parse finds each heading's level and anchor
 * once (headingPlugin); placeHeadings then sets tags and ids for one place,
 * so one parse can be written at several title levels.
 */

import type { MarkdownIt, StateCore, Token } from "markdown-it";

/** What the parse leaves on a heading's tokens (markdown-it gives them no meta of their own). */
type HeadingMeta = {
  /** The level as written: 1 for `#`. */
  written: number;
  /** The id without prefix, on heading_open only. */
  anchor?: string;
};

/**
 * A heading's anchor as GitHub makes it: punctuation dropped, spaces made `-`
 * (post slugs in ../../text/slug.ts follow WordPress instead: punctuation separates words).
 */
function headingAnchor(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .trim()
    .replace(/\s+/g, "-");
}

function inlineText(tokens: readonly Token[] | null): string {
  let text = "";
  for (const t of tokens ?? []) {
    if (t.type === "text" || t.type === "code_inline" || t.type === "math_inline") text += t.content;
    else if (t.type === "image") text += inlineText(t.children);
  }
  return text;
}

/** Records each heading's written level and its anchor, unique within the post. */
export function headingPlugin(md: MarkdownIt): void {
  md.core.ruler.push("heading_ids", (state: StateCore) => {
    const used = new Set<string>();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type !== "heading_open" && token.type !== "heading_close") continue;
      const meta: HeadingMeta = { written: Number(token.tag.slice(1)) };
      token.meta = meta;
      if (token.type === "heading_close") continue;
      const base = headingAnchor(inlineText(tokens[i + 1]?.children ?? null)) || "section";
      let id = base;
      for (let n = 1; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      meta.anchor = id;
    }
  });
}

/**
 * Sets the heading tags and ids of parsed tokens for a post title of level
 * `titleLevel` (0: the levels as written) and ids after `idPrefix`; called
 * again for another place, it overwrites what the last call set.
 */
export function placeHeadings(tokens: readonly Token[], titleLevel: number, idPrefix = ""): void {
  for (const token of tokens) {
    if (token.type !== "heading_open" && token.type !== "heading_close") continue;
    const meta = token.meta as HeadingMeta;
    token.tag = `h${Math.min(6, meta.written + titleLevel)}`;
    if (meta.anchor !== undefined) token.attrSet("id", idPrefix + meta.anchor);
  }
}
