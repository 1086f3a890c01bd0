/**
 * Pending comments on disk, exactly as blahgd writes them (spec 8.3): a
 * directory `pending-comments/<post>-<sec>.<nsec>.<n>` with `text.txt` (the
 * comment as submitted) and a one-line `meta.lisp`, built under the name
 * plus `W` and renamed into place, so a reader never sees half a comment.
 * blahg also fsyncs the files and the directory before and after the
 * rename: an accepted comment survives a crash or power loss.
 */

import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { readRegularFile } from "../content/read-regular-file.js";
import { join } from "node:path";
import { readCommentMeta, type CommentMeta } from "../content/metadata.js";
import { writeString } from "../sexpr/writer.js";
import { formatBlahgdTime } from "../sexpr/time.js";
import { fsyncDirectory, writeFileDurably } from "../content/durable-files.js";

export const PENDING_DIR = "pending-comments";

export interface NewComment {
  postId: number;
  author: string;
  email: string;
  /** The author's website; "" for none. */
  url: string;
  ip: string;
  /** The comment as typed. */
  text: string;
}

export interface PendingComment {
  /** The directory name: what `blahg comments approve` takes. */
  name: string;
  postId: number;
  dir: string;
  meta: CommentMeta;
  text: string;
}

/** A counter per process, as blahgd's; a name already taken moves it on. */
let counter = 0;

export function pendingName(postId: number, now: bigint, n: number): string {
  const seconds = now / 1_000_000_000n;
  const nanoseconds = now % 1_000_000_000n;
  return `${postId}-${seconds.toString(16).padStart(8, "0")}.${nanoseconds.toString(16).padStart(8, "0")}.${n.toString(16).padStart(5, "0")}`;
}

/** The meta.lisp blahgd writes, except that an empty URL is `("url" . "")`, which lisplint accepts. */
export function pendingMeta(comment: NewComment, now: bigint): string {
  const time = formatBlahgdTime(Number(now / 1_000_000_000n));
  const pair = (key: string, value: string): string => `(${writeString(key)} . ${writeString(value)})`;
  return `(${pair("author", comment.author)} ${pair("email", comment.email)} ${pair("time", time)} ${pair("ip", comment.ip)} ${pair("url", comment.url)} (${writeString("moderated")} . #f))`;
}

/**
 * Writes a pending comment; returns its name. Throws the file system's
 * error (ENOSPC, EROFS, EACCES, ...) after removing what it had written.
 */
export function writePendingComment(dataDir: string, comment: NewComment, now: bigint): string {
  const parent = join(dataDir, PENDING_DIR);
  mkdirSync(parent, { recursive: true });
  for (;;) {
    const name = pendingName(comment.postId, now, ++counter);
    const building = join(parent, name + "W");
    try {
      mkdirSync(building, { mode: 0o755 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw e;
    }
    try {
      writeFileDurably(join(building, "text.txt"), comment.text);
      writeFileDurably(join(building, "meta.lisp"), pendingMeta(comment, now));
      fsyncDirectory(building);
      renameSync(building, join(parent, name));
      fsyncDirectory(parent);
      return name;
    } catch (e) {
      rmSync(building, { recursive: true, force: true });
      throw e;
    }
  }
}

const NAME = /^(0|[1-9][0-9]*)-[0-9a-f]{8,}\.[0-9a-f]{8}\.[0-9a-f]{5,}$/;

/** Whether `name` is a pending comment's directory name (not a half-written one). */
export function isPendingName(name: string): boolean {
  return NAME.test(name);
}

/** A pending comment by name, or undefined. */
export function readPendingComment(dataDir: string, name: string): PendingComment | undefined {
  if (!isPendingName(name)) return undefined;
  const dir = join(dataDir, PENDING_DIR, name);
  try {
    const meta = readCommentMeta(readRegularFile(join(dir, "meta.lisp")).toString("utf8"), join(dir, "meta.lisp"), []);
    if (!meta) return undefined;
    return { name, postId: Number(name.slice(0, name.indexOf("-"))), dir, meta, text: readRegularFile(join(dir, "text.txt")).toString("utf8") };
  } catch {
    return undefined;
  }
}

/** Every pending comment, oldest first. */
export function listPendingComments(dataDir: string): PendingComment[] {
  let names: string[];
  try {
    names = readdirSync(join(dataDir, PENDING_DIR));
  } catch {
    return [];
  }
  const comments: PendingComment[] = [];
  for (const name of names) {
    const comment = readPendingComment(dataDir, name);
    if (comment) comments.push(comment);
  }
  return comments.sort((a, b) => a.meta.time - b.meta.time || (a.name < b.name ? -1 : 1));
}

/** How many comments wait for moderation (cheap: names only). */
export function countPendingComments(dataDir: string): number {
  try {
    return readdirSync(join(dataDir, PENDING_DIR)).filter(isPendingName).length;
  } catch {
    return 0;
  }
}
