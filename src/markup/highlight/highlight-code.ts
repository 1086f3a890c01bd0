/**
 * Code highlighting at render time with highlight.js: code in, escaped HTML
 * with `<span class="hljs-…">` out, styled by the theme; no client script.
 * Only highlight.js's core and a curated set of common languages are loaded,
 * to keep start-up small. Unknown or absent language: plain escaped code.
 */

import { createRequire } from "node:module";
import type { HLJSApi, LanguageFn } from "highlight.js";
import { escapeHtml } from "../../text/escape.js";

/** The curated languages, by registered name (each is highlight.js/lib/languages/<name>). */
const LANGUAGES = [
  "bash", "c", "cpp", "csharp", "css", "diff", "dockerfile", "go", "haskell", "ini", "java", "javascript", "json",
  "kotlin", "latex", "lisp", "lua", "makefile", "markdown", "nginx", "ocaml", "perl", "php", "python", "ruby",
  "rust", "scheme", "shell", "sql", "swift", "typescript", "x86asm", "xml", "yaml",
] as const;

interface Highlighter {
  hljs: HLJSApi;
  /** Lower-case name or alias → the canonical (registered) language name. */
  canonical: Map<string, string>;
}

let loaded: Highlighter | undefined;

/**
 * highlight.js and its languages, loaded on first use: loading them takes
 * 0.2 to 0.5 s, which a start-up serving pages from cache should not wait
 * for. They are CommonJS, so a synchronous require does it.
 */
function highlighter(): Highlighter {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const hljs = require("highlight.js/lib/core") as HLJSApi;
  const canonical = new Map<string, string>();
  for (const name of LANGUAGES) {
    hljs.registerLanguage(name, require(`highlight.js/lib/languages/${name}`) as LanguageFn);
    canonical.set(name, name);
  }
  for (const name of LANGUAGES) {
    for (const alias of hljs.getLanguage(name)?.aliases ?? []) {
      const key = alias.toLowerCase();
      if (!canonical.has(key)) canonical.set(key, name);
    }
  }
  loaded = { hljs, canonical };
  return loaded;
}

/** The canonical language name for a name or alias, or undefined when not loaded. */
export function canonicalLanguage(language: string | undefined): string | undefined {
  if (language === undefined) return undefined;
  return highlighter().canonical.get(language.trim().toLowerCase());
}

export function highlightCode(
  code: string,
  language: string | undefined,
): { html: string; language: string | undefined } {
  const name = canonicalLanguage(language);
  if (name === undefined) return { html: escapeHtml(code), language: undefined };
  try {
    // ignoreIllegals: a snippet that is not quite valid code still gets colours.
    const result = highlighter().hljs.highlight(code, { language: name, ignoreIllegals: true });
    return { html: result.value, language: name };
  } catch {
    return { html: escapeHtml(code), language: undefined };
  }
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
