/**
 * Code highlighting at render time with highlight.js: code in, escaped HTML
 * with `<span class="hljs-…">` out, styled by the theme; no client script.
 * Only highlight.js's core and a curated set of common languages are loaded,
 * to keep start-up small. Unknown or absent language: plain escaped code.
 */

import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import csharp from "highlight.js/lib/languages/csharp";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import dockerfile from "highlight.js/lib/languages/dockerfile";
import go from "highlight.js/lib/languages/go";
import haskell from "highlight.js/lib/languages/haskell";
import ini from "highlight.js/lib/languages/ini";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import kotlin from "highlight.js/lib/languages/kotlin";
import latex from "highlight.js/lib/languages/latex";
import lisp from "highlight.js/lib/languages/lisp";
import lua from "highlight.js/lib/languages/lua";
import makefile from "highlight.js/lib/languages/makefile";
import markdown from "highlight.js/lib/languages/markdown";
import nginx from "highlight.js/lib/languages/nginx";
import ocaml from "highlight.js/lib/languages/ocaml";
import perl from "highlight.js/lib/languages/perl";
import php from "highlight.js/lib/languages/php";
import python from "highlight.js/lib/languages/python";
import ruby from "highlight.js/lib/languages/ruby";
import rust from "highlight.js/lib/languages/rust";
import scheme from "highlight.js/lib/languages/scheme";
import shell from "highlight.js/lib/languages/shell";
import sql from "highlight.js/lib/languages/sql";
import swift from "highlight.js/lib/languages/swift";
import typescript from "highlight.js/lib/languages/typescript";
import x86asm from "highlight.js/lib/languages/x86asm";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import { escapeHtml } from "../../text/escape.js";

const LANGUAGES = {
  bash, c, cpp, csharp, css, diff, dockerfile, go, haskell, ini, java, javascript, json,
  kotlin, latex, lisp, lua, makefile, markdown, nginx, ocaml, perl, php, python, ruby,
  rust, scheme, shell, sql, swift, typescript, x86asm, xml, yaml,
};

/** Lower-case name or alias → the canonical (registered) language name. */
const CANONICAL = new Map<string, string>();
for (const [name, definition] of Object.entries(LANGUAGES)) {
  hljs.registerLanguage(name, definition);
  CANONICAL.set(name, name);
}
for (const name of Object.keys(LANGUAGES)) {
  for (const alias of hljs.getLanguage(name)?.aliases ?? []) {
    const key = alias.toLowerCase();
    if (!CANONICAL.has(key)) CANONICAL.set(key, name);
  }
}

/** The canonical language name for a name or alias, or undefined when not loaded. */
export function canonicalLanguage(language: string | undefined): string | undefined {
  if (language === undefined) return undefined;
  return CANONICAL.get(language.trim().toLowerCase());
}

export function highlightCode(
  code: string,
  language: string | undefined,
): { html: string; language: string | undefined } {
  const name = canonicalLanguage(language);
  if (name === undefined) return { html: escapeHtml(code), language: undefined };
  try {
    // ignoreIllegals: a snippet that is not quite valid code still gets colours.
    const result = hljs.highlight(code, { language: name, ignoreIllegals: true });
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
