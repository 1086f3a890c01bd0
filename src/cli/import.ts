/**
 * `blahg import jekyll|hugo SOURCE DIR`: makes a new blog in DIR from a
 * Jekyll or Hugo site (`blahg import wordpress` is ./import-wordpress.ts). Problems go to stderr (`file:line:col: message`), the
 * summary to stdout; exit status 1 when a post could not be imported or DIR
 * is not empty. `--jobs N`: threads reading and converting posts (default 1).
 */

import { parseArgs } from "node:util";
import { ImportRefused, importBlog, type SourceKind } from "../import/import-blog.js";
import { importWordpressCommand, IMPORT_WORDPRESS_USAGE } from "./import-wordpress.js";
import { printDiagnostics, UsageError, type Io } from "./output.js";

export const IMPORT_USAGE = `blahg import jekyll|hugo SOURCE DIR [--jobs N] | ${IMPORT_WORDPRESS_USAGE.replace("blahg import ", "")}`;

export async function importCommand(args: string[], io: Io): Promise<number> {
  if (args[0] === "wordpress") return importWordpressCommand(args.slice(1), io);
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { jobs: { type: "string" } } });
  const [kind, source, target] = positionals;
  if (kind !== "jekyll" && kind !== "hugo") throw new UsageError("the first argument is the kind of site: jekyll, hugo or wordpress");
  if (source === undefined || target === undefined || positionals.length > 3) throw new UsageError("needs the site's directory and the new blog's directory");
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)) throw new UsageError("--jobs must be a number of threads (1-64)");
  let summary;
  try {
    summary = await importBlog(kind as SourceKind, source, target, jobs === undefined ? {} : { threads: jobs });
  } catch (e) {
    if (e instanceof ImportRefused) {
      io.stderr(`blahg import: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  printDiagnostics(io, summary.problems);
  const errors = summary.problems.filter((d) => d.severity === "error").length;
  const warnings = summary.problems.length - errors;
  io.stdout(
    `imported ${summary.posts} posts (${summary.drafts} drafts) from ${source} into ${target}\n` +
      `tags: ${summary.tags}, aliases: ${summary.aliases}, site aliases: ${summary.siteAliases}, web files: ${summary.webFiles}, problems: ${summary.problems.length} (${errors} errors, ${warnings} warnings)\n` +
      (summary.permalink !== undefined ? `permalink: ${summary.permalink}\n` : "permalink: none (every old URL is an alias)\n"),
  );
  return errors > 0 ? 1 : 0;
}
