/**
 * `blahg import wordpress FILE.xml DIR [--no-pingbacks]`: makes a new blog
 * in DIR from a WordPress export. Each problem goes to stderr as
 * `FILE:LINE:COL: message` naming the item's id, the summary to stdout.
 * Exit status 1 when DIR is not empty or the export cannot be read at all.
 */

import { existsSync, readdirSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { importWordpress, summaryLine } from "../import/wordpress/import-wordpress.js";
import { UsageError, type Io } from "./output.js";

export const IMPORT_WORDPRESS_USAGE = "blahg import wordpress [--no-pingbacks] FILE.xml DIR";

export async function importWordpressCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { "no-pingbacks": { type: "boolean", default: false } } });
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
  return 0;
}
