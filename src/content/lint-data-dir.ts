/**
 * Checking a whole data directory: blahgd's lisplint rules for every
 * post.lisp and comment meta.lisp, the syntax of every body (post.tex or
 * post.md, never both), and the links between them (listed comments that
 * are missing, comments on disk that are not listed, `\listing{}` files
 * that do not exist).
 */

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { alistList } from "../sexpr/alist.js";
import type { Datum } from "../sexpr/datum.js";
import { lintCommentMeta, lintPostMeta } from "../sexpr/lisp-lint.js";
import { readDataFile } from "../sexpr/reader.js";
import { findBodyFile, type BodyFile } from "./body-file.js";
import { resolveListingPath } from "./listing-files.js";
import { listPostIds } from "./load-posts.js";

function problem(file: string, severity: Diagnostic["severity"], code: string, message: string): Diagnostic {
  return { file, line: 1, column: 1, severity, code, message };
}

/** Reads and parses a data file, reporting what is wrong with it; undefined when unusable. */
function readDatum(path: string, out: Diagnostic[]): Datum | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    out.push(problem(path, "error", "content/unreadable", `cannot read: ${(e as NodeJS.ErrnoException).code ?? e}`));
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

function lintBody(dir: string, body: BodyFile, out: Diagnostic[]): void {
  const { path, format } = body;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    out.push(problem(path, "error", "content/unreadable", `cannot read the post body: ${(e as NodeJS.ErrnoException).code ?? e}`));
    return;
  }
  const scanned = format.scanMeta(Buffer.from(text));
  for (const d of scanned.diagnostics) out.push({ ...d, file: path });
  if (!scanned.ok) return;
  for (const d of format.check(text, {}).diagnostics) out.push({ ...d, file: path });
  for (const named of format.namedFiles?.(text) ?? []) {
    const file = resolveListingPath(dir, named.name);
    if (file === undefined || !existsSync(file)) {
      const why = file === undefined ? "must name a file inside the post directory" : "names a file that does not exist";
      out.push({ file: path, line: named.line, column: named.column, severity: "error", code: "content/missing-listing", message: `${named.as} ${why}` });
    }
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
    if (!existsSync(join(path, "text.txt"))) out.push(problem(join(path, "text.txt"), "error", "content/missing-comment-text", "the comment has no text.txt"));
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

/** Every problem of a data directory, in a stable order. */
export function lintDataDir(dataDir: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const id of listPostIds(dataDir, out).sort((a, b) => a - b)) {
    const dir = join(dataDir, "posts", String(id));
    const body = findBodyFile(dir, out);
    const lispPath = join(dir, "post.lisp");
    const markdown = body !== undefined && !body.format.needsPostLisp;
    // A Markdown post may go without post.lisp; its front matter says the rest.
    const metadata = markdown && !existsSync(lispPath) ? undefined : lintFile(lispPath, (d) => lintPostMeta(d, markdown), out);
    if (body) lintBody(dir, body, out);
    lintComments(dir, metadata, out);
  }
  return out;
}
