/**
 * Link checker for a static build: parses every HTML file (and the Atom
 * and RSS feeds) of an output directory and checks that every internal
 * href and src resolves to a file in it. Internal: under the site's base,
 * or relative, and not under one of the `external` prefixes (such as
 * photo-base-url, served elsewhere). A static host cannot route a query, so
 * an internal link with one must be answered by a rule of the output's
 * `_redirects` file (`/ p=ID /target/ 301`) whose target is a file. A
 * link to a place on its own page (`#id`) must name an id of that page.
 */

import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { filesUnder } from "./file-tree.js";

export interface BrokenLink {
  /** The file the link is in (relative to the output). */
  file: string;
  link: string;
  why: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The href and src values of a document's start tags, read by a small
 * tokenizer (comments, script and style contents, CDATA skipped; attribute
 * values quoted or bare, entities decoded).
 */
export function linksOf(markup: string): string[] {
  const links: string[] = [];
  const text = markup
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "")
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "");
  for (const tag of text.matchAll(/<[A-Za-z][A-Za-z0-9:-]*((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g)) {
    for (const attr of tag[1]!.matchAll(/([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
      const name = attr[1]!.toLowerCase();
      if (name !== "href" && name !== "src") continue;
      const value = attr[2] ?? attr[3] ?? attr[4];
      if (value !== undefined) links.push(decodeEntities(value));
    }
  }
  return links;
}

/** The ids (and anchors' names) of a page's elements, which `#fragment` links name. */
function fragmentsOf(markup: string): Set<string> {
  const found = new Set<string>();
  for (const m of markup.matchAll(/<[A-Za-z][^<>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) found.add(decodeEntities(m[1] ?? m[2] ?? ""));
  return found;
}

/** The page URL of an output file: `x/index.html` is `base/x/`. */
function pageUrl(base: string, file: string): string {
  return `${base}/${file.endsWith("index.html") ? file.slice(0, -"index.html".length) : file}`;
}

/** The query rules of `_redirects`: `path?name=value` (decoded) -> target path. */
function queryRedirects(outDir: string): Map<string, string> {
  const rules = new Map<string, string>();
  const file = join(outDir, "_redirects");
  if (!existsSync(file)) return rules;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^(\S+) ([^\s=]+)=(\S+) (\S+) 301$/.exec(line);
    if (m) rules.set(`${m[1]}?${m[2]}=${decodeURIComponent(m[3]!)}`, m[4]!);
  }
  return rules;
}

export function brokenLinks(outDir: string, base: string, external: readonly string[] = []): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const baseUrl = new URL(base.endsWith("/") ? base : `${base}/`);
  const redirects = queryRedirects(outDir);
  for (const file of filesUnder(outDir)) {
    if (!/\.(html|xml)$/.test(file)) continue;
    const markup = readFileSync(join(outDir, file), "utf8");
    if (file.endsWith(".xml") && !/<(feed|rss)\b/.test(markup)) continue; // sitemaps hold URLs as text, checked elsewhere
    let fragments: Set<string> | undefined;
    for (const link of linksOf(markup)) {
      if (link.startsWith("#")) {
        // In a feed, a fragment is relative to the entry's page, not the feed.
        if (!file.endsWith(".html") || link === "#") continue;
        let fragment: string;
        try {
          fragment = decodeURIComponent(link.slice(1));
        } catch {
          broken.push({ file, link, why: "bad percent-encoding" });
          continue;
        }
        fragments ??= fragmentsOf(markup);
        if (!fragments.has(fragment)) broken.push({ file, link, why: "no element of the page has this id" });
        continue;
      }
      if (/^(mailto|javascript|data|tel):/i.test(link)) continue;
      let url: URL;
      try {
        url = new URL(link, pageUrl(base, file));
      } catch {
        broken.push({ file, link, why: "not a URL" });
        continue;
      }
      if (url.origin !== baseUrl.origin || !url.pathname.startsWith(baseUrl.pathname)) continue; // another site
      if (external.some((prefix) => url.href.startsWith(prefix))) continue;
      if (url.search !== "") {
        const params = [...url.searchParams];
        const target = params.length === 1 ? redirects.get(`${url.pathname}?${params[0]![0]}=${params[0]![1]}`) : undefined;
        if (target === undefined) {
          broken.push({ file, link, why: "has a query, which a static host ignores, and no redirect answers it" });
          continue;
        }
        url = new URL(target, url);
      }
      let path: string;
      try {
        path = decodeURIComponent(url.pathname.slice(baseUrl.pathname.length));
      } catch {
        broken.push({ file, link, why: "bad percent-encoding" });
        continue;
      }
      const target = join(outDir, path.endsWith("/") || path === "" ? `${path}index.html` : path);
      if (!existsSync(target) || !statSync(target).isFile()) broken.push({ file, link, why: `no file ${target.slice(outDir.length + 1)}` });
    }
  }
  return broken;
}
