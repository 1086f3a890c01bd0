/**
 * TeX math in Markdown, with pandoc's rules: `$...$` inline (the opening `$`
 * not followed by white space, the closing one not preceded by white space
 * nor followed by a digit, so "$5 and $6" stays dollars), `$$...$$` display
 * (inline or as a block of lines), and a fenced block with the info string
 * `math`. `\$` is a dollar sign. The math is rendered by a core rule once
 * parsing is done, so that its errors can be placed in the source.
 */

import type { MarkdownIt, StateBlock, StateCore, StateInline, Token } from "markdown-it";
import type { Diagnostic } from "../../diagnostics.js";

export type MathRenderer = (tex: string, display: boolean) => { html: string; error?: { message: string; offset?: number } };

/** What a render passes in markdown-it's env to collect diagnostics. */
export interface MathEnv {
  diagnostics: Diagnostic[];
}

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Where a search for a closing `$` (or `$$`) last failed in this inline
 * source: a later opener cannot find one either, which keeps a paragraph of
 * a thousand lone dollars linear.
 */
const noCloseFrom = new WeakMap<StateInline, { single: number; double: number }>();

function findClose(src: string, from: number, max: number, display: boolean): number {
  for (let i = from; i < max; i++) {
    const c = src.charCodeAt(i);
    if (c === BACKSLASH) {
      i++;
      continue;
    }
    if (c !== DOLLAR) continue;
    if (display) {
      if (src.charCodeAt(i + 1) === DOLLAR) return i;
    } else if (!isSpaceCode(src.charCodeAt(i - 1)) && !isDigit(src.charCodeAt(i + 1))) {
      return i;
    }
  }
  return -1;
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax: max } = state;
  if (src.charCodeAt(pos) !== DOLLAR) return false;
  const display = src.charCodeAt(pos + 1) === DOLLAR;
  const start = pos + (display ? 2 : 1);
  if (start >= max) return false;
  if (!display && isSpaceCode(src.charCodeAt(start))) return false;
  let failed = noCloseFrom.get(state);
  if (!failed) noCloseFrom.set(state, (failed = { single: Infinity, double: Infinity }));
  if (start >= (display ? failed.double : failed.single)) return false;
  const close = findClose(src, start, max, display);
  if (close === -1 || close === start) {
    if (close === -1) {
      if (display) failed.double = start;
      else failed.single = start;
    }
    return false;
  }
  if (!silent) {
    const token = state.push(display ? "math_display" : "math_inline", "math", 0);
    token.content = src.slice(start, close);
    token.markup = display ? "$$" : "$";
  }
  state.pos = close + (display ? 2 : 1);
  return true;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const src = state.src;
  const begin = state.bMarks[startLine]! + state.tShift[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  if (src.charCodeAt(begin) !== DOLLAR || src.charCodeAt(begin + 1) !== DOLLAR) return false;
  const first = src.slice(begin + 2, state.eMarks[startLine]).trimEnd();
  const lines: string[] = [];
  let last = startLine;
  if (first.endsWith("$$")) {
    lines.push(first.slice(0, -2));
  } else {
    // `$$ x $$ more text` is inline display math in a paragraph, not a block.
    if (first.includes("$$")) return false;
    lines.push(first);
    let closed = false;
    for (last = startLine + 1; last < endLine; last++) {
      if (state.isEmpty(last) || state.sCount[last]! < state.blkIndent) return false;
      const line = src.slice(state.bMarks[last]! + state.tShift[last]!, state.eMarks[last]).trimEnd();
      if (line.endsWith("$$")) {
        lines.push(line.slice(0, -2));
        closed = true;
        break;
      }
      if (line.includes("$$")) return false;
      lines.push(line);
    }
    if (!closed) return false;
  }
  const content = lines.join("\n").trim();
  if (content === "") return false;
  if (silent) return true;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = content;
  token.markup = "$$";
  token.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}

/** Line starts of a source, for placing math errors; built only when one occurs. */
function lineStarts(src: string): number[] {
  const starts = [0];
  for (let i = src.indexOf("\n"); i !== -1; i = src.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based line and column of `offset` in `src`. */
function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
  return { line: line + 1, column: offset - starts[line]! + 1 };
}

function renderMathTokens(state: StateCore, renderMath: MathRenderer): void {
  const env = state.env as Partial<MathEnv>;
  let starts: number[] | undefined;
  const report = (token: Token, blockLine: number, message: string, errorOffset: number | undefined): void => {
    if (!env.diagnostics) return;
    starts ??= lineStarts(state.src);
    // Find the math's text in the source from its block's first line on, to place the error exactly.
    const from = starts[Math.min(blockLine, starts.length - 1)]!;
    const found = state.src.indexOf(token.content, from);
    const offset = found === -1 ? from : found + Math.min(errorOffset ?? 0, token.content.length);
    env.diagnostics.push({ ...position(starts, offset), severity: "error", code: "markdown/math", message: `math: ${message}` });
  };
  const render = (token: Token, display: boolean, blockLine: number): void => {
    const result = renderMath(token.content, display);
    token.meta = { html: result.html };
    if (result.error) report(token, blockLine, result.error.message, result.error.offset);
  };
  for (const token of state.tokens) {
    if (token.type === "fence" && token.info.trim() === "math") {
      token.type = "math_block";
      token.content = token.content.replace(/\n$/, "");
    }
    if (token.type === "math_block") render(token, true, token.map?.[0] ?? 0);
    else if (token.type === "inline") {
      for (const child of token.children ?? []) {
        if (child.type === "math_inline" || child.type === "math_display") render(child, child.type === "math_display", token.map?.[0] ?? 0);
      }
    }
  }
}

export function mathPlugin(md: MarkdownIt, renderMath: MathRenderer): void {
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
  md.core.ruler.push("math_render", (state) => renderMathTokens(state, renderMath));
  const html = (tokens: Token[], i: number): string => (tokens[i]!.meta as { html: string }).html;
  md.renderer.rules.math_inline = html;
  md.renderer.rules.math_display = html;
  md.renderer.rules.math_block = (tokens, i) => html(tokens, i) + "\n";
}
