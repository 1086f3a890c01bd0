/**
 * `blahg import wordpress FILE.xml DIR [--no-pingbacks] [--download-to DIR]`:
 * makes a new blog in DIR from a WordPress export, and optionally fetches
 * its attachments from the old site. Each problem goes to stderr as
 * `FILE:LINE:COL: message` naming the item's id, the summary to stdout.
 * Exit status 1 when DIR is not empty or the export cannot be read at all.
 */

import { existsSync, readdirSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { downloadAttachments } from "../import/wordpress/download-attachments.js";
import { importWordpress, summaryLine } from "../import/wordpress/import-wordpress.js";
import { UsageError, type Io } from "./output.js";

export const IMPORT_WORDPRESS_USAGE = "blahg import wordpress [--no-pingbacks] [--download-to DIR] FILE.xml DIR";

export async function importWordpressCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { "no-pingbacks": { type: "boolean", default: false }, "download-to": { type: "string" } } });
  const [file, dir] = positionals;
  if (file === undefined || dir === undefined || positionals.length > 2) throw new UsageError("needs the export file and the new blog's directory");
  try {
    if (!statSync(file).isFile()) throw new Error("not a regular file");
  } catch (e) {
    io.stderr(`blahg import: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    io.stderr(`blahg import: ${dir} is not an empty directory; the import makes a new blog and never writes over one\n`);
    return 1;
  }
  const summary = await importWordpress(file, dir, { pingbacks: !values["no-pingbacks"] });
  for (const p of summary.problems) {
    const item = p.id === "" ? "" : ` (item ${p.id})`;
    io.stderr(`${file}:${p.line}:${p.column ?? 1}: ${p.message}${item}\n`);
  }
  io.stdout(`imported ${file} into ${dir}: ${summaryLine(summary)}\n`);
  const downloadTo = values["download-to"];
  if (downloadTo !== undefined) {
    const results = await downloadAttachments(summary.attachmentUrls, resolve(downloadTo));
    for (const r of results) if (r.error !== undefined) io.stderr(`blahg import: cannot download ${r.url}: ${r.error}\n`);
    io.stdout(`downloaded ${results.filter((r) => r.path !== undefined).length} of ${results.length} attachments into ${downloadTo}\n`);
  }
  return 0;
}
