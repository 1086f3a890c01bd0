/**
 * Every route the site has, for a static build (render each, write it where
 * `format(route)` says) and for tests that visit the whole site: posts,
 * listings with their pages, tags and months with theirs, the tag list, the feeds (site,
 * tags, posts' comments, newest comments; Atom, RSS and JSON Feed), the
 * sitemap and its parts, robots.txt and the 404 page.
 */

import { sitemapEntries, sitemapLimits, splitSitemap } from "../pages/sitemap.js";
import type { LinkRoute } from "../route.js";
import type { Site } from "../site.js";

/** Pages a listing of `count` posts has at `perPage` (the first page exists even when empty). */
function pageCount(count: number, perPage: number): number {
  return Math.max(1, Math.ceil(count / Math.max(1, perPage)));
}

export function allRoutes(site: Site): LinkRoute[] {
  const { index, config } = site;
  const routes: LinkRoute[] = [];
  const htmlPages = (count: number): number[] => Array.from({ length: pageCount(count, config.htmlIndexStories) }, (_, i) => i);
  const feedPages = (count: number): number[] => Array.from({ length: pageCount(count, config.feedIndexStories) }, (_, i) => i);

  for (const page of htmlPages(index.listed.length)) routes.push({ kind: "index", format: "html", page });
  for (const page of feedPages(index.listed.length)) {
    routes.push({ kind: "index", format: "atom", page }, { kind: "index", format: "rss2", page }, { kind: "json-feed", tag: undefined, page });
  }
  for (const post of index.all) {
    for (const format of ["html", "atom", "rss2"] as const) routes.push({ kind: "story", format, id: post.id, preview: undefined });
  }
  for (const tag of index.tags.values()) {
    // A tag only unlisted posts carry still has its (empty) page: the posts link to it (the sitemap leaves it out).
    const count = index.listedWithTag(tag.name).length;
    for (const page of htmlPages(count)) routes.push({ kind: "tag", format: "html", tag: tag.name, page });
    for (const page of feedPages(count)) {
      routes.push({ kind: "tag", format: "atom", tag: tag.name, page }, { kind: "tag", format: "rss2", tag: tag.name, page }, { kind: "json-feed", tag: tag.name, page });
    }
  }
  // Template sets without the page (blahgd's) have no tag list.
  if (site.templates.html.has("taglist")) routes.push({ kind: "tags" });
  for (const month of index.months()) {
    for (const page of htmlPages(index.listedInMonth(month).length)) routes.push({ kind: "archive", month, page });
  }
  for (const format of ["atom", "rss2"] as const) {
    // Template sets without the feed (blahgd's) have no such page.
    if (site.templates[format].has("recentcomments")) routes.push({ kind: "recent-comments", format });
  }
  routes.push({ kind: "sitemap", part: undefined });
  const parts = splitSitemap(sitemapEntries(index, site.urls), sitemapLimits).length;
  if (parts > 1) for (let part = 1; part <= parts; part++) routes.push({ kind: "sitemap", part });
  routes.push({ kind: "robots" }, { kind: "not-found" });
  return routes;
}
