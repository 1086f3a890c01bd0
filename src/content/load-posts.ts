/**
 * Loading a blahgd data directory: every `posts/<id>/` with its post.lisp,
 * what its body says (fmt3's special commands in post.tex, or post.md's
 * front matter), and its moderated comments. A post
 * that cannot be loaded is skipped with diagnostics naming file, line and
 * column; nothing in a data file can make loading throw.
 *
 * Reads are synchronous on purpose: at start-up there is nothing else to do,
 * and a sync loop over small files beats the thread pool here.
 */

import { closeSync, existsSync, readdirSync, type Dirent } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { inFile } from "../diagnostics.js";
import { FORMATS } from "../markup/formats.js";
import { checkBodyBytes, type BodyCheck } from "./bodies.js";
import { findBodyFile } from "./body-file.js";
import { EMPTY_POST_META, readCommentMeta, readPostMeta } from "./metadata.js";
import type { Comment, Post } from "./model.js";
import { openRegularFile, readErrorText, readOpenFile, readTextFile } from "./read-regular-file.js";
import { withPaths, type PostFields } from "./post-paths.js";
import { FileStamper, type PostFiles } from "./post-snapshot.js";
import { mergeTags } from "./tags.js";

export interface LoadOptions {
  dataDir: string;
  /** `photo-base-url`, the prefix of `\twitterphoto{}` images. */
  photoBaseUrl: string;
  /** `max-post-size`: a larger post.tex is skipped (default: no limit). */
  maxPostSize?: number;
  /**
   * Check each body while it is in memory (see checkBodyBytes: a Markdown
   * body is not parsed again) and list the posts whose bodies are unusable
   * in `checks`, so that a build needs no second pass over the bodies.
   */
  checkBodies?: boolean;
}

export interface LoadResult {
  posts: Post[];
  /** The files each post was loaded from, stamped (same order as posts; undefined when a file could not be stat'ed). */
  files: Array<PostFiles | undefined>;
  diagnostics: Diagnostic[];
  /** With `checkBodies`: the posts loaded (among `posts`) whose bodies are unusable, and what the checks found. */
  checks?: BodyChecks;
}

export interface BodyChecks {
  broken: number[];
  diagnostics: Diagnostic[];
}

/** blahgd's limit for post ids: requests above INT_MAX are 404s. */
const MAX_POST_ID = 2_147_483_647;

/** The id a directory name stands for, if it is a canonical decimal number. */
export function parsePostId(name: string): number | undefined {
  if (!/^(0|[1-9][0-9]{0,9})$/.test(name)) return undefined;
  const id = Number(name);
  return id <= MAX_POST_ID ? id : undefined;
}

function fileProblem(file: string, code: string, message: string, severity: Diagnostic["severity"] = "error"): Diagnostic {
  return { file, line: 1, column: 1, severity, code, message };
}

function readText(path: string, diagnostics: Diagnostic[], what: string): string | undefined {
  try {
    return readTextFile(path, diagnostics);
  } catch (e) {
    diagnostics.push(fileProblem(path, "content/unreadable", `cannot read ${what}: ${readErrorText(e)}`));
    return undefined;
  }
}

/**
 * Reads a whole file into a buffer reused from call to call: at start-up
 * every body is read once only to look for special commands, and fresh
 * buffers for 100 MB of bodies would only make garbage.
 */
let scratch = Buffer.allocUnsafe(1 << 20);

function readReused(path: string, maxSize: number | undefined): Buffer {
  const { fd, size } = openRegularFile(path, { maxSize, limitName: "max-post-size" });
  try {
    if (size > scratch.length) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
    return readOpenFile(fd, size, scratch);
  } finally {
    closeSync(fd);
  }
}

