/**
 * Headings get ids for deep links (the slug of their text, unique within
 * the post, after the render's `idPrefix` when several posts share the page)
 * and sit below the post's title: with `titleLevel` 1 (a story page) `#`
 * becomes h2; levels are capped at h6.
 */

import type { MarkdownIt, StateCore, Token } from "markdown-it";

export interface HeadingOptions {
  /** The heading level of the post title on the page; 0 keeps Markdown's levels. */
  titleLevel: number;
}

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

/** What a render passes in markdown-it's env: the prefix of heading ids, if any. */
export interface HeadingEnv {
  idPrefix?: string;
}

export function headingPlugin(md: MarkdownIt, options: HeadingOptions): void {
  md.core.ruler.push("heading_ids", (state: StateCore) => {
    const used = new Set<string>();
    const prefix = (state.env as HeadingEnv).idPrefix ?? "";
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type !== "heading_open" && token.type !== "heading_close") continue;
      const level = Math.min(6, Number(token.tag.slice(1)) + options.titleLevel);
      token.tag = `h${level}`;
      if (token.type === "heading_close") continue;
      const base = headingAnchor(inlineText(tokens[i + 1]?.children ?? null)) || "section";
      let id = base;
      for (let n = 1; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      token.attrSet("id", prefix + id);
    }
  });
}
