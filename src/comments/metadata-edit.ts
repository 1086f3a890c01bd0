/**
 * Small edits to metadata files that keep everything else byte for byte
 * (comments, key order, spacing): appending a comment id to post.lisp's
 * `comments` list, marking a comment's meta.lisp moderated. The files are
 * parsed for the positions of what changes, and only those bytes move.
 */

import { alistEntries, listItems } from "../sexpr/alist.js";
import { readDataFile } from "../sexpr/reader.js";

export class MetadataEditError extends Error {}

function splice(text: string, at: number, remove: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + remove);
}

function readAlist(text: string, what: string) {
  const { datum } = readDataFile(text);
  const entries = datum && alistEntries(datum);
  if (!datum || !entries || datum.end === undefined) throw new MetadataEditError(`${what} is not an association list`);
  return { datum, entries };
}

/** post.lisp with `id` added to the end of its `comments` list (unchanged if it is there already). */
export function appendCommentId(text: string, id: number): string {
  const { datum, entries } = readAlist(text, "post.lisp");
  const entry = entries.find((e) => e.key === "comments");
  if (!entry) return splice(text, datum.end! - 1, 0, ` (comments ${id})`);
  const items = listItems(entry.value);
  if (!items || entry.value.end === undefined) throw new MetadataEditError("post.lisp's `comments` is not a list");
  if (items.some((item) => item.kind === "int" && item.value === BigInt(id))) return text;
  const close = entry.value.end - 1;
  const before = text[close - 1];
  return splice(text, close, 0, before === "(" || before === " " ? String(id) : ` ${id}`);
}

/** A comment's meta.lisp with `moderated` set to #t and blahgd's malformed `("url")` made a string. */
export function markModerated(text: string): string {
  const { datum, entries } = readAlist(text, "meta.lisp");
  // Edit from the end backwards so earlier offsets stay valid.
  const edits: Array<{ at: number; remove: number; insert: string }> = [];
  const moderated = entries.find((e) => e.key === "moderated");
  if (moderated?.value.start !== undefined && moderated.value.end !== undefined) {
    edits.push({ at: moderated.value.start, remove: moderated.value.end - moderated.value.start, insert: "#t" });
  } else if (!moderated) {
    edits.push({ at: datum.end! - 1, remove: 0, insert: ' ("moderated" . #t)' });
  }
  const url = entries.find((e) => e.key === "url");
  if (url && url.value.kind === "nil" && url.pair.start !== undefined && url.pair.end !== undefined) {
    edits.push({ at: url.pair.start, remove: url.pair.end - url.pair.start, insert: '("url" . "")' });
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.at - a.at)) out = splice(out, edit.at, edit.remove, edit.insert);
  return out;
}
