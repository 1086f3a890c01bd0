/** Renders the page a route names (the routes that are pages of the blog, not files or forms). */

import { archivePage, indexPage, tagPage } from "./pages/listing.js";
import { notFound, unsupportedFeed } from "./pages/errors.js";
import type { Page } from "./pages/page.js";
import { categoryRedirect, redirectPage } from "./pages/redirect.js";
import { postPage } from "./pages/story.js";
import { recentCommentsFeed } from "./pages/recent-comments.js";
import { jsonFeedPage } from "./pages/json-feed.js";
import { robotsPage } from "./pages/robots.js";
import { sitemapPage } from "./pages/sitemap.js";
import { searchPage } from "./pages/search.js";
import { tagListPage } from "./pages/tag-list.js";
import type { Route } from "./route.js";
import type { Site } from "./site.js";
import { absoluteBase } from "./urls.js";

export type PageRoute = Exclude<Route, { kind: "static" | "comment" | "admin" }>;

/**
 * `host`: the request's Host header, for the documents that need absolute
 * URLs (sitemap, robots.txt) when `base-url` is not one; what is built from
 * it is marked as not to be shared with other requests.
 */
export function renderPage(site: Site, route: PageRoute, now: bigint, host?: string): Page {
  switch (route.kind) {
    case "index":
      return indexPage(site, route.format, route.page, now);
    case "archive":
      return archivePage(site, route.month, route.page, now);
    case "tag":
      return tagPage(site, route.format, route.tag, route.page, now);
    case "search":
      return searchPage(site, route.query, route.page, now);
    case "tags":
      return tagListPage(site, now);
    case "story":
      return postPage(site, route.id, route.format, route.preview, now, route.held === true);
    case "category":
      return categoryRedirect(site, route.name, now);
    case "recent-comments":
      return recentCommentsFeed(site, route.format, now);
    case "json-feed":
      return jsonFeedPage(site, route.tag, route.page, now);
    case "sitemap": {
      const absolute = absoluteBase(site.config.baseUrl, host);
      return sitemapPage(site, route.part, absolute?.base ?? site.config.baseUrl, absolute?.fromHost === false, now);
    }
    case "robots": {
      const absolute = absoluteBase(site.config.baseUrl, host);
      return robotsPage(absolute && site.urls.withBase(absolute.base).sitemap, absolute?.fromHost === false);
    }
    case "not-found":
      return notFound(site, now, route.missingPost);
    case "unsupported-feed":
      return unsupportedFeed(site, now);
    case "redirect":
      return redirectPage(site, route.to, now);
  }
}
