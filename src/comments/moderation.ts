/**
 * Approving and rejecting pending comments, for the `blahg comments`
 * command and the moderation page. Approving gives the comment the post's
 * next comment id, marks it moderated, moves its directory into
 * `posts/<post>/comments/<id>/` and appends the id to post.lisp. Every step
 * is atomic, and a small file in the comment's directory (`.approved`,
 * "<pending name> <comment id>"; blahgd ignores it) makes the whole safe to
 * run again, after a crash or not: it picks up where it stopped, or finds
 * the work done, instead of approving twice.
 */

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { readRegularFile } from "../content/read-regular-file.js";
import { join } from "node:path";
import { alistList } from "../sexpr/alist.js";
import { readDataFile } from "../sexpr/reader.js";
import { findBodyFile } from "../content/body-file.js";
import { fsyncDirectory, replaceFileAtomically } from "../content/durable-files.js";
import { appendCommentId, markModerated } from "./metadata-edit.js";
import { isPendingName, PENDING_DIR } from "./pending-store.js";

/** Written into a comment's directory when its approval starts: `<pending name> <comment id>`. */
const MARKER = ".approved";

export class ModerationError extends Error {}

function postIdOf(name: string): number {
  return Number(name.slice(0, name.indexOf("-")));
}

/** Comment ids a post uses: listed in post.lisp or present on disk. */
function usedCommentIds(postDir: string): number[] {
  const ids: number[] = [];
  try {
    const { datum } = readDataFile(readRegularFile(join(postDir, "post.lisp")).toString("utf8"));
    for (const item of (datum && alistList(datum, "comments")) ?? []) if (item.kind === "int") ids.push(Number(item.value));
  } catch {
    // No readable post.lisp: approve() reports it.
  }
  try {
    for (const name of readdirSync(join(postDir, "comments"))) if (/^(0|[1-9][0-9]*)$/.test(name)) ids.push(Number(name));
  } catch {
    // No comments yet.
  }
  return ids;
}

/** The id of the comment this pending comment became, if an approval got that far. */
function interrupted(postDir: string, name: string): number | undefined {
  let ids: string[];
  try {
    ids = readdirSync(join(postDir, "comments"));
  } catch {
    return undefined;
  }
  for (const id of ids) {
    try {
      const [pending, commentId] = readRegularFile(join(postDir, "comments", id, MARKER)).toString("utf8").trim().split(" ");
      if (pending === name) return Number(commentId);
    } catch {
      // no marker: an ordinary comment
    }
  }
  return undefined;
}

/** post.lisp for a post.md that had none: only its comments (the front matter says the rest). */
const NEW_POST_LISP = "; The comments of this post, listed by blahg; the front matter of post.md holds the rest.\n((comments))\n";

export interface Approved {
  postId: number;
  commentId: number;
}

export function approveComment(dataDir: string, name: string): Approved {
  if (!isPendingName(name)) throw new ModerationError(`'${name}' is not a pending comment's name`);
  const postId = postIdOf(name);
  const postDir = join(dataDir, "posts", String(postId));
  const postLisp = join(postDir, "post.lisp");
  // A Markdown post may have no post.lisp yet: step 4 creates it to list the comment.
  const body = findBodyFile(postDir, []);
  if (!existsSync(postLisp) && (!body || body.format.needsPostLisp)) throw new ModerationError(`post ${postId} does not exist (no ${postLisp})`);
  const pendingDir = join(dataDir, PENDING_DIR, name);

  let commentId = interrupted(postDir, name);
  if (commentId === undefined) {
    if (!existsSync(pendingDir)) throw new ModerationError(`there is no pending comment '${name}'`);
    // 1. Choose the id once: a marker in the pending directory remembers it.
    const markerPath = join(pendingDir, MARKER);
    if (existsSync(markerPath)) commentId = Number(readRegularFile(markerPath).toString("utf8").trim().split(" ")[1]);
    else {
      commentId = Math.max(0, ...usedCommentIds(postDir)) + 1;
      writeFileSync(markerPath, `${name} ${commentId}\n`);
    }
    // 2. Mark it moderated while it is still pending.
    const metaPath = join(pendingDir, "meta.lisp");
    const meta = readRegularFile(metaPath).toString("utf8");
    const moderated = markModerated(meta);
    if (moderated !== meta) replaceFileAtomically(metaPath, moderated);
    // 3. Move it into the post: one rename.
    const commentsDir = join(postDir, "comments");
    mkdirSync(commentsDir, { recursive: true });
    const target = join(commentsDir, String(commentId));
    if (existsSync(target)) throw new ModerationError(`${target} exists already; remove or rename it and approve again`);
    renameSync(pendingDir, target);
    fsyncDirectory(commentsDir);
    fsyncDirectory(join(dataDir, PENDING_DIR));
  }
  // 4. List it in post.lisp, keeping the rest of the file as it is.
  const text = existsSync(postLisp) ? readRegularFile(postLisp).toString("utf8") : NEW_POST_LISP;
  const updated = appendCommentId(text, commentId);
  if (updated !== text) replaceFileAtomically(postLisp, updated);
  return { postId, commentId };
}

export function rejectComment(dataDir: string, name: string): void {
  if (!isPendingName(name)) throw new ModerationError(`'${name}' is not a pending comment's name`);
  const dir = join(dataDir, PENDING_DIR, name);
  if (!existsSync(dir)) throw new ModerationError(`there is no pending comment '${name}'`);
  rmSync(dir, { recursive: true, force: true });
  fsyncDirectory(join(dataDir, PENDING_DIR));
}
