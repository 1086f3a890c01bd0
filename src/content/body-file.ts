/**
 * Which file of a post directory is its body: post.tex (fmt3) or post.md
 * (Markdown), never both. The format registry says which names to look for.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { FORMATS, type MarkupFormat } from "../markup/formats.js";

export interface BodyFile {
  path: string;
  format: MarkupFormat;
}

/** The body of the post in `dir`; undefined with a diagnostic when there is none or more than one. */
export function findBodyFile(dir: string, diagnostics: Diagnostic[]): BodyFile | undefined {
  const found = FORMATS.map((format) => ({ path: join(dir, format.bodyFile), format })).filter((b) => existsSync(b.path));
  if (found.length === 1) return found[0];
  const names = FORMATS.map((f) => f.bodyFile);
  if (found.length === 0) {
    diagnostics.push({ file: join(dir, names[0]!), line: 1, column: 1, severity: "error", code: "content/unreadable", message: `cannot read the post body: ENOENT (a post needs ${names.join(" or ")})` });
  } else {
    diagnostics.push({
      file: found[1]!.path,
      line: 1,
      column: 1,
      severity: "error",
      code: "content/two-bodies",
      message: `the post has both ${found.map((b) => b.format.bodyFile).join(" and ")}; keep one (the post is skipped)`,
    });
  }
  return undefined;
}
