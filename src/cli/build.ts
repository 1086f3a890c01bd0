/**
 * `blahg build [--config FILE] [--data DIR] --out DIR [--keep-going]`: the
 * whole blog as static files (src/build/). Progress on a terminal, a
 * one-line summary, exit 1 for a broken post unless --keep-going.
 */

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { build, BuildError } from "../build/build.js";
import { DEFAULT_CONFIG, type Config } from "../config/config.js";
import { formatDiagnostic } from "../diagnostics.js";
import { defaultThemeDir, exampleDir } from "../paths.js";
import { configPathOrLocal, loadConfigOption } from "./config-option.js";
import { UsageError, type Io } from "./output.js";

export const BUILD_USAGE =
  "blahg build [--config FILE] [--data DIR] [--templates DIR] [--web DIR] [--base-url URL] [--jobs N] --out DIR [--keep-going]\n" +
  "    Writes every page, feed and file of the blog to DIR; a second build rewrites only what changed.\n" +
  "    Without --config and --data it builds ./config.lisp's blog when there is one, else the bundled example.";

export interface BuildCommandOptions {
  /** Whether stderr is a terminal (progress is shown only there). */
  tty?: boolean;
  now?: () => bigint;
}

export async function buildCommand(args: string[], io: Io, options: BuildCommandOptions = {}): Promise<number> {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      config: { type: "string" },
      data: { type: "string" },
      templates: { type: "string" },
      web: { type: "string" },
      "base-url": { type: "string" },
      out: { type: "string" },
      jobs: { type: "string" },
      "keep-going": { type: "boolean", default: false },
    },
  });
  if (values.out === undefined) throw new UsageError("--out DIR is required");
  // Both cores by default: measured faster than one for blogs of a few hundred pages and more (bench/RESULTS.md).
  const jobs = values.jobs === undefined ? Math.min(4, availableParallelism()) : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError("--jobs must be a number of threads (1-64)");

  // As serve: --config, else ./config.lisp (a blog made by `blahg init`), else the bundled example blog.
  const localConfig = values.data === undefined ? configPathOrLocal(values.config) : values.config;
  const example = localConfig === undefined && values.data === undefined;
  let config: Config = { ...DEFAULT_CONFIG };
  const configPath = localConfig ?? (example ? join(exampleDir, "config.lisp") : undefined);
  if (configPath !== undefined) {
    const loaded = await loadConfigOption(io, configPath);
    if (!loaded) return 1;
    config = loaded;
  }
  if (example) config.dataDir = exampleDir;
  if (values.data !== undefined) config.dataDir = values.data;
  if (values["base-url"] !== undefined) config.baseUrl = values["base-url"].replace(/\/+$/, "");
  const templateDir = values.templates ?? (example || !existsSync(join(config.templateDir, "html")) ? defaultThemeDir : config.templateDir);
  const webDir = values.web ?? (example || !existsSync(config.webDir) ? join(defaultThemeDir, "web") : config.webDir);

  const tty = options.tty ?? process.stderr.isTTY === true;
  let lastShown = 0;
  const start = performance.now();
  try {
    const result = await build({
      config,
      templateDir,
      webDir,
      outDir: values.out,
      keepGoing: values["keep-going"],
      jobs,
      now: options.now?.() ?? BigInt(Date.now()) * 1_000_000n,
      onProblem: (d) => io.stderr(formatDiagnostic(d) + "\n"),
      onProgress: (done, total) => {
        const t = performance.now();
        if (!tty || t - lastShown < 1000) return;
        lastShown = t;
        io.stderr(`\rblahg build: ${done} / ${total} pages`);
      },
    });
    if (lastShown > 0) io.stderr("\n");
    if (!result.ok) {
      io.stderr(`blahg build: stopped: ${result.skipped.length > 0 ? `${result.skipped.length} post(s) have errors (above)` : "posts could not be loaded (above)"}; nothing was written (--keep-going builds without them)\n`);
      return 1;
    }
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    const skipped = result.skipped.length > 0 ? `, ${result.skipped.length} broken post(s) left out` : "";
    io.stdout(`blahg build: ${result.pages} pages in ${seconds} s: ${result.written} written, ${result.unchanged} unchanged, ${result.removed} removed${skipped} (${values.out})\n`);
    return 0;
  } catch (e) {
    if (lastShown > 0) io.stderr("\n");
    if (e instanceof BuildError) {
      io.stderr(`blahg build: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
