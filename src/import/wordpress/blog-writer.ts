/**
 * Writing an imported blog: the config, each post as `posts/ID/post.html`
 * with YAML front matter (and a post.lisp listing its comments),
 * approved comments as `comments/N/` and pending ones in
 * `pending-comments/`, both exactly as blahg's comment code writes them.
 * Pure functions make the file texts; `BlogWriter` puts them on disk.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { markModerated } from "../../comments/metadata-edit.js";
import { pendingMeta, pendingName, PENDING_DIR } from "../../comments/pending-store.js";
import { formatBlahgdTime } from "../../sexpr/time.js";
import { writeString } from "../../sexpr/writer.js";

export interface PostFile {
  id: number;
  title: string;
  /** Unix seconds, UTC. */
  time: number;
  tags: string[];
  slug: string;
  summary: string;
  author: string;
  page: boolean;
  parent: number;
  order: number;
  /** Not listed, reachable only with the preview secret. */
  private: boolean;
  sticky: boolean;
  commentsClosed: boolean;
  /** Old paths that answer 301 to the post. */
  aliases: string[];
  body: string;
}

export interface CommentFile {
  postId: number;
  id: number;
  author: string;
  email: string;
  url: string;
  ip: string;
  time: number;
  text: string;
  kind: "comment" | "pingback" | "trackback";
}

/** post.html: front matter (only the keys that say something), then the body. */
export function postHtml(post: PostFile): string {
  const front: Record<string, unknown> = { title: post.title, date: formatBlahgdTime(post.time) };
  if (post.page) front.type = "page";
  if (post.page && post.parent > 0) front.parent = post.parent;
  if (post.page && post.order !== 0) front.order = post.order;
  if (post.tags.length > 0) front.tags = post.tags;
  if (post.slug !== "") front.slug = post.slug;
  if (post.summary !== "") front.summary = post.summary;
  if (post.author !== "") front.author = post.author;
  if (post.private) front.private = true;
  if (post.sticky) front.sticky = true;
  if (post.commentsClosed) front.comments = "closed";
  if (post.aliases.length > 0) front.aliases = post.aliases;
  return `---\n${stringify(front, { lineWidth: 0 })}---\n${post.body.replace(/\r\n?/g, "\n").trimEnd()}\n`;
}

/** post.lisp, for what front matter does not hold: the comments shown, in order (as moderation appends them). */
export function postLisp(commentIds: readonly number[]): string | undefined {
  if (commentIds.length === 0) return undefined;
  return `; Imported from WordPress; the front matter of post.html holds the rest.\n((comments ${commentIds.join(" ")}))\n`;
}

/** A comment's meta.lisp as blahg writes a pending one, moderated or not, with its kind when it is not a comment. */
export function commentMeta(comment: CommentFile, moderated: boolean): string {
  const pending = pendingMeta({ postId: comment.postId, author: comment.author, email: comment.email, url: comment.url, ip: comment.ip, text: "" }, BigInt(comment.time) * 1_000_000_000n);
  const meta = moderated ? markModerated(pending) : pending;
  return comment.kind === "comment" ? meta : `${meta.slice(0, -1)} (${writeString("type")} . ${writeString(comment.kind)}))`;
}

export class BlogWriter {
  private readonly postsDir: string;
  private pendingCount = 0;

  constructor(readonly dir: string) {
    this.postsDir = join(dir, "data", "posts");
    mkdirSync(this.postsDir, { recursive: true });
  }

  writeConfig(text: string): void {
    writeFileSync(join(this.dir, "config.lisp"), text);
  }

  writePost(post: PostFile, approved: readonly CommentFile[]): void {
    const dir = join(this.postsDir, String(post.id));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "post.html"), postHtml(post));
    for (const comment of approved) {
      const commentDir = join(dir, "comments", String(comment.id));
      mkdirSync(commentDir, { recursive: true });
      writeFileSync(join(commentDir, "meta.lisp"), commentMeta(comment, true));
      writeFileSync(join(commentDir, "text.txt"), comment.text);
    }
    const lisp = postLisp(approved.map((c) => c.id));
    if (lisp !== undefined) writeFileSync(join(dir, "post.lisp"), lisp);
  }

  writePendingComment(comment: CommentFile): void {
    const dir = join(this.dir, "data", PENDING_DIR, pendingName(comment.postId, BigInt(comment.time) * 1_000_000_000n, ++this.pendingCount));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "meta.lisp"), commentMeta(comment, false));
    writeFileSync(join(dir, "text.txt"), comment.text);
  }

  writeFile(name: string, text: string): void {
    writeFileSync(join(this.dir, name), text);
  }
}
