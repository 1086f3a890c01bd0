/**
 * Permanent redirects: `?cat=NAME` (WordPress categories live on as tags
 * through the config's `category-to-tag`; a known one gets a 301 to its tag
 * page, with the tag URL-encoded, which blahgd forgot; an unknown one a
 * 404), and the moves the URL scheme asks for (`/?p=ID` to a permalink,
 * aliases, `/page/1/`).
 */

import type { LinkRoute } from "../route.js";
import type { Site } from "../site.js";
import { notFound } from "./errors.js";
import { CONTENT_TYPES, type Page } from "./page.js";

export function categoryRedirect(site: Site, name: string, now: bigint): Page {
  const tag = site.config.categoryToTag.get(name);
  if (tag === undefined) return notFound(site, now);
  return movedTo(site, site.urls.tag(tag), [], now);
}

/** A 301 to a route of the blog; a redirect to a post depends on it (its URL moves with its slug and date). */
export function redirectPage(site: Site, to: LinkRoute, now: bigint): Page {
  if (to.kind === "story" && site.index.post(to.id) === undefined) return notFound(site, now, true);
  return movedTo(site, site.urls.of(to), to.kind === "story" ? [to.id] : [], now);
}

function movedTo(site: Site, location: string, posts: number[], now: bigint): Page {
  const body = site.render("html", "301", site.requestScope(now), { redirect: location, pagekind: "redirect" });
  return { status: 301, contentType: CONTENT_TYPES.html, body, location, maxAge: Infinity, posts, listing: false };
}
