/**
 * TeX math to MathML on the server, with Temml: one formula in, one `<math>`
 * element out (well-formed XML, so feeds can embed it). A formula Temml cannot
 * read comes back as its escaped source in `<code class="math-error">` with
 * the reason, never an exception.
 *
 * The work is bounded for hostile input: a length cap, Temml's expansion
 * budget (`maxExpand`) and size cap (`maxSize`), and no user macro
 * definitions (`\def`, `\newcommand`, ...), because one definition expanded a
 * thousand times within the budget can still produce millions of tokens.
 * Deep nesting that overflows the stack is caught like any other error.
 *
 * Results are memoised (bounded LRU): the same formula (`$n$`, `$x$`) recurs
 * within and across posts, and Temml is pure for a given source and mode.
 */

import { createRequire } from "node:module";
import type Temml from "temml";
import { escapeHtml } from "../../text/escape.js";
import { LruCache } from "./lru-cache.js";

let temml: typeof Temml | undefined;

/** Temml, loaded on first use (some 40 ms at start-up otherwise); its CommonJS build loads synchronously. */
function converter(): typeof Temml {
  temml ??= createRequire(import.meta.url)("temml") as typeof Temml;
  return temml;
}

export interface TexMathResult {
  html: string;
  error?: { message: string; offset?: number };
}

/** Longer formulas are refused unread: no real formula comes near it. */
export const MAX_TEX_LENGTH = 10_000;

const TEMML_OPTIONS = {
  throwOnError: true,
  xml: true,
  trust: false,
  strict: false,
  // Temml's default; the budget for built-in macros such as \dfrac or \dots.
  maxExpand: 1000,
  // [em, pt]: rules, spaces and boxes larger than this are clipped.
  maxSize: [100, 1000] as [number, number],
};

/**
 * Control sequences that define macros. They are scanned the way TeX reads
 * control sequences (`\\def` is a line break then letters, not `\def`).
 */
const MACRO_DEFINITIONS = new Set([
  "def", "gdef", "edef", "xdef", "let", "futurelet", "global", "long",
  "newcommand", "renewcommand", "providecommand",
]);
const CONTROL_SEQUENCE = /\\([A-Za-z]+|[^])/g;

/** Characters XML 1.0 does not allow (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * About 10,000 formulas, and at most 16 M characters of source and MathML
 * (some 32 MB): a real-world formula makes 1-5 KB of MathML.
 */
const memo = new LruCache<TexMathResult>(10_000, 16_000_000, (result) => result.html.length + (result.error?.message.length ?? 0));

/** TeX to MathML (or the error's placeholder), memoised. The result is frozen: callers share it. */
export function renderTexMath(tex: string, display: boolean): TexMathResult {
  // Refused unread anyway, and not worth a place in the memo.
  if (tex.length > MAX_TEX_LENGTH) return frozen(renderTexMathUncached(tex, display));
  const key = (display ? "D" : "I") + tex;
  let result = memo.get(key);
  if (result === undefined) {
    result = frozen(renderTexMathUncached(tex, display));
    memo.set(key, result);
  }
  return result;
}

function frozen(result: TexMathResult): TexMathResult {
  if (result.error) Object.freeze(result.error);
  return Object.freeze(result);
}

/** Forgets every memoised formula (for tests and benchmarks). */
export function clearTexMathMemo(): void {
  memo.clear();
}

/** TeX to MathML through Temml every time: what renderTexMath memoises. */
export function renderTexMathUncached(tex: string, display: boolean): TexMathResult {
  const refusal = refuse(tex);
  if (refusal) return failure(tex, display, refusal);
  try {
    const html = converter().renderToString(tex, { ...TEMML_OPTIONS, displayMode: display });
    // \char can still make characters that XML cannot carry.
    NOT_XML.lastIndex = 0;
    if (NOT_XML.test(html)) return failure(tex, display, { message: "the formula makes a character a page cannot contain (a control character, a lone surrogate, U+FFFE or U+FFFF: from \\char?)" });
    return { html };
  } catch (e) {
    return failure(tex, display, describeError(e));
  }
}

function refuse(tex: string): TexMathResult["error"] {
  if (tex.length > MAX_TEX_LENGTH) {
    return { message: `formula longer than ${MAX_TEX_LENGTH} characters` };
  }
  NOT_XML.lastIndex = 0;
  const bad = NOT_XML.exec(tex);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    return { message: `character U+${code} is not allowed in a formula`, offset: bad.index };
  }
  for (const m of tex.matchAll(CONTROL_SEQUENCE)) {
    if (MACRO_DEFINITIONS.has(m[1]!)) {
      return { message: `macro definitions (\\${m[1]}) are not allowed in a formula`, offset: m.index };
    }
  }
  return undefined;
}

function describeError(e: unknown): NonNullable<TexMathResult["error"]> {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return { message: "formula nested too deeply" };
  if (e instanceof Error) {
    // Temml's message carries the formula with combining underlines after
    // "position N:"; the reason before it is what a writer needs.
    const message = e.message.replace(/\s+(?:at position \d+|at end of input):[^]*$/, "").trim();
    const position = (e as { position?: unknown }).position;
    return typeof position === "number"
      ? { message: message || "cannot read the formula", offset: position }
      : { message: message || "cannot read the formula" };
  }
  return { message: "cannot read the formula" };
}

function failure(tex: string, display: boolean, error: NonNullable<TexMathResult["error"]>): TexMathResult {
  const delimiter = display ? "$$" : "$";
  const source = escapeHtml(tex.replace(NOT_XML, "\uFFFD"));
  const title = escapeHtml(error.message.replace(NOT_XML, "\uFFFD"));
  return {
    html: `<code class="math-error" title="${title}">${delimiter}${source}${delimiter}</code>`,
    error,
  };
}
