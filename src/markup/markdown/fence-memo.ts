/**
 * One parse written at several title levels renders its fenced code once:
 * a render that passes a `fenceHtml` map in markdown-it's env gets each
 * fence's HTML (highlight.js, the costly part) from it after the first time.
 */

import type { MarkdownIt, Token } from "markdown-it";

export interface FenceMemoEnv {
  fenceHtml?: Map<Token, string>;
}

/** Install last, so that it keeps the output of every other fence rule. */
export function fenceMemoPlugin(md: MarkdownIt): void {
  const rule = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const memo = (env as FenceMemoEnv).fenceHtml;
    if (!memo) return rule(tokens, idx, options, env, self);
    const token = tokens[idx]!;
    let html = memo.get(token);
    if (html === undefined) memo.set(token, (html = rule(tokens, idx, options, env, self)));
    return html;
  };
}
