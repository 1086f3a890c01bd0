/**
 * The error pages: not found, and a feed format or page that has no feed
 * (full HTML pages with the sidebar, status 404), and the 503 of a post not
 * loaded yet at start-up.
 */

import type { TemplateValue } from "../../template/index.js";
import type { Site } from "../site.js";
import { CONTENT_TYPES, type Page } from "./page.js";

function errorPage(site: Site, template: string, pagekind: string, now: bigint, extra: Record<string, TemplateValue> = {}): Page {
  const body = site.render("html", template, site.requestScope(now), { pagekind, ...extra });
  return { status: 404, contentType: CONTENT_TYPES.html, body, maxAge: Infinity, posts: [], listing: false };
}

/** `missingPost`: a story that does not exist gets blahgd's title "not found". */
export function notFound(site: Site, now: bigint, missingPost = false): Page {
  return errorPage(site, "404", "404", now, missingPost ? { title: "not found" } : {});
}

export function unsupportedFeed(site: Site, now: bigint): Page {
  return errorPage(site, "error_unsupported_feed_fmt", "feed-error", now);
}

/** A post asked for while the blog is still loading its posts: a plain 503 with Retry-After, never cached. */
export function stillLoading(): Page {
  return { status: 503, contentType: CONTENT_TYPES.text, body: "Starting, try again in a moment.\n", retryAfter: 1, maxAge: 0, posts: [], listing: false };
}
