/**
 * Code highlighting at render time with highlight.js: code in, escaped HTML
 * with `<span class="hljs-…">` out, styled by the theme; no client script.
 * Only highlight.js's core and a curated set of common languages are loaded,
 * to keep start-up small. Unknown or absent language: plain escaped code.
 */

import { createRequire } from "node:module";
import type { HLJSApi, HLJSOptions, LanguageFn } from "highlight.js";
import { escapeHtml } from "../../text/escape.js";
import { HtmlEmitter } from "./html-emitter.js";

/**
 * The curated languages by registered name (each is
 * highlight.js/lib/languages/<name>), with the aliases highlight.js gives
 * them, lower-cased. Listed here so that a name is resolved without loading
 * any grammar; a test checks the list against highlight.js's own. In this
 * order, the first language to claim an alias has it.
 */
export const LANGUAGE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  bash: ["sh", "zsh"],
  c: ["h"],
  cpp: ["cc", "c++", "h++", "hpp", "hh", "hxx", "cxx"],
  csharp: ["cs", "c#"],
  css: [],
  diff: ["patch"],
  dockerfile: ["docker"],
  go: ["golang"],
  haskell: ["hs"],
  ini: ["toml"],
  java: ["jsp"],
  javascript: ["js", "jsx", "mjs", "cjs"],
  json: ["jsonc", "json5"],
  kotlin: ["kt", "kts", "ktm", "ktx"],
  latex: ["tex"],
  lisp: [],
  lua: ["pluto"],
  makefile: ["mk", "mak", "make"],
  markdown: ["md", "mkdown", "mkd"],
  nginx: ["nginxconf"],
  ocaml: ["ml"],
  perl: ["pl", "pm"],
  php: [],
  python: ["py", "gyp", "ipython"],
  ruby: ["rb", "gemspec", "podspec", "thor", "irb"],
  rust: ["rs"],
  scheme: ["scm"],
  shell: ["console", "shellsession"],
  sql: [],
  swift: [],
  typescript: ["ts", "tsx", "mts", "cts"],
  x86asm: [],
  xml: ["html", "xhtml", "rss", "atom", "xjb", "xsd", "xsl", "plist", "wsf", "svg"],
  yaml: ["yml"],
};

/** Lower-case name or alias → the canonical (registered) language name. */
const CANONICAL: ReadonlyMap<string, string> = (() => {
  const canonical = new Map<string, string>();
  for (const name of Object.keys(LANGUAGE_ALIASES)) canonical.set(name, name);
  for (const [name, aliases] of Object.entries(LANGUAGE_ALIASES)) {
    for (const alias of aliases) if (!canonical.has(alias)) canonical.set(alias, name);
  }
  return canonical;
})();

let core: HLJSApi | undefined;
let require: NodeJS.Require | undefined;
const registered = new Set<string>();

/**
 * highlight.js's core, loaded on first use, with each grammar registered
 * the first time a listing needs it: loading all of them takes 0.15 to 0.5 s
 * in every process and thread, while most blogs use a few. They are
 * CommonJS, so a synchronous require does it. An instance of our own, which
 * writes its HTML through HtmlEmitter (the same HTML, sooner).
 */
function highlighterFor(name: string): HLJSApi {
  if (registered.has(name)) return core!;
  require ??= createRequire(import.meta.url);
  if (!core) {
    core = (require("highlight.js/lib/core") as HLJSApi).newInstance();
    core.configure({ __emitter: HtmlEmitter as unknown as HLJSOptions["__emitter"] });
  }
  register(core, require, name);
  return core;
}

/**
 * Registers a grammar and every curated grammar it embeds (`subLanguage`:
 * CSS and JavaScript in HTML, Bash in a Dockerfile), so that the output is
 * the same as with every grammar loaded.
 */
function register(hljs: HLJSApi, load: NodeJS.Require, name: string): void {
  if (registered.has(name)) return;
  registered.add(name);
  hljs.registerLanguage(name, load(`highlight.js/lib/languages/${name}`) as LanguageFn);
  for (const embedded of embeddedLanguages(hljs.getLanguage(name))) {
    const canonical = CANONICAL.get(embedded.toLowerCase());
    if (canonical !== undefined) register(hljs, load, canonical);
  }
}

/** The `subLanguage` names anywhere in a grammar's modes. */
function embeddedLanguages(grammar: unknown): Set<string> {
  const found = new Set<string>();
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (typeof value !== "object" || value === null || value instanceof RegExp || seen.has(value)) return;
    seen.add(value);
    for (const [key, child] of Object.entries(value)) {
      if (key === "subLanguage") for (const name of [child].flat()) if (typeof name === "string") found.add(name);
      walk(child);
    }
  };
  walk(grammar);
  return found;
}

