/**
 * One share of a site's posts, read and then converted and written by one
 * thread (the importing one, or a worker of ./post-threads.ts): the bodies
 * stay in the thread that read them, and only the posts' metadata travels.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import type { PostLinker, SiteReader, SourcePost } from "./source-site.js";
import { postMarkdown } from "./write-blog.js";

/** A post as the import orders and numbers it: everything but its body. */
export type PostOutline = Omit<SourcePost, "body">;

/** A post of the share (by its place in the share's posts) to write as `POSTS/ID/post.md`. */
export interface PostToWrite {
  index: number;
  id: number;
  frontMatter: Record<string, unknown>;
}

export interface ShareRead {
  posts: PostOutline[];
  /** Problems of the share's files, in the listing's order. */
  diagnostics: Diagnostic[];
}

/** A reference as posts write it, in one form: no leading `/` or `./`, no trailing `/`. */
export function normalizeRef(ref: string): string {
  return ref.trim().replace(/^(?:\.?\/)+/, "").replace(/\/+$/, "");
}

/** Links to other posts: each post's refs (normalized) to its id. */
export function postLinker(ids: ReadonlyMap<string, number>): PostLinker {
  return (ref) => {
    const id = ids.get(normalizeRef(ref));
    return id === undefined ? undefined : `/?p=${id}`;
  };
}

export class PostShare<Context, Job> {
  private posts: SourcePost[] = [];

  constructor(
    private readonly reader: SiteReader<Context, Job>,
    private readonly context: Context,
    private readonly jobs: readonly Job[],
  ) {}

  read(): ShareRead {
    const diagnostics: Diagnostic[] = [];
    for (const job of this.jobs) {
      const post = this.reader.readPost(this.context, job, (d) => void diagnostics.push(d));
      if (post) this.posts.push(post);
    }
    return { posts: this.posts.map(({ body: _body, ...outline }) => outline), diagnostics };
  }

  /** Converts and writes the posts (into existing `postsDir`), in the order given; each one's conversion problems. */
  write(ids: ReadonlyMap<string, number>, posts: readonly PostToWrite[], postsDir: string): Diagnostic[][] {
    const linkTo = postLinker(ids);
    const problems = posts.map(({ index, id, frontMatter }) => {
      const converted = this.reader.convert(this.posts[index]!, linkTo);
      const dir = join(postsDir, String(id));
      mkdirSync(dir);
      writeFileSync(join(dir, "post.md"), postMarkdown({ id, frontMatter, markdown: converted.markdown }));
      return converted.diagnostics;
    });
    this.posts = [];
    return problems;
  }
}
