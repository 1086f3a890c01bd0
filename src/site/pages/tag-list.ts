/**
 * The tag list, `/?tags` (`/tag/` under a permalink): every tag of the
 * cloud on one page, for themes whose sidebar shows only the most used
 * (`tagcloudtop`). Rendered with the theme's `taglist` template; a template set
 * without one (blahgd's) has no such page.
 */

import type { Site } from "../site.js";
import { notFound } from "./errors.js";
import { CONTENT_TYPES, type Page } from "./page.js";

export function tagListPage(site: Site, now: bigint): Page {
  if (!site.templates.html.has("taglist")) return notFound(site, now);
  const body = site.render("html", "taglist", site.requestScope(now), {
    title: "Tags",
    twittertitle: `${site.config.siteTitle} \u00bb Tags`,
    pagekind: "tags",
    pagedescription: `Every tag of ${site.config.siteTitle}`,
    canonicalurl: site.urls.tags,
  });
  // The cloud follows every post's tags: a change of any listing renews it.
  return { status: 200, contentType: CONTENT_TYPES.html, body, maxAge: Infinity, posts: [], listing: true };
}
