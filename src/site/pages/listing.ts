/**
 * Listing pages: the index, a month's archive and a tag, in HTML, and the
 * site and tag feeds. Pagination counts only listed posts, within the list
 * shown (blahgd skipped posts of the whole blog on archive pages, and its
 * December archive ran into January; both are fixed), and "older" appears
 * only when older posts exist.
 */

import type { Post } from "../../content/model.js";
import type { TemplateValue } from "../../template/index.js";
import { LISTING_TITLE_LEVEL, postMap } from "../post-view.js";
import type { Format, LinkRoute } from "../route.js";
import type { Site } from "../site.js";
import { CONTENT_TYPES, type Page } from "./page.js";
import { notFound } from "./errors.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** blahgd's `nextpage` on the first page: page − 1 in unsigned 64-bit arithmetic. */
const U64_MINUS_ONE = (1n << 64n) - 1n;

interface Listing {
  format: Format;
  posts: readonly Post[];
  page: number;
  /** The route of page N of the listing in HTML, for canonical and pager links. */
  route: (page: number) => LinkRoute;
  template: string;
  variables: Record<string, TemplateValue>;
}

function listingPage(site: Site, listing: Listing, now: bigint): Page {
  const perPage = Math.max(1, listing.format === "html" ? site.config.htmlIndexStories : site.config.feedIndexStories);
  const start = listing.page * perPage;
  if (listing.page > 0 && start >= listing.posts.length) return notFound(site, now);
  const shown = listing.posts.slice(start, start + perPage);
  const more = start + perPage < listing.posts.length;
  const variables: Record<string, TemplateValue> = {
    ...listing.variables,
    curpage: listing.page,
    prevpage: listing.page + 1,
    nextpage: listing.page > 0 ? listing.page - 1 : U64_MINUS_ONE,
    posts: shown.map((p) => postMap(p, { bodies: site.bodies, urls: site.urls, titleLevel: LISTING_TITLE_LEVEL })),
    moreposts: more ? 1 : 0,
    lastupdate: shown.reduce((t, p) => Math.max(t, p.time), 0),
    canonicalurl: site.urls.of(listing.route(listing.page)),
  };
  if (more) variables.olderurl = variables.nextpageurl = site.urls.of(listing.route(listing.page + 1));
  if (listing.page > 0) variables.newerurl = variables.prevpageurl = site.urls.of(listing.route(listing.page - 1));
  const scope = site.requestScope(now);
  return {
    status: 200,
    contentType: CONTENT_TYPES[listing.format],
    body: site.render(listing.format, listing.template, scope, variables),
    maxAge: Infinity,
    posts: shown.map((p) => p.id),
    listing: true,
  };
}

export function indexPage(site: Site, format: Format, page: number, now: bigint): Page {
  const title = site.config.siteTitle;
  return listingPage(site, {
    format,
    posts: format === "html" ? site.index.frontPage : site.index.listed,
    page,
    route: (page) => ({ kind: "index", format: "html", page }),
    template: "index",
    variables: { title, twittertitle: title, pagekind: "index", pagedescription: site.config.siteTagline },
  }, now);
}

export function archivePage(site: Site, month: number, page: number, now: bigint): Page {
  const year = Math.floor(month / 100);
  const name = MONTHS[(month % 100) - 1]!;
  return listingPage(site, {
    format: "html",
    posts: site.index.listedInMonth(month),
    page,
    route: (page) => ({ kind: "archive", month, page }),
    template: "archive",
    variables: {
      title: `${year} \u00bb ${name}`,
      twittertitle: `${site.config.siteTitle} \u00bb ${year} \u00bb ${name}`,
      archid: month,
      monthurl: site.urls.month(month),
      archivename: `${name} ${year}`,
      pagekind: "archive",
      pagedescription: `Posts from ${name} ${year}`,
    },
  }, now);
}

export function tagPage(site: Site, format: Format, tag: string, page: number, now: bigint): Page {
  const info = site.index.tag(tag);
  // A feed set without its own tag template (blahgd's) uses the site feed's.
  const template = format !== "html" && !site.templates[format].has("tagindex") ? "index" : "tagindex";
  return listingPage(site, {
    format,
    posts: site.index.listedWithTag(tag),
    page,
    route: (page) => ({ kind: "tag", format: "html", tag, page }),
    template,
    variables: {
      title: tag,
      twittertitle: `${site.config.siteTitle} \u00bb ${tag}`,
      tagid: tag,
      tagname: info?.name ?? tag,
      tagurl: site.urls.tag(tag),
      tagfeedurl: site.urls.tagFeed(tag, "atom"),
      tagrssurl: site.urls.tagFeed(tag, "rss2"),
      tagjsonfeedurl: site.urls.tagJsonFeed(tag),
      pagekind: "tag",
      pagedescription: `Posts tagged \u201c${info?.name ?? tag}\u201d`,
    },
  }, now);
}
