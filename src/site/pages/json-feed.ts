/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the site and of each
 * tag: the same posts, page size and pages (`&paged=N`, linked by
 * `next_url`) as the Atom feed. Themes have no JSON templates, so the feed
 * is built as data and serialized with JSON.stringify, which escapes every
 * title and tag a post supplies.
 */

import type { Post } from "../../content/model.js";
import { compareTags } from "../../content/tags.js";
import { rfc3339Utc } from "../../text/date-time.js";
import { BROKEN_BODY_HTML, safeLink } from "../post-view.js";
import type { Site } from "../site.js";
import { notFound } from "./errors.js";
import { CONTENT_TYPES, type Page } from "./page.js";

export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

export interface JsonFeedAuthor {
  name: string;
  url?: string;
}

export interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  summary: string;
  image?: string;
  date_published: string;
  date_modified: string;
  tags: string[];
  authors: JsonFeedAuthor[];
}

export interface JsonFeed {
  version: string;
  title: string;
  home_page_url: string;
  feed_url: string;
  description?: string;
  next_url?: string;
  language: string;
  authors: JsonFeedAuthor[];
  items: JsonFeedItem[];
}

function item(site: Site, post: Post, authors: JsonFeedAuthor[]): JsonFeedItem {
  const body = site.bodies.body(post);
  const url = site.urls.post(post.id);
  const feedItem: JsonFeedItem = {
    id: url,
    url,
    title: post.title,
    content_html: body?.html ?? BROKEN_BODY_HTML,
    summary: body?.summary ?? "",
    // blahg keeps no edit time: a post is as new as its date, as in the Atom feed's <updated>.
    date_published: rfc3339Utc(post.time),
    date_modified: rfc3339Utc(post.time),
    tags: [...post.tags].sort(compareTags),
    authors,
  };
  const image = safeLink(post.twitterImage);
  if (image !== undefined) feedItem.image = image;
  return feedItem;
}

/** The site's feed (`tag` undefined) or a tag's, page `page` (0 is the newest). */
export function jsonFeedPage(site: Site, tag: string | undefined, page: number, now: bigint): Page {
  const { config, urls } = site;
  const posts = tag === undefined ? site.index.listed : site.index.listedWithTag(tag);
  const perPage = Math.max(1, config.feedIndexStories);
  const start = page * perPage;
  if (page > 0 && start >= posts.length) return notFound(site, now);
  const shown = posts.slice(start, start + perPage);
  const authors: JsonFeedAuthor[] = [{ name: config.siteAuthor || config.siteTitle, url: urls.home }];
  const tagName = tag === undefined ? undefined : (site.index.tag(tag)?.name ?? tag);
  const description = tagName === undefined ? config.siteTagline : `Posts tagged \u201c${tagName}\u201d`;
  const more = start + perPage < posts.length;
  const feed: JsonFeed = {
    version: JSON_FEED_VERSION,
    title: tagName === undefined ? config.siteTitle : `${config.siteTitle}: posts tagged \u201c${tagName}\u201d`,
    home_page_url: tag === undefined ? urls.home : urls.tag(tag),
    feed_url: urls.of({ kind: "json-feed", tag, page }),
    ...(description && { description }),
    // A static copy has only the first page of each feed, like its Atom and RSS files.
    ...(more && !site.isStatic && { next_url: urls.of({ kind: "json-feed", tag, page: page + 1 }) }),
    language: config.siteLanguage,
    authors,
    items: shown.map((post) => item(site, post, authors)),
  };
  return {
    status: 200,
    contentType: CONTENT_TYPES["json-feed"],
    body: JSON.stringify(feed, null, 2) + "\n",
    maxAge: Infinity,
    posts: shown.map((p) => p.id),
    listing: true,
  };
}
