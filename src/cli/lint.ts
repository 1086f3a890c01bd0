/**
 * `blahg lint [--config FILE] [--strict] [DATA_DIR]`: checks the config,
 * every post.lisp, post.tex and comment meta.lisp. One `path:line:col:
 * message` line per problem; exit status 1 when there are errors (or, with
 * --strict, warnings).
 */

import { parseArgs } from "node:util";
import { join } from "node:path";
import { DEFAULT_CONFIG, type Config } from "../config/config.js";
import { loadConfigFile } from "../config/load-config.js";
import { lintDataDir } from "../content/lint-data-dir.js";
import { loadPosts } from "../content/load-posts.js";
import { SiteIndex } from "../content/site-index.js";
import { PermalinkScheme } from "../site/urls/permalink-scheme.js";
import { readRegularFile } from "../content/read-regular-file.js";
import { formatDiagnostic, inFile, type Diagnostic } from "../diagnostics.js";
import { lintConfig } from "../sexpr/lisp-lint.js";
import { readDataFile } from "../sexpr/reader.js";
import type { Io } from "./output.js";

export const LINT_USAGE = "blahg lint [--config FILE] [--strict] [DATA_DIR]";

function lintConfigFile(path: string): Diagnostic[] {
  let text: string;
  try {
    text = readRegularFile(path).toString("utf8");
  } catch {
    return []; // loadConfigFile reports it
  }
  const { datum } = readDataFile(text);
  return datum ? inFile(lintConfig(datum), path) : [];
}

/** Posts whose permalink took a suffix because an older post has the same slug and date parts. */
function slugCollisions(config: Config, dataDir: string): Diagnostic[] {
  const { posts } = loadPosts({ dataDir, photoBaseUrl: config.photoBaseUrl, maxPostSize: config.maxPostSize });
  const scheme = new PermalinkScheme(config.baseUrl, config.permalink!, new SiteIndex(posts), new Map());
  return scheme.collisions.map(({ post, wanted, given }) => ({
    file: join(post.dir, "post.lisp"),
    line: 1,
    column: 1,
    severity: "warning",
    code: "lint/slug-collision",
    message: `the slug "${wanted}" is taken by an older post with the same date parts; this post answers at ${scheme.format({ kind: "story", format: "html", id: post.id, preview: undefined })} (slug "${given}"); set \`slug\` to choose another`,
  }));
}

export async function lintCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { config: { type: "string" }, strict: { type: "boolean", default: false } },
  });
  const problems: Diagnostic[] = [];
  let dataDir = positionals[0] ?? DEFAULT_CONFIG.dataDir;
  let maxPostSize = DEFAULT_CONFIG.maxPostSize;
  let loaded: Config | undefined;
  if (values.config !== undefined) {
    const { config, diagnostics } = await loadConfigFile(values.config);
    // loadConfigFile reports reading and type problems; lisplint's rules add the rest.
    const seen = new Set(diagnostics.map(formatDiagnostic));
    problems.push(...diagnostics, ...lintConfigFile(values.config).filter((d) => !seen.has(formatDiagnostic(d))));
    if (config && positionals[0] === undefined) dataDir = config.dataDir;
    if (config) maxPostSize = config.maxPostSize;
    loaded = config;
  }
  problems.push(...lintDataDir(dataDir, maxPostSize));
  if (loaded?.permalink !== undefined) problems.push(...slugCollisions(loaded, dataDir));
  for (const d of problems) io.stdout(formatDiagnostic(d) + "\n");
  const failing = problems.filter((d) => d.severity === "error" || values.strict);
  return failing.length > 0 ? 1 : 0;
}
