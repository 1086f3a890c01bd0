/**
 * Every post's pretty path under a permalink pattern, computed once per
 * snapshot of the site: by id (to write links) and by decoded path (to
 * answer requests in one Map lookup). Two posts that would share a path (the
 * same slug and date parts) are told apart by order of publication: the
 * older keeps the slug, later ones get `-2`, `-3`... (lint warns). A path the
 * scheme needs for something else (`/feed/`, a month archive) is never given
 * to a post.
 */

import type { Post } from "../../content/model.js";
import { postPathAround, usesPostname, type PermalinkPattern } from "../../config/permalink-pattern.js";
import { encodeSlug } from "../../text/slug.js";
import { slugify } from "../../text/slug.js";

export interface PostPath {
  /** The slug in use (with any collision suffix). */
  slug: string;
  /** What a request's decoded path holds. */
  decoded: string;
  /** What links carry. */
  encoded: string;
}

export interface SlugCollision {
  post: Post;
  /** The slug the post asked for, and the one it got. */
  wanted: string;
  given: string;
}

export interface PostPaths {
  byId: ReadonlyMap<number, PostPath>;
  byPath: ReadonlyMap<string, number>;
  collisions: readonly SlugCollision[];
}

/** Slugs (and their URL forms) of posts already seen: a post object is kept across snapshots until its files change. */
const slugCache = new WeakMap<Post, { slug: string; encoded: string }>();

function cachedSlug(post: Post): { slug: string; encoded: string } {
  let cached = slugCache.get(post);
  if (cached === undefined) {
    const slug = (post.slug !== undefined ? slugify(post.slug) : "") || slugify(post.title) || String(post.id);
    cached = { slug, encoded: encodeSlug(slug) };
    slugCache.set(post, cached);
  }
  return cached;
}

/** The slug a post asks for: the author's `slug`, else its title's, else its id. */
export function wantedSlug(post: Post): string {
  return cachedSlug(post).slug;
}

/** Oldest first; on equal times the lower id first (the reverse of the site's listing order). */
function publicationOrder(a: Post, b: Post): number {
  return a.time - b.time || a.id - b.id;
}

/** Past this many suffixes a post takes the path anyway (only a pathological pattern gets here). */
const MAX_SUFFIX = 1000;

export function postPaths(pattern: PermalinkPattern, posts: Iterable<Post>, reserved: (decodedPath: string) => boolean): PostPaths {
  const byId = new Map<number, PostPath>();
  const byPath = new Map<string, number>();
  const collisions: SlugCollision[] = [];
  const named = usesPostname(pattern);
  for (const post of [...posts].sort(publicationOrder)) {
    const wanted = named ? wantedSlug(post) : "";
    const { before, after } = postPathAround(pattern, post);
    let slug = wanted;
    let decoded = before + slug + after;
    // Without %postname% the path holds the id, and no two posts share one.
    for (let n = 2; named && (byPath.has(decoded) || reserved(decoded)) && n <= MAX_SUFFIX; n++) {
      slug = `${wanted}-${n}`;
      decoded = before + slug + after;
    }
    if (slug !== wanted) collisions.push({ post, wanted, given: slug });
    const encodedSlug = slug === wanted ? cachedSlug(post).encoded : encodeSlug(slug);
    byId.set(post.id, { slug, decoded, encoded: named ? before + encodedSlug + after : decoded });
    byPath.set(decoded, post.id);
  }
  return { byId, byPath, collisions };
}
