/**
 * `blahg render [--format fmt3|markdown] [--mode blahgd|html|text] [--config FILE] [--out DIR] FILE...`:
 * renders post bodies, each in the format its extension says (`.tex` fmt3,
 * `.md` and `.markdown` Markdown) unless --format says otherwise. Without
 * --config the base URLs are unset, as in blahgd's own test driver (so
 * `\post` prints "(null)" in blahgd mode).
 */

import { mkdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "../config/config.js";
import { replaceFileAtomically } from "../content/durable-files.js";
import { readListingFile } from "../content/listing-files.js";
import { inFile } from "../diagnostics.js";
import { FORMATS, formatById, formatIds, formatOfFile, type BaseUrls, type FormatId, type MarkupFormat, type RenderContext } from "../markup/formats.js";
import { loadConfigOption } from "./config-option.js";
import { printDiagnostics, UsageError, type Io } from "./output.js";

export const RENDER_USAGE = "blahg render [--format fmt3|markdown] [--mode blahgd|html|text] [--config FILE] [--out DIR] FILE...";

/** `blahgd` is fmt3's exact HTML; for Markdown it is the same as `html`. */
const MODES = ["blahgd", "html", "text"] as const;
type Mode = (typeof MODES)[number];

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
  const formats = new Map<string, MarkupFormat>();
  for (const file of files) {
    const format = values.format !== undefined ? formatById(values.format as FormatId) : formatOfFile(file);
    if (!format) throw new UsageError(`${file}: cannot tell its format from its name (${FORMATS.flatMap((f) => f.extensions).join(", ")}); use --format`);
    formats.set(file, format);
  }
  const config = values.config === undefined ? undefined : await loadConfigOption(io, values.config);
  if (values.config !== undefined && !config) return 1;

  const extension = mode === "text" ? ".txt" : ".html";
  const outputs = new Map<string, string>();
  if (values.out !== undefined) {
    for (const file of files) {
      const target = join(values.out, outputName(file) + extension);
      const other = outputs.get(target);
      if (other !== undefined) throw new UsageError(`${file} and ${other} would both be written to ${target}`);
      outputs.set(target, file);
    }
    mkdirSync(values.out, { recursive: true });
  }

  let status = 0;
  for (const file of files) {
    let source: string;
    try {
      source = readFileSync(file, "utf8");
    } catch (e) {
      io.stderr(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? e}\n`);
      status = 1;
      continue;
    }
    const dir = dirname(file);
    const context: RenderContext = {
      urls: urlsOf(config),
      postId: basename(dir),
      readListing: (name) => readListingFile(dir, name),
      fmt3Html: mode === "blahgd" ? "blahgd" : "html",
    };
    if (config) {
      context.typographer = config.markdownTypographer;
      context.linkify = config.markdownLinkify;
    }
    const text = mode === "text";
    const result = formats.get(file)!.render(source, context, { html: !text, text });
    printDiagnostics(io, inFile(result.diagnostics, file));
    const output = text ? result.text : result.html;
    if (!result.ok || output === undefined) {
      status = 1;
      continue;
    }
    if (values.out === undefined) io.stdout(output);
    else replaceFileAtomically(join(values.out, outputName(file) + extension), output);
  }
  return status;
}
