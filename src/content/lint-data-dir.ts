/**
 * Checking a whole data directory: blahgd's lisplint rules for every
 * post.lisp and comment meta.lisp, the syntax of every body (post.tex or
 * post.md, never both), formulas the TeX converter cannot read, and the
 * links between them (listed comments that are missing, comments on disk
 * that are not listed, `\listing{}` files that do not exist).
 */

import { closeSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { alistList } from "../sexpr/alist.js";
import type { Datum } from "../sexpr/datum.js";
import { lintCommentMeta, lintPostMeta } from "../sexpr/lisp-lint.js";
import { readDataFile } from "../sexpr/reader.js";
import { findBodyFile, type BodyFile } from "./body-file.js";
import { resolveListingPath } from "./listing-files.js";
import { listPostIds } from "./load-posts.js";
import { openRegularFile, readErrorText, readTextFile } from "./read-regular-file.js";

function problem(file: string, severity: Diagnostic["severity"], code: string, message: string): Diagnostic {
  return { file, line: 1, column: 1, severity, code, message };
}

/** Reads and parses a data file, reporting what is wrong with it; undefined when unusable. */
function readDatum(path: string, out: Diagnostic[]): Datum | undefined {
  let text: string;
  try {
    text = readTextFile(path, out);
  } catch (e) {
    out.push(problem(path, "error", "content/unreadable", `cannot read: ${readErrorText(e)}`));
    return undefined;
  }
  const { datum, diagnostics } = readDataFile(text);
  for (const d of diagnostics) out.push({ ...d, file: path });
  return datum;
}

function lintFile(path: string, rules: (d: Datum) => Diagnostic[], out: Diagnostic[]): Datum | undefined {
  const datum = readDatum(path, out);
  if (datum) for (const d of rules(datum)) out.push({ ...d, file: path });
  return datum;
}

/** Why a listing file cannot be used, or undefined when it can. */
function listingProblem(file: string): string | undefined {
  try {
    closeSync(openRegularFile(file).fd);
    return undefined;
  } catch (e) {
    return readErrorText(e) === "ENOENT" ? "names a file that does not exist" : `names ${file}, which ${readErrorText(e)}`;
  }
}

function diagnosticKey(d: Diagnostic): string {
  return `${d.line}:${d.column}:${d.code}:${d.message}`;
}

function lintBody(dir: string, body: BodyFile, maxPostSize: number | undefined, out: Diagnostic[]): void {
  const { path, format } = body;
  let text: string;
  try {
    text = readTextFile(path, out, { maxSize: maxPostSize, limitName: "max-post-size" });
  } catch (e) {
    out.push(problem(path, "error", "content/unreadable", `cannot read the post body: ${readErrorText(e)}`));
    return;
  }
  const scanned = format.scanMeta(Buffer.from(text));
  for (const d of scanned.diagnostics) out.push({ ...d, file: path });
  if (!scanned.ok) return;
  const checked = format.check(text, {});
  for (const d of checked.diagnostics) out.push({ ...d, file: path });
  // A full render finds what parsing alone does not, such as formulas the TeX converter cannot read.
  if (checked.ok) {
    const seen = new Set(checked.diagnostics.map(diagnosticKey));
    for (const d of format.render(text, {}, { html: true, text: false }).diagnostics) if (!seen.has(diagnosticKey(d))) out.push({ ...d, file: path });
  }
  for (const named of format.namedFiles?.(text) ?? []) {
    const file = resolveListingPath(dir, named.name);
    const why = file === undefined ? "must name a file inside the post directory" : listingProblem(file);
    if (why !== undefined) {
      out.push({ file: path, line: named.line, column: named.column, severity: "error", code: "content/missing-listing", message: `${named.as} ${why}` });
    }
  }
}

function lintCommentText(path: string, out: Diagnostic[]): void {
  try {
    readTextFile(path, out);
  } catch (e) {
    const code = readErrorText(e);
    if (code === "ENOENT") out.push(problem(path, "error", "content/missing-comment-text", "the comment has no text.txt"));
    else out.push(problem(path, "error", "content/unreadable", `cannot read the comment text: ${code}`));
  }
}

function lintComments(dir: string, metadata: Datum | undefined, out: Diagnostic[]): void {
  const listed = new Set<number>();
  for (const item of (metadata && alistList(metadata, "comments")) ?? []) {
    if (item.kind === "int") listed.add(Number(item.value));
  }
  const commentsDir = join(dir, "comments");
  let names: string[] = [];
  try {
    names = readdirSync(commentsDir);
  } catch {
    // No comments directory: fine unless post.lisp lists comments (checked below).
  }
  const onDisk = new Set<number>();
  for (const name of names) {
    const id = /^(0|[1-9][0-9]*)$/.test(name) ? Number(name) : undefined;
    const path = join(commentsDir, name);
    if (id === undefined) {
      out.push(problem(path, "warning", "content/not-a-comment-id", "ignored: a comment directory's name must be its id"));
      continue;
    }
    onDisk.add(id);
    lintFile(join(path, "meta.lisp"), lintCommentMeta, out);
    lintCommentText(join(path, "text.txt"), out);
    if (!listed.has(id)) {
      out.push(problem(path, "warning", "content/unlisted-comment", `comment ${id} is not in post.lisp's \`comments\` list, so it is not shown`));
    }
  }
  for (const id of listed) {
    if (!onDisk.has(id)) {
      out.push(problem(join(dir, "post.lisp"), "error", "content/missing-comment", `comment ${id} is listed in \`comments\` but ${join(commentsDir, String(id))} does not exist`));
    }
  }
}

/** Every problem of a data directory, in a stable order; `maxPostSize` is the config's `max-post-size`. */
export function lintDataDir(dataDir: string, maxPostSize?: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const id of listPostIds(dataDir, out).sort((a, b) => a - b)) {
    const dir = join(dataDir, "posts", String(id));
    const body = findBodyFile(dir, out);
    const lispPath = join(dir, "post.lisp");
    const markdown = body !== undefined && !body.format.needsPostLisp;
    // A Markdown post may go without post.lisp; its front matter says the rest.
    const metadata = markdown && !existsSync(lispPath) ? undefined : lintFile(lispPath, (d) => lintPostMeta(d, markdown), out);
    if (body) lintBody(dir, body, maxPostSize, out);
    lintComments(dir, metadata, out);
  }
  return out;
}
