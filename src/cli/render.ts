/**
 * `blahg render [--format fmt3|markdown] [--mode blahgd|html|text] [--config FILE] [--out DIR] FILE...`:
 * renders post bodies, each in the format its extension says (`.tex` fmt3,
 * `.md` and `.markdown` Markdown) unless --format says otherwise. Without
 * --config the base URLs are unset, as in blahgd's own test driver (so
 * `\post` prints "(null)" in blahgd mode). With --out, each body's output
 * goes to its own file (see outputName), many files on every core.
 */

import { mkdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "../config/config.js";
import { FORMATS, formatById, formatIds, formatOfFile, type BaseUrls, type FormatId, type MarkupFormat } from "../markup/formats.js";
import { loadConfigOption } from "./config-option.js";
import { UsageError, type Io } from "./output.js";
import { MODES, renderFile, type Mode, type RenderJob, type RenderSettings } from "./render-file.js";
import { renderInPool } from "./render-pool.js";

export const RENDER_USAGE = "blahg render [--format fmt3|markdown] [--mode blahgd|html|text] [--config FILE] [--out DIR] FILE...";

function urlsOf(config: Config | undefined): BaseUrls {
  if (!config) return {};
  return { base: config.baseUrl, wiki: config.wikiBaseUrl, bug: config.bugBaseUrl, photo: config.photoBaseUrl };
}

const BODY_EXTENSIONS = new RegExp(`(${FORMATS.flatMap((f) => f.extensions).map((e) => e.replace(".", "\\.")).join("|")})$`);

/** The output name for a body: its file name, or the post id for a `posts/<id>/post.tex` (or post.md). */
export function outputName(file: string): string {
  const name = basename(file).replace(BODY_EXTENSIONS, "");
  const parent = basename(dirname(file));
  return name === "post" && /^[0-9]+$/.test(parent) ? parent : name;
}

export async function renderCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals: files } = parseArgs({
    args,
    allowPositionals: true,
    options: { mode: { type: "string", default: "html" }, format: { type: "string" }, config: { type: "string" }, out: { type: "string" } },
  });
  const mode = values.mode as Mode;
  if (!MODES.includes(mode)) throw new UsageError(`--mode must be one of ${MODES.join(", ")}`);
  if (values.format !== undefined && !formatIds().includes(values.format as FormatId)) {
    throw new UsageError(`--format must be one of ${formatIds().join(", ")}`);
  }
  if (files.length === 0) throw new UsageError("no input file");
  const jobs: RenderJob[] = [];
  for (const file of files) {
    const format: MarkupFormat | undefined = values.format !== undefined ? formatById(values.format as FormatId) : formatOfFile(file);
    if (!format) throw new UsageError(`${file}: cannot tell its format from its name (${FORMATS.flatMap((f) => f.extensions).join(", ")}); use --format`);
    jobs.push({ file, format: format.id });
  }
  const config = values.config === undefined ? undefined : await loadConfigOption(io, values.config);
  if (values.config !== undefined && !config) return 1;
  const settings: RenderSettings = { mode, urls: urlsOf(config) };
  if (config) {
    settings.typographer = config.markdownTypographer;
    settings.linkify = config.markdownLinkify;
  }

  let status = 0;
  if (values.out === undefined) {
    for (const job of jobs) {
      const outcome = renderFile(job, settings);
      if (outcome.messages !== "") io.stderr(outcome.messages);
      if (outcome.output !== undefined) io.stdout(outcome.output);
      if (!outcome.ok) status = 1;
    }
    return status;
  }

  const extension = mode === "text" ? ".txt" : ".html";
  const sources = new Map<string, string>();
  for (const job of jobs) {
    job.target = join(values.out, outputName(job.file) + extension);
    const other = sources.get(job.target);
    if (other !== undefined) throw new UsageError(`${job.file} and ${other} would both be written to ${job.target}`);
    sources.set(job.target, job.file);
  }
  mkdirSync(values.out, { recursive: true });
  // Output files are derived: written through a temporary name, without an fsync each, on every core.
  await renderInPool(jobs, settings, (outcome) => {
    if (outcome.messages !== "") io.stderr(outcome.messages);
    if (!outcome.ok) status = 1;
  });
  return status;
}
