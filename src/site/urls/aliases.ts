/**
 * Old addresses: of posts (post.lisp or front matter `aliases`, written by
 * importers) and of the site's other pages (the config's `site-aliases`: an
 * imported blog's old feed and tag addresses). Each answers 301 to its
 * page's URL. Kept by decoded path, as requests arrive decoded.
 */

import type { Post } from "../../content/model.js";
import { parseQuery } from "../../http/query.js";
import { route, type LinkRoute } from "../route.js";

/** Decoded path -> the page it moved to. */
export type AliasTable = ReadonlyMap<string, LinkRoute>;

/** Pages a site alias may name: the ones whose URL changes with the scheme. */
const ALIAS_TARGETS: ReadonlySet<string> = new Set(["index", "tag", "archive", "story", "tags", "json-feed", "recent-comments"]);

/**
 * The page a site alias's target names, written as blahgd's query URL (`/`, `/?feed=rss2`,
 * `/?tag=go`, `/?tag=go&feed=atom`, `/?tags`, `/?p=12`, `/?m=202401`); undefined if it names none.
 */
export function aliasTarget(target: string): LinkRoute | undefined {
  const m = /^\/(?:\?(.*))?$/s.exec(target);
  if (!m) return undefined;
  const params = parseQuery(m[1] ?? "");
  if (params === "malformed") return undefined;
  const r = route("/", params);
  return ALIAS_TARGETS.has(r.kind) ? (r as LinkRoute) : undefined;
}

/** An alias as a request path: percent-decoded, without query or fragment; undefined if it is no path. */
export function aliasPath(alias: string): string | undefined {
  const path = alias.split(/[?#]/, 1)[0]!;
  if (!path.startsWith("/") || path === "/" || path.length > 2000) return undefined;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Every post's aliases, then the site's (decoded path -> query URL, see aliasTarget); when two
 * posts claim one, the older post keeps it, and a post's alias wins over the site's.
 */
export function aliasTable(oldestFirst: Iterable<Post>, siteAliases: ReadonlyMap<string, string> = new Map()): AliasTable {
  const table = new Map<string, LinkRoute>();
  for (const post of oldestFirst) {
    for (const alias of post.aliases ?? []) {
      const path = aliasPath(alias);
      if (path !== undefined && !table.has(path)) table.set(path, { kind: "story", format: "html", id: post.id, preview: undefined });
    }
  }
  for (const [path, target] of siteAliases) {
    const to = aliasTarget(target);
    if (to !== undefined && !table.has(path)) table.set(path, to);
  }
  return table;
}
