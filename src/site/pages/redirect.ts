/**
 * `?cat=NAME`: WordPress categories live on as tags through the config's
 * `category-to-tag`; a known one gets a 301 to its tag page (with the tag
 * URL-encoded, which blahgd forgot), an unknown one a 404.
 */

import type { Site } from "../site.js";
import { notFound } from "./errors.js";
import { CONTENT_TYPES, type Page } from "./page.js";

export function categoryRedirect(site: Site, name: string, now: bigint): Page {
  const tag = site.config.categoryToTag.get(name);
  if (tag === undefined) return notFound(site, now);
  const location = site.urls.tag(tag);
  const body = site.render("html", "301", site.requestScope(now), { redirect: location, pagekind: "redirect" });
  return { status: 301, contentType: CONTENT_TYPES.html, body, location, maxAge: Infinity, posts: [], listing: false };
}
