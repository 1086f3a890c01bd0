/**
 * `blahg render [--mode blahgd|html|text] [--config FILE] [--out DIR] FILE.tex...`:
 * renders post bodies. Without --config the base URLs are unset, as in
 * blahgd's own test driver (so `\post` prints "(null)" in blahgd mode).
 */

import { mkdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "../config/config.js";
import { replaceFileAtomically } from "../content/durable-files.js";
import { readListingFile } from "../content/listing-files.js";
import { inFile } from "../diagnostics.js";
import { FMT3_MODES, renderFmt3, type BaseUrls, type Fmt3Mode } from "../markup/fmt3/index.js";
import { loadConfigOption } from "./config-option.js";
import { printDiagnostics, UsageError, type Io } from "./output.js";

export const RENDER_USAGE = "blahg render [--mode blahgd|html|text] [--config FILE] [--out DIR] FILE.tex...";

function urlsOf(config: Config | undefined): BaseUrls {
  if (!config) return {};
  return { base: config.baseUrl, wiki: config.wikiBaseUrl, bug: config.bugBaseUrl, photo: config.photoBaseUrl };
}

/** The output name for a body: its file name, or the post id for a `posts/<id>/post.tex`. */
export function outputName(file: string): string {
  const name = basename(file).replace(/\.tex$/, "");
  const parent = basename(dirname(file));
  return name === "post" && /^[0-9]+$/.test(parent) ? parent : name;
}

export async function renderCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals: files } = parseArgs({
    args,
    allowPositionals: true,
    options: { mode: { type: "string", default: "html" }, config: { type: "string" }, out: { type: "string" } },
  });
  const mode = values.mode as Fmt3Mode;
  if (!FMT3_MODES.includes(mode)) throw new UsageError(`--mode must be one of ${FMT3_MODES.join(", ")}`);
  if (files.length === 0) throw new UsageError("no input file");
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
    const result = renderFmt3(source, mode, {
      urls: urlsOf(config),
      postId: basename(dir),
      readListing: (name) => readListingFile(dir, name),
    });
    printDiagnostics(io, inFile(result.diagnostics, file));
    if (result.output === undefined) {
      status = 1;
      continue;
    }
    if (values.out === undefined) io.stdout(result.output);
    else replaceFileAtomically(join(values.out, outputName(file) + extension), result.output);
  }
  return status;
}
