/**
 * Reads what the special commands of a body say (`\title{}`, `\published{}`,
 * `\tag{}`, `\twitterimg{}`, `\twitterphoto{}`) without parsing the body:
 * loading a whole blog needs every post's title, date and tags, not its HTML.
 * It skips comments, verbatim and listing environments and math exactly as
 * the parser does, so both always agree on a body that parses.
 */

import type { SpecialMeta } from "./ast.js";

const SPECIALS: ReadonlyArray<[string, keyof typeof APPLY]> = [
  ["\\title{", "title"],
  ["\\published{", "published"],
  ["\\tag{", "tag"],
  ["\\twitterimg{", "twitterimg"],
  ["\\twitterphoto{", "twitterphoto"],
];

const RAW_ENDS: ReadonlyArray<[string, string]> = [
  ["\\begin{verbatim}", "\\end{verbatim}"],
  ["\\begin{listing}", "\\end{listing}"],
];

const APPLY = {
  title: (meta: SpecialMeta, value: string) => void (meta.title = value),
  published: (meta: SpecialMeta, value: string) => void (meta.published = value),
  tag: (meta: SpecialMeta, value: string) => void meta.tags.push(value),
  twitterimg: (meta: SpecialMeta, value: string) => void (meta.twitterImage = { kind: "url", value }),
  twitterphoto: (meta: SpecialMeta, value: string) => void (meta.twitterImage = { kind: "photo", value }),
};

/** Byte patterns: a body containing none of them has no special commands. */
export const SPECIAL_COMMAND_MARKERS: readonly string[] = ["\\title{", "\\published{", "\\tag{", "\\twitterimg{", "\\twitterphoto{"];

export function scanSpecialMeta(text: string): SpecialMeta {
  const source = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const meta: SpecialMeta = { tags: [] };
  const interesting = /[\\%$]/g;
  for (let m = interesting.exec(source); m; m = interesting.exec(source)) {
    const at = m.index;
    const ch = source.charCodeAt(at);
    if (ch === 37 /* % */) {
      const eol = source.indexOf("\n", at);
      if (eol === -1) break;
      interesting.lastIndex = eol;
    } else if (ch === 36 /* $ */) {
      const close = source.indexOf("$", at + 1);
      if (close === -1) break;
      interesting.lastIndex = close + 1;
    } else {
      interesting.lastIndex = scanBackslash(source, at, meta);
    }
  }
  return meta;
}

/** Handles the backslash at `at`; returns where scanning goes on. */
function scanBackslash(source: string, at: number, meta: SpecialMeta): number {
  const next = source.charCodeAt(at + 1);
  if (next === 116 /* t */ || next === 112 /* p */) {
    for (const [prefix, name] of SPECIALS) {
      if (!source.startsWith(prefix, at)) continue;
      const from = at + prefix.length;
      const close = source.indexOf("}", from);
      if (close === -1) return source.length;
      APPLY[name](meta, source.slice(from, close).replaceAll("\n", ""));
      return close + 1;
    }
  } else if (next === 98 /* b */) {
    for (const [begin, end] of RAW_ENDS) {
      if (!source.startsWith(begin, at)) continue;
      const close = source.indexOf(end, at + begin.length);
      return close === -1 ? source.length : close + end.length;
    }
  }
  // Any other escape (\\, \$, \%, a command) is two characters we can step over.
  return at + 2;
}
