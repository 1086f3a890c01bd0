/**
 * Reading post.lisp and comment meta.lisp into typed metadata, with blahgd's
 * defaults for what is missing. Where blahgd would abort (a symbol in `tags`,
 * a non-integer comment id, a wrong `fmt`) blahg reports a diagnostic with
 * the place and carries on with what it can use, or skips the post.
 */

import type { Diagnostic } from "../diagnostics.js";
import { alistBool, alistInteger, alistLookup, alistString, listItems } from "../sexpr/alist.js";
import { positionOf, type Datum } from "../sexpr/datum.js";
import { readDataFile } from "../sexpr/reader.js";
import { parseBlahgdTime } from "../sexpr/time.js";

export interface PostMeta {
  title: string | undefined;
  /** Unix seconds; undefined when missing or unreadable. */
  time: number | undefined;
  tags: string[];
  commentIds: number[];
  listed: boolean;
  commentsClosed: boolean;
  /** `(page . #t)`: a page, not a post. */
  page: boolean;
  /** `(parent . ID)`: a page's parent page. */
  parent: number | undefined;
  /** `(order . N)`: a page's place in the navigation. */
  order: number | undefined;
  /** `slug`: the post's name in pretty URLs. */
  slug?: string;
  /** `aliases`: old paths that answer 301 to the post. */
  aliases: string[];
}

export interface CommentMeta {
  author: string;
  email: string | undefined;
  time: number;
  ip: string | undefined;
  url: string | undefined;
  moderated: boolean;
  /** `(type . "pingback")` or "trackback" for imported notifications from other blogs; absent for a comment. */
  kind: "comment" | "pingback" | "trackback";
}

type Problem = (at: Datum | undefined, severity: Diagnostic["severity"], code: string, message: string) => void;

function reader(file: string, diagnostics: Diagnostic[]): Problem {
  return (at, severity, code, message) => {
    const { line, column } = at ? positionOf(at) : { line: 1, column: 1 };
    diagnostics.push({ file, line, column, severity, code, message });
  };
}

/** Parses a metadata file; undefined (with diagnostics) when it is not an alist. */
function readAlist(text: string, file: string, diagnostics: Diagnostic[]): Datum | undefined {
  const { datum, diagnostics: found } = readDataFile(text);
  for (const d of found) diagnostics.push({ ...d, file });
  if (!datum) return undefined;
  if (datum.kind !== "cons" && datum.kind !== "nil") {
    reader(file, diagnostics)(datum, "error", "content/not-an-alist", "the file must hold one association list, like ((key . value) ...)");
    return undefined;
  }
  return datum;
}

function readTime(alist: Datum, key: string, problem: Problem): number | undefined {
  const value = alistLookup(alist, key);
  if (value === undefined) return undefined;
  const seconds = value.kind === "string" ? parseBlahgdTime(value.value) : undefined;
  if (seconds === undefined) {
    problem(value, "warning", "content/bad-time", `\`${key}\` should be a string "YYYY-MM-DD HH:MM" (UTC)`);
  }
  return seconds;
}

/** What a post without post.lisp has (a post.md with front matter). */
export const EMPTY_POST_META: Readonly<PostMeta> = Object.freeze({ title: undefined, time: undefined, tags: [], commentIds: [], listed: true, commentsClosed: false, aliases: [], page: false, parent: undefined, order: undefined });

/**
 * post.lisp; undefined when the post cannot be shown at all. `fmt` must be 3
 * unless the body is Markdown (`requireFmt3` false), where it is ignored.
 */
export function readPostMeta(text: string, file: string, diagnostics: Diagnostic[], requireFmt3 = true): PostMeta | undefined {
  const alist = readAlist(text, file, diagnostics);
  if (!alist) return undefined;
  const problem = reader(file, diagnostics);
  const fmt = alistInteger(alist, "fmt");
  if (requireFmt3 && fmt !== 3n) {
    const at = alistLookup(alist, "fmt");
    problem(at, "error", "content/unsupported-fmt", fmt === undefined ? "`fmt` is missing; it must be 3" : `\`fmt\` is ${fmt}; only 3 (post.tex in fmt3) is supported`);
    return undefined;
  }
  const tags: string[] = [];
  const tagList = alistLookup(alist, "tags");
  if (tagList !== undefined) {
    const items = listItems(tagList);
    if (!items) problem(tagList, "warning", "content/bad-tags", "`tags` should be a list of strings; ignored");
    for (const item of items ?? []) {
      if (item.kind === "string") tags.push(item.value);
      else problem(item, "warning", "content/bad-tag", "a tag must be a string; this one is ignored");
    }
  }
  const commentIds: number[] = [];
  const commentList = alistLookup(alist, "comments");
  if (commentList !== undefined) {
    const items = listItems(commentList);
    if (!items) problem(commentList, "warning", "content/bad-comments", "`comments` should be a list of comment ids; ignored");
    for (const item of items ?? []) {
      if (item.kind === "int" && item.value <= 0xffffffffn) commentIds.push(Number(item.value));
      else problem(item, "warning", "content/bad-comment-id", "a comment id must be an integer; this one is ignored");
    }
  }
  const aliases: string[] = [];
  const aliasList = alistLookup(alist, "aliases");
  if (aliasList !== undefined) {
    const items = listItems(aliasList);
    if (!items) problem(aliasList, "warning", "content/bad-aliases", '`aliases` should be a list of paths, like ("/2013/01/11/old-slug/"); ignored');
    for (const item of items ?? []) {
      if (item.kind === "string" && item.value.startsWith("/")) aliases.push(item.value);
      else problem(item, "warning", "content/bad-alias", 'an alias must be a path string starting with "/"; this one is ignored');
    }
  }
  const slug = alistString(alist, "slug");
  return {
    title: alistString(alist, "title"),
    time: readTime(alist, "time", problem),
    tags,
    commentIds,
    listed: alistBool(alist, "listed") ?? true,
    commentsClosed: alistBool(alist, "comments-closed") ?? false,
    page: alistBool(alist, "page") ?? false,
    parent: smallInteger(alistInteger(alist, "parent")),
    order: smallInteger(alistInteger(alist, "order")),
    ...(slug !== undefined && { slug }),
    aliases,
  };
}

function smallInteger(value: bigint | undefined): number | undefined {
  return value !== undefined && value >= -2147483648n && value <= 2147483647n ? Number(value) : undefined;
}

/** A comment's meta.lisp; undefined when it cannot be read. */
export function readCommentMeta(text: string, file: string, diagnostics: Diagnostic[]): CommentMeta | undefined {
  const alist = readAlist(text, file, diagnostics);
  if (!alist) return undefined;
  return {
    author: alistString(alist, "author") ?? "[unknown]",
    email: alistString(alist, "email"),
    time: readTime(alist, "time", reader(file, diagnostics)) ?? 0,
    ip: alistString(alist, "ip"),
    url: alistString(alist, "url"),
    // Shown only when exactly #t, as blahgd does.
    moderated: alistBool(alist, "moderated") === true,
    kind: commentKind(alistString(alist, "type")),
  };
}

function commentKind(type: string | undefined): CommentMeta["kind"] {
  return type === "pingback" || type === "trackback" ? type : "comment";
}
