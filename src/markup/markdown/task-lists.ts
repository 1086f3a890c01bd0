/**
 * GitHub task lists: a list item whose paragraph starts with `[ ]` or `[x]`
 * gets a disabled checkbox, named by the item's text (`aria-label`) so
 * that a screen reader says what is done or not. A core rule over the
 * finished tokens, so the item's content is parsed as usual.
 */

import type { MarkdownIt, StateCore, Token } from "markdown-it";

const MARKER = /^\[([ xX])\][ \t]/;

/** Characters of the item's text a checkbox's name keeps. */
const NAME_LENGTH = 200;

function itemText(children: readonly Token[]): string {
  let text = "";
  for (const t of children) {
    if (t.type === "text" || t.type === "code_inline") text += t.content;
    else if (t.type === "softbreak" || t.type === "hardbreak") text += " ";
  }
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > NAME_LENGTH ? `${flat.slice(0, NAME_LENGTH - 1)}\u2026` : flat;
}

function addClass(token: Token, name: string): void {
  const old = token.attrGet("class");
  token.attrSet("class", old ? `${old} ${name}` : name);
}

function taskLists(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 2; i < tokens.length; i++) {
    const inline = tokens[i]!;
    if (inline.type !== "inline" || tokens[i - 1]!.type !== "paragraph_open" || tokens[i - 2]!.type !== "list_item_open") continue;
    const first = inline.children?.[0];
    const m = first?.type === "text" ? MARKER.exec(first.content) : null;
    if (!first || !m) continue;
    first.content = first.content.slice(m[0].length);
    const box = new state.Token("html_inline", "", 0);
    const name = state.md.utils.escapeHtml(itemText(inline.children!) || "task");
    box.content = `<input class="task-list-item-checkbox" type="checkbox"${m[1] === " " ? "" : " checked"} disabled aria-label="${name}"> `;
    inline.children!.unshift(box);
    addClass(tokens[i - 2]!, "task-list-item");
    // The list that holds the item: the nearest opening list one level up.
    for (let j = i - 3; j >= 0; j--) {
      const t = tokens[j]!;
      if ((t.type === "bullet_list_open" || t.type === "ordered_list_open") && t.level === tokens[i - 2]!.level - 1) {
        if (!String(t.attrGet("class") ?? "").includes("contains-task-list")) addClass(t, "contains-task-list");
        break;
      }
    }
  }
}

export function taskListPlugin(md: MarkdownIt): void {
  md.core.ruler.after("inline", "task_lists", taskLists);
}
