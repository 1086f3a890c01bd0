/**
 * Code blocks and tables may scroll sideways on a narrow screen; like fmt3's
 * writer, give them keyboard focus (`tabindex="0"`) so that keyboard users
 * can scroll them too. Raw HTML written by the author is left as it is.
 */

import type { MarkdownIt } from "markdown-it";

type Rule = NonNullable<MarkdownIt["renderer"]["rules"]["fence"]>;

function focusablePre(rule: Rule): Rule {
  return (tokens, idx, options, env, self) => rule(tokens, idx, options, env, self).replace(/^<pre(?=[\s>])/, '<pre tabindex="0"');
}

export function keyboardScrollPlugin(md: MarkdownIt): void {
  const rules = md.renderer.rules;
  rules.fence = focusablePre(rules.fence!);
  rules.code_block = focusablePre(rules.code_block!);
  rules.table_open = (tokens, idx, options, _env, self) => {
    tokens[idx]!.attrSet("tabindex", "0");
    return self.renderToken(tokens, idx, options);
  };
}