/** The canonical language name for a name or alias, or undefined when not curated. */
export function canonicalLanguage(language: string | undefined): string | undefined {
  if (language === undefined) return undefined;
  return CANONICAL.get(language.trim().toLowerCase());
}

export interface HighlightedCode {
  html: string;
  language: string | undefined;
}

/**
 * The last listings highlighted, by code (with the language they were
 * highlighted in), within a budget of characters of code and HTML: a server
 * renders a post's page and its listings apart, and an edit renders its
 * unchanged listings again. Keyed by the code itself, whose hash the string
 * keeps, so that a miss costs little. The HTML is kept as highlight.js built
 * it, a rope of small pieces: 512 Ki characters hold about 2 MB of heap.
 */
const MEMO_BUDGET = 1 << 19;
const memo = new Map<string, { name: string; html: string }>();
let memoChars = 0;

function remember(code: string, name: string, html: string): void {
  const size = code.length + html.length;
  if (size > MEMO_BUDGET / 8) return;
  const old = memo.get(code);
  if (old) {
    memo.delete(code);
    memoChars -= code.length + old.html.length;
  }
  memo.set(code, { name, html });
  memoChars += size;
  if (memoChars <= MEMO_BUDGET) return;
  for (const [oldCode, entry] of memo) {
    memo.delete(oldCode);
    memoChars -= oldCode.length + entry.html.length;
    if (memoChars <= MEMO_BUDGET) break;
  }
}

/** Forgets every memoised listing (for benchmarks that must highlight each time). */
export function clearHighlightMemo(): void {
  memo.clear();
  memoChars = 0;
}

export function highlightCode(code: string, language: string | undefined): HighlightedCode {
  const name = canonicalLanguage(language);
  if (name === undefined) return { html: escapeHtml(code), language: undefined };
  const known = memo.get(code);
  if (known?.name === name) {
    // Map order is insertion order: re-inserting makes this the most recent.
    memo.delete(code);
    memo.set(code, known);
    return { html: known.html, language: name };
  }
  let html: string;
  try {
    // ignoreIllegals: a snippet that is not quite valid code still gets colours.
    html = highlighterFor(name).highlight(code, { language: name, ignoreIllegals: true }).value;
  } catch {
    return { html: escapeHtml(code), language: undefined };
  }
  remember(code, name, html);
  return { html, language: name };
}

/** File name extension (or whole name, for Makefile and Dockerfile) → language. */
const BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  ["c", "c"], ["h", "c"],
  ["cc", "cpp"], ["cpp", "cpp"], ["cxx", "cpp"], ["c++", "cpp"], ["hh", "cpp"], ["hpp", "cpp"], ["hxx", "cpp"],
  ["cs", "csharp"], ["css", "css"], ["diff", "diff"], ["patch", "diff"],
  ["go", "go"], ["hs", "haskell"], ["ini", "ini"], ["toml", "ini"], ["cfg", "ini"], ["conf", "ini"],
  ["java", "java"], ["js", "javascript"], ["mjs", "javascript"], ["cjs", "javascript"],
  ["json", "json"], ["kt", "kotlin"], ["kts", "kotlin"], ["tex", "latex"], ["sty", "latex"],
  ["lisp", "lisp"], ["lsp", "lisp"], ["cl", "lisp"], ["el", "lisp"],
  ["lua", "lua"], ["mk", "makefile"], ["md", "markdown"], ["markdown", "markdown"],
  ["ml", "ocaml"], ["mli", "ocaml"], ["pl", "perl"], ["pm", "perl"], ["php", "php"],
  ["py", "python"], ["rb", "ruby"], ["rs", "rust"], ["scm", "scheme"], ["ss", "scheme"],
  ["sh", "bash"], ["bash", "bash"], ["zsh", "bash"], ["sql", "sql"], ["swift", "swift"],
  ["ts", "typescript"], ["mts", "typescript"], ["cts", "typescript"], ["tsx", "typescript"],
  ["s", "x86asm"], ["asm", "x86asm"],
  ["xml", "xml"], ["html", "xml"], ["htm", "xml"], ["xhtml", "xml"], ["svg", "xml"],
  ["yaml", "yaml"], ["yml", "yaml"],
]);
const BY_NAME: ReadonlyMap<string, string> = new Map([
  ["makefile", "makefile"], ["gnumakefile", "makefile"], ["dockerfile", "dockerfile"],
]);

export function languageOfFileName(name: string): string | undefined {
  const base = (name.split(/[\\/]/).pop() ?? "").toLowerCase();
  const whole = BY_NAME.get(base);
  if (whole !== undefined) return whole;
  const dot = base.lastIndexOf(".");
  if (dot <= 0 || dot === base.length - 1) return undefined;
  return BY_EXTENSION.get(base.slice(dot + 1));
}
