/**
 * The order a build renders its pages in. Each thread keeps its own cache
 * of rendered bodies, and a post's body is shown on its page, a page of the
 * index, its month and its tags: routes are ordered by where their first
 * post stands in time, so that a thread rendering a contiguous run of them
 * (see page-scheduler.ts) renders mostly the bodies of one stretch of the blog.
 */

import type { LinkRoute } from "../site/route.js";
import type { Site } from "../site/site.js";

/** The position (newest first) of the first post a route shows; 0 for pages that show no posts' bodies. */
function positionOf(site: Site, route: LinkRoute, positions: ReadonlyMap<number, number>): number {
  const { index, config } = site;
  const firstOf = (posts: readonly { id: number }[], page: number, perPage: number): number => positions.get(posts[page * perPage]?.id ?? -1) ?? 0;
  switch (route.kind) {
    case "story":
      return positions.get(route.id) ?? 0;
    case "index":
      return firstOf(index.listed, route.page, route.format === "html" ? config.htmlIndexStories : config.feedIndexStories);
    case "json-feed":
      return firstOf(route.tag === undefined ? index.listed : index.listedWithTag(route.tag), route.page, config.feedIndexStories);
    case "tag":
      return firstOf(index.listedWithTag(route.tag), route.page, route.format === "html" ? config.htmlIndexStories : config.feedIndexStories);
    case "archive":
      return firstOf(index.listedInMonth(route.month), route.page, config.htmlIndexStories);
    default:
      return 0;
  }
}

/** `items` ordered by their routes' positions (stable: equal positions keep their order). */
export function orderByPosition<T extends { route: LinkRoute }>(site: Site, items: readonly T[]): T[] {
  const positions = new Map<number, number>();
  site.index.all.forEach((post, i) => positions.set(post.id, i));
  return items
    .map((item) => ({ item, at: positionOf(site, item.route, positions) }))
    .sort((a, b) => a.at - b.at)
    .map((o) => o.item);
}
