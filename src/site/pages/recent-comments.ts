/** blahg's feed of the newest comments on the whole blog: `/?feed=atom&comments=1` (or rss2). */

import { commentMap } from "../post-view.js";
import type { Site } from "../site.js";
import { CONTENT_TYPES, type Page } from "./page.js";
import { unsupportedFeed } from "./errors.js";

export function recentCommentsFeed(site: Site, format: "atom" | "rss2", now: bigint): Page {
  // A template set without this feed (blahgd's) has nothing to render it with.
  if (!site.templates[format].has("recentcomments")) return unsupportedFeed(site, now);
  const recent = site.index.recentComments(Math.max(1, site.config.feedIndexStories));
  const comments = recent.map(({ post, comment }) => ({
    ...commentMap(post, comment, site.bodies, site.urls),
    id: post.id,
    url: site.urls.post(post.id),
    posttitle: post.title,
  }));
  const variables = {
    pagekind: "feed",
    comments,
    commentsfeedurl: site.urls.recentComments(format),
    lastupdate: recent[0]?.comment.time ?? 0,
  };
  return {
    status: 200,
    contentType: CONTENT_TYPES[format],
    body: site.render(format, "recentcomments", site.requestScope(now), variables),
    maxAge: Infinity,
    posts: [...new Set(recent.map((r) => r.post.id))],
    // Any new comment may belong at its top.
    listing: true,
  };
}
