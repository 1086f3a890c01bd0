/**
 * A table's header cells say what they head (`scope="col"`): screen readers
 * announce a data cell with its column's header, and accessibility checkers
 * (WCAG technique H63) ask for it. GitHub tables have headers only in their
 * first row, so every header cell heads a column.
 */

import type { MarkdownIt, StateCore } from "markdown-it";

export function tableHeadersPlugin(md: MarkdownIt): void {
  md.core.ruler.push("table_header_scope", (state: StateCore) => {
    for (const token of state.tokens) if (token.type === "th_open") token.attrSet("scope", "col");
  });
}
