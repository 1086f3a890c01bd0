/**
 * Markdown tokens as plain text, for summaries, descriptions and
 * `--mode text`: the words of paragraphs, headings, lists and code, a blank
 * line between blocks, math as its TeX source, raw HTML left out.
 */

import type { Token } from "markdown-it";

function inlineText(tokens: readonly Token[]): string {
  let text = "";
  for (const t of tokens) {
    switch (t.type) {
      case "text":
      case "code_inline":
      case "math_inline":
      case "math_display":
        text += t.content;
        break;
      case "softbreak":
      case "hardbreak":
        text += "\n";
        break;
      case "image":
        text += inlineText(t.children ?? []);
        break;
      case "footnote_ref":
        text += `[${Number((t.meta as { id: number }).id) + 1}]`;
        break;
    }
  }
  return text;
}

/** The text of `tokens`; stops early once `limit` characters are written. */
export function plainText(tokens: readonly Token[], limit = Infinity): string {
  const blocks: string[] = [];
  let length = 0;
  for (const t of tokens) {
    if (length >= limit) break;
    let block: string | undefined;
    if (t.type === "inline") block = inlineText(t.children ?? []);
    else if (t.type === "fence" || t.type === "code_block" || t.type === "math_block") block = t.content.replace(/\n$/, "");
    if (block === undefined || block === "") continue;
    blocks.push(block);
    length += block.length + 2;
  }
  return blocks.length === 0 ? "" : blocks.join("\n\n") + "\n";
}
