/**
 * A post's own page, its comment feed, and the preview of a post that has
 * only a body (`?p=ID&preview=SECRET`, with the secret from the config).
 */

import { join } from "node:path";
import type { RenderedBody } from "../../content/bodies.js";
import type { Post } from "../../content/model.js";
import { readRegularFile } from "../../content/read-regular-file.js";
import { mergeTags } from "../../content/tags.js";
import { findBodyFile } from "../../content/body-file.js";
import { equalInConstantTime } from "../../text/constant-time.js";
import type { TemplateValue } from "../../template/index.js";
import { postMap, STORY_TITLE_LEVEL } from "../post-view.js";
import type { Format } from "../route.js";
import type { Site } from "../site.js";
import { notFound, stillLoading } from "./errors.js";
import { CONTENT_TYPES, type Page } from "./page.js";

/** Story pages carry the comment form's timestamp, so they are reused for one second at most. */
const STORY_MAX_AGE = 1;

/** `preview`: the draft's body, rendered just now (previews are never cached). */
function storyPage(site: Site, post: Post, format: Format, now: bigint, held: boolean, preview?: { body: RenderedBody | undefined }): Page {
  const map = postMap(post, { bodies: site.bodies, urls: site.urls, titleLevel: STORY_TITLE_LEVEL, ...(preview && { body: preview.body }) });
  const variables: Record<string, TemplateValue> = {
    title: post.title,
    twittertitle: post.title,
    posts: [map],
    pagekind: "story",
    pagedescription: map.summary ?? "",
    commentfeedurl: site.urls.postFeed(post.id, "atom"),
    lastupdate: post.comments.reduce((t, c) => Math.max(t, c.time), post.time),
  };
  if (!preview) variables.canonicalurl = site.urls.post(post.id);
  if (post.twitterImage !== undefined) variables.twitterimg = post.twitterImage;
  if (preview) variables.preview = 1;
  if (held) variables.commentheld = 1;
  if (post.commentsClosed) variables.commentsclosed = 1;
  // The site navigation marks the page being shown.
  if (post.page) variables.currentpageid = post.id;
  const body = site.render(format, "storyview", site.requestScope(now), variables);
  return {
    status: 200,
    contentType: CONTENT_TYPES[format],
    body,
    maxAge: preview ? 0 : format === "html" ? STORY_MAX_AGE : Infinity,
    posts: [post.id],
    listing: false,
  };
}

/** A post built from its body alone, as blahgd's preview does: no post.lisp, no comments. */
function previewPost(site: Site, id: number, now: bigint): Post | undefined {
  const dir = join(site.config.dataDir, "posts", String(id));
  const body = findBodyFile(dir, []);
  if (!body) return undefined;
  let bytes: Buffer;
  try {
    bytes = readRegularFile(body.path, { maxSize: site.config.maxPostSize, limitName: "max-post-size" });
  } catch {
    return undefined;
  }
  const { meta } = body.format.scanMeta(bytes);
  const image = meta.twitterImage;
  const post: Post = {
    id,
    dir,
    bodyPath: body.path,
    format: body.format.id,
    bodySize: bytes.length,
    title: meta.title ?? "PREVIEW",
    time: meta.time ?? Number(now / 1_000_000_000n),
    tags: mergeTags([], meta.tags),
    listed: false,
    comments: [],
    twitterImage: image === undefined ? undefined : image.kind === "url" ? image.value : `${site.config.photoBaseUrl}/${image.value}`,
    commentsClosed: true,
  };
  if (meta.summary !== undefined) post.summary = meta.summary;
  return post;
}

export function postPage(site: Site, id: number, format: Format, previewSecret: string | undefined, now: bigint, held = false): Page {
  const secret = site.config.previewSecret;
  if (previewSecret !== undefined && secret !== undefined && equalInConstantTime(previewSecret, secret)) {
    const draft = previewPost(site, id, now);
    if (!draft) return notFound(site, now, true);
    return storyPage(site, draft, format, now, false, { body: site.bodies.render(draft, STORY_TITLE_LEVEL) });
  }
  const post = site.index.post(id);
  if (post) return storyPage(site, post, format, now, held);
  // At start-up the post may not be loaded yet: "try again", not a 404 that caches would keep.
  return site.loading ? stillLoading() : notFound(site, now, true);
}
