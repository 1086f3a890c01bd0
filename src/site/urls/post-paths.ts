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
import { postPath, type PermalinkPattern } from "../../config/permalink-pattern.js";
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

/** The slug a post asks for: the author's `slug`, else its title's, else its id. */
export function wantedSlug(post: Pick<Post, "id" | "title" | "slug">): string {
  return (post.slug !== undefined ? slugify(post.slug) : "") || slugify(post.title) || String(post.id);
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
  for (const post of [...posts].sort(publicationOrder)) {
    const wanted = wantedSlug(post);
    let slug = wanted;
    let path = postPath(pattern, { id: post.id, time: post.time, slug });
    for (let n = 2; (byPath.has(path.decoded) || reserved(path.decoded)) && n <= MAX_SUFFIX; n++) {
      slug = `${wanted}-${n}`;
      path = postPath(pattern, { id: post.id, time: post.time, slug });
    }
    if (slug !== wanted) collisions.push({ post, wanted, given: slug });
    byId.set(post.id, { slug, ...path });
    byPath.set(path.decoded, post.id);
  }
  return { byId, byPath, collisions };
}
