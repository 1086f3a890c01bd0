/**
 * Old addresses of posts (post.lisp or front matter `aliases`, written by
 * importers): each answers 301 to the post's URL. Kept by decoded path, as
 * requests arrive decoded.
 */

import type { Post } from "../../content/model.js";

export type AliasTable = ReadonlyMap<string, number>;

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

/** Every post's aliases; when two posts claim one, the older post keeps it. */
export function aliasTable(oldestFirst: Iterable<Post>): AliasTable {
  const table = new Map<string, number>();
  for (const post of oldestFirst) {
    for (const alias of post.aliases ?? []) {
      const path = aliasPath(alias);
      if (path !== undefined && !table.has(path)) table.set(path, post.id);
    }
  }
  return table;
}