/** Loads one post directory. */
export function loadPost(id: number, options: LoadOptions): { post?: Post; files?: PostFiles | undefined; diagnostics: Diagnostic[]; checked?: BodyCheck } {
  const diagnostics: Diagnostic[] = [];
  const postsDir = join(options.dataDir, "posts");
  const dir = join(postsDir, String(id));
  const lispPath = join(dir, "post.lisp");
  // Stamped before reading (a change made while loading shows at the next start), absent files
  // too: a body file appearing changes which one is the body.
  const stamper = new FileStamper(dir);
  stamper.stamp("post.lisp");
  for (const format of FORMATS) stamper.stamp(format.bodyFile);
  const body = findBodyFile(dir, diagnostics);
  if (!body) {
    // Say all that is missing from a post directory at once.
    if (!existsSync(lispPath)) readText(lispPath, diagnostics, "post metadata");
    return { diagnostics };
  }
  const { format, path: bodyPath } = body;
  let bytes: Buffer;
  try {
    bytes = readReused(bodyPath, options.maxPostSize);
  } catch (e) {
    diagnostics.push(fileProblem(bodyPath, "content/unreadable", `cannot read the post body: ${readErrorText(e)}`));
    return { diagnostics };
  }
  // A Markdown post may stand on its front matter alone.
  const lisp = format.needsPostLisp || existsSync(lispPath) ? readText(lispPath, diagnostics, "post metadata") : undefined;
  if (lisp === undefined && format.needsPostLisp) return { diagnostics };
  const meta = lisp === undefined ? EMPTY_POST_META : readPostMeta(lisp, lispPath, diagnostics, format.id === "fmt3");
  if (!meta) return { diagnostics };

  const scanned = format.scanMeta(bytes);
  diagnostics.push(...inFile(scanned.diagnostics, bodyPath));
  if (!scanned.ok) return { diagnostics };
  const special = scanned.meta;

  const title = special.title ?? meta.title;
  if (title === undefined) {
    const where = format.needsPostLisp ? `\\title{} in ${format.bodyFile}` : `\`title\` in the front matter of ${format.bodyFile}`;
    diagnostics.push(fileProblem(lisp === undefined ? bodyPath : lispPath, "content/no-title", `the post has no title: set \`title\` in post.lisp or ${where}`));
    return { diagnostics };
  }
  const time = special.time ?? meta.time;
  if (time === undefined) {
    diagnostics.push(fileProblem(lisp === undefined ? bodyPath : lispPath, "content/no-time", "the post has no time; it is dated 1970-01-01 00:00 as blahgd does", "warning"));
  }
  const image = special.twitterImage;
  const post: PostFields = {
    id,
    format: format.id,
    bodySize: bytes.length,
    title,
    time: time ?? 0,
    tags: mergeTags(meta.tags, special.tags),
    listed: special.private ? false : (special.listed ?? meta.listed),
    comments: loadComments(dir, meta.commentIds, diagnostics, stamper),
    twitterImage: image === undefined ? undefined : image.kind === "url" ? image.value : `${options.photoBaseUrl}/${image.value}`,
    commentsClosed: special.commentsClosed ?? meta.commentsClosed,
    ...(meta.slug !== undefined && { slug: meta.slug }),
    ...(meta.aliases.length > 0 && { aliases: meta.aliases }),
  };
  if (special.slug !== undefined) post.slug = special.slug;
  if (special.aliases !== undefined) post.aliases = [...(post.aliases ?? []), ...special.aliases];
  if (special.summary !== undefined) post.summary = special.summary;
  if (special.private) post.private = true;
  if (special.sticky) post.sticky = true;
  if (special.author !== undefined) post.author = special.author;
  if (special.page ?? meta.page) post.page = true;
  const parent = special.parent ?? meta.parent;
  if (post.page && parent !== undefined && parent !== id) post.parent = parent;
  const order = special.order ?? meta.order;
  if (post.page && order !== undefined) post.order = order;
  const withDir = withPaths(postsDir, post);
  // `bytes` is still the body (the scratch buffer is reused by the next post only).
  return { post: withDir, files: stamper.result(), diagnostics, ...(options.checkBodies && { checked: checkBodyBytes(withDir, bytes, false) }) };
}

function loadComments(postDir: string, ids: readonly number[], diagnostics: Diagnostic[], stamper: FileStamper): Comment[] {
  const comments: Comment[] = [];
  for (const id of ids) {
    const dir = join(postDir, "comments", String(id));
    stamper.stamp(join("comments", String(id), "meta.lisp"));
    const metaPath = join(dir, "meta.lisp");
    const text = readText(metaPath, diagnostics, `the metadata of comment ${id} listed in post.lisp`);
    if (text === undefined) continue;
    const meta = readCommentMeta(text, metaPath, diagnostics);
    if (!meta?.moderated) continue;
    comments.push({
      id,
      author: meta.author,
      email: meta.email,
      time: meta.time,
      ip: meta.ip,
      url: meta.url,
      ...(meta.kind !== "comment" && { kind: meta.kind }),
    });
  }
  return comments;
}

/** The post ids of a data directory, from the names under `posts/`. */
export function listPostIds(dataDir: string, diagnostics: Diagnostic[]): number[] {
  const postsDir = join(dataDir, "posts");
  let entries: Dirent[];
  try {
    entries = readdirSync(postsDir, { withFileTypes: true });
  } catch (e) {
    diagnostics.push(fileProblem(postsDir, "content/no-posts-dir", `cannot read the posts directory: ${readErrorText(e)}`));
    return [];
  }
  const ids: number[] = [];
  for (const entry of entries) {
    const id = parsePostId(entry.name);
    if (id === undefined) {
      diagnostics.push(fileProblem(join(postsDir, entry.name), "content/not-a-post-id", "ignored: a post directory's name must be its id, a decimal number without leading zeros", "warning"));
    } else if (!entry.isDirectory()) {
      diagnostics.push(fileProblem(join(postsDir, entry.name), "content/not-a-directory", "ignored: not a directory (symbolic links are not followed, as in blahgd)", "warning"));
    } else {
      ids.push(id);
    }
  }
  return ids;
}

/** Loads every post of a data directory, or the posts `ids` of it. */
export function loadPosts(options: LoadOptions, ids?: readonly number[]): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const posts: Post[] = [];
  const files: LoadResult["files"] = [];
  const checks: BodyChecks = { broken: [], diagnostics: [] };
  for (const id of ids ?? listPostIds(options.dataDir, diagnostics)) {
    const result = loadPost(id, options);
    diagnostics.push(...result.diagnostics);
    if (result.post) {
      posts.push(result.post);
      files.push(result.files);
      if (result.checked) {
        checks.diagnostics.push(...result.checked.diagnostics);
        if (!result.checked.ok) checks.broken.push(id);
      }
    }
  }
  return { posts, files, diagnostics, ...(options.checkBodies && { checks }) };
}
