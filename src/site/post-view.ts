/**
 * Posts and comments as template values: blahgd's variables (spec 6.6) plus
 * blahg's (permalinks, summaries, a worded comment count, tag links). The
 * bodies are HTML values (rendered, or sanitized for comments); everything
 * else, the visitor's name and URL included, is text the templates escape.
 */

import type { BodyStore, RenderedBody } from "../content/bodies.js";
import type { Comment, Post } from "../content/model.js";
import type { HeadingLevel } from "../markup/fmt3/options.js";
import { compareTags } from "../content/tags.js";
import { trustedHtml, type Html, type TemplateMap } from "../template/index.js";
import { commentBodyHtml } from "./comment-body.js";
import type { SiteUrls } from "./urls.js";

/**
 * The heading level of a post's title: an h1 on its own page, an h2 in
 * listings under the page's h1, as the default theme prints them. Body
 * headings go below it. (blahgd's own templates use an h2 on both; under
 * them a story page's sections are h2 too, which skips no level.)
 */
export const STORY_TITLE_LEVEL: HeadingLevel = 1;
export const LISTING_TITLE_LEVEL: HeadingLevel = 2;

/** What a post that cannot be rendered shows instead of its body. */
export const BROKEN_BODY_HTML = '<p class="render-error">This post could not be shown: its markup has an error (the blog\'s log says where).</p>';
const BROKEN_BODY: Html = trustedHtml(BROKEN_BODY_HTML);

export function commentCount(n: number): string {
  return n === 0 ? "No Comments" : n === 1 ? "1 Comment" : `${n} Comments`;
}

/** An http(s) URL fit for a link, or undefined. */
export function safeLink(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A post's `taglinks` (name and page of each tag), or nothing without tags: unset then, so that
 * `{ifset(taglinks)}` leaves out the list and its label.
 */
export function tagLinks(tags: readonly string[], urls: Pick<SiteUrls, "tag">): { taglinks?: TemplateMap[] } {
  return tags.length === 0 ? {} : { taglinks: tags.map((tag) => ({ tagname: tag, tagurl: urls.tag(tag) })) };
}

export function commentMap(post: Post, comment: Comment, bodies: BodyStore, urls: SiteUrls): TemplateMap {
  const link = safeLink(comment.url);
  const map: Record<string, TemplateMap[string]> = {
    commid: comment.id,
    commtime: comment.time,
    commauthor: comment.author,
    commemail: comment.email ?? null,
    commip: comment.ip ?? null,
    commurl: comment.url ?? null,
    commbody: trustedHtml(commentBodyHtml(bodies.commentText(post, comment))),
    commpermalink: urls.comment(post.id, comment.id),
  };
  if (link !== undefined) map.commlink = link;
  // Imported pingbacks and trackbacks say what they are; comments have no kind.
  if (comment.kind !== undefined) map.commkind = comment.kind;
  return map;
}

export interface PostMapOptions {
  bodies: BodyStore;
  /** A body rendered elsewhere (a preview), instead of the store's. */
  body?: RenderedBody | undefined;
  urls: SiteUrls;
  /** The level of the heading the page gives the post's title. */
  titleLevel: HeadingLevel;
}

export function postMap(post: Post, options: PostMapOptions): TemplateMap {
  const { bodies, urls } = options;
  const body = "body" in options ? options.body : bodies.body(post, options.titleLevel);
  const tags = [...post.tags].sort(compareTags);
  const map: Record<string, TemplateMap[string]> = {
    id: post.id,
    time: post.time,
    title: post.title,
    numcom: post.comments.length,
    body: body === undefined ? BROKEN_BODY : trustedHtml(body.html),
    tags,
    url: urls.post(post.id),
    permalink: urls.post(post.id),
    commentsurl: `${urls.post(post.id)}#comments`,
    commentfeedurl: urls.postFeed(post.id, "atom"),
    commentrssurl: urls.postFeed(post.id, "rss2"),
    summary: body?.summary ?? "",
    commentcount: commentCount(post.comments.length),
    ...tagLinks(tags, urls),
  };
  // Listings get them too, as in blahgd, though its templates show them on story pages only.
  if (post.comments.length > 0) {
    map.comments = post.comments.map((c) => commentMap(post, c, bodies, urls));
  }
  return map;
}
