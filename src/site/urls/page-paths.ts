/**
 * Pages' own paths, by their parents' slugs (`/about/`, `/about/team/`), as
 * WordPress gives them, under either URL scheme. A page whose path is taken
 * (by a listing, a post, or an older page) keeps its query URL; so does a
 * page whose parents loop.
 */

import type { Post } from "../../content/model.js";
import type { SiteIndex } from "../../content/site-index.js";
import type { QueryParams } from "../../http/query.js";
import type { LinkRoute, Route } from "../route.js";
import { encodeSlug } from "../../text/slug.js";
import { wantedSlug } from "./post-paths.js";

export interface PagePath {
  /** What a request's decoded path holds. */
  decoded: string;
  /** What links carry. */
  encoded: string;
}

export interface PagePaths {
  byId: ReadonlyMap<number, PagePath>;
  byPath: ReadonlyMap<string, number>;
}

/** Deeper than this is a loop or a mistake. */
const MAX_DEPTH = 32;

/** The slugs from the top page down to `page`; undefined when a parent is missing, not a page, or loops. */
function slugsOf(page: Post, index: SiteIndex): string[] | undefined {
  const slugs: string[] = [];
  const seen = new Set<number>();
  for (let at: Post | undefined = page; at !== undefined; ) {
    if (seen.has(at.id) || slugs.length === MAX_DEPTH) return undefined;
    seen.add(at.id);
    slugs.unshift(wantedSlug(at));
    if (at.parent === undefined) return slugs;
    const parent = index.post(at.parent);
    // A parent that is gone leaves its page at the top, as WordPress shows an orphan.
    at = parent?.page ? parent : undefined;
  }
  return slugs;
}

export function pagePaths(index: SiteIndex, taken: (decodedPath: string) => boolean): PagePaths {
  const byId = new Map<number, PagePath>();
  const byPath = new Map<string, number>();
  const pages = index.all.filter((p) => p.page).sort((a, b) => a.id - b.id);
  for (const page of pages) {
    const slugs = slugsOf(page, index);
    if (slugs === undefined) continue;
    const decoded = `/${slugs.join("/")}/`;
    if (byPath.has(decoded) || taken(decoded)) continue;
    byId.set(page.id, { decoded, encoded: `/${slugs.map(encodeSlug).join("/")}/` });
    byPath.set(decoded, page.id);
  }
  return { byId, byPath };
}

/** A page at its path, its comment feeds, or its path without the final slash (301); undefined for any other path. */
export function pageRoute(pages: PagePaths, path: string, params: QueryParams): Route | undefined {
  const id = pages.byPath.get(path);
  if (id !== undefined) return { kind: "story", format: "html", id, preview: undefined, ...(params.has("held") && { held: true }) };
  const feed = /^(.*\/)feed\/(?:(atom|rss2)\/)?$/s.exec(path);
  const fed = feed ? pages.byPath.get(feed[1]!) : undefined;
  if (fed !== undefined) return { kind: "story", format: (feed![2] as "atom" | "rss2" | undefined) ?? "rss2", id: fed, preview: undefined };
  const slashed = pages.byPath.get(`${path}/`);
  return slashed === undefined ? undefined : { kind: "redirect", to: { kind: "story", format: "html", id: slashed, preview: undefined } };
}

/** A page's URL for a story route, or undefined when the route keeps the scheme's own form (a preview, a post). */
export function pageUrl(pages: PagePaths, base: string, r: Extract<LinkRoute, { kind: "story" }>): string | undefined {
  const path = pages.byId.get(r.id);
  if (path === undefined || r.preview !== undefined) return undefined;
  const at = r.format === "html" ? path.encoded : r.format === "rss2" ? `${path.encoded}feed/` : `${path.encoded}feed/${r.format}/`;
  return base + at + (r.held ? "?held=1" : "");
}
