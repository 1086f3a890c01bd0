/**
 * Where a post's files are, derived on use from the posts directory, the
 * post's id and its format instead of being kept with every post: at 50,000
 * posts, a directory and a body path per post (and a text path per comment)
 * were 14 MB of strings. Posts made by loading share one prototype per
 * posts directory whose getters build `dir` and `bodyPath`.
 *
 * A prototype does not survive a structured clone: posts coming back from a
 * loading thread get it again (withPaths), and a post sent to a thread is
 * sent with its paths spelled out (withOwnPaths).
 */

import { sep } from "node:path";
import { formatById } from "../markup/formats.js";
import type { Comment, Post } from "./model.js";

/** A post as loading makes it: everything but the paths, which come from the prototype. */
export type PostFields = Omit<Post, "dir" | "bodyPath">;

interface Located {
  readonly id: number;
  readonly format: Post["format"];
}

const prototypes = new Map<string, object>();

/** One prototype per posts directory: posts of the same blog compare equal, wherever they were loaded. */
function prototypeFor(postsDir: string): object {
  let proto = prototypes.get(postsDir);
  if (!proto) {
    proto = Object.create(Object.prototype, {
      dir: {
        get(this: Located): string {
          return postsDir + sep + this.id;
        },
      },
      bodyPath: {
        get(this: Located): string {
          return postsDir + sep + this.id + sep + formatById(this.format).bodyFile;
        },
      },
    }) as object;
    prototypes.set(postsDir, proto);
  }
  return proto;
}

/** Gives a post (made by loading, or cloned from a thread) the paths under `postsDir` (the data directory's `posts`). */
export function withPaths(postsDir: string, fields: PostFields): Post {
  return Object.setPrototypeOf(fields, prototypeFor(postsDir)) as Post;
}

/** A copy of the post with its paths as own values, for sending it to another thread. */
export function withOwnPaths(post: Post): Post {
  return { ...post, dir: post.dir, bodyPath: post.bodyPath };
}

/** The moderator's text of a comment, `comments/<id>/text.txt` in the post's directory. */
export function commentTextPath(post: Pick<Post, "dir">, comment: Pick<Comment, "id">): string {
  return post.dir + sep + "comments" + sep + comment.id + sep + "text.txt";
}
