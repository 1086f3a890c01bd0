/**
 * One body file through `blahg render`: read, render in its format and either
 * return the output (for stdout) or write it to its output file. The same
 * code runs on the main thread and in ./render-worker.ts, so the bytes do not
 * depend on which thread rendered a file.
 */

import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { writeDerivedFile } from "../content/derived-files.js";
import { readListingFile } from "../content/listing-files.js";
import { formatDiagnostic, inFile, type Diagnostic } from "../diagnostics.js";
import { formatById, type BaseUrls, type FormatId, type RenderContext } from "../markup/formats.js";

/** `blahgd` is fmt3's exact HTML; for Markdown it is the same as `html`. */
export const MODES = ["blahgd", "html", "text"] as const;
export type Mode = (typeof MODES)[number];

/** What every file of one command is rendered with: plain data, so it can travel to a thread. */
export interface RenderSettings {
  mode: Mode;
  urls: BaseUrls;
  typographer?: boolean;
  linkify?: boolean;
}

export interface RenderJob {
  file: string;
  format: FormatId;
  /** Where the output goes; absent: it is returned. */
  target?: string;
}

export interface RenderOutcome {
  /** Lines for stderr (diagnostics, a read or write error), each ending in a newline. */
  messages: string;
  ok: boolean;
  /** The output, when the job had no target and the body rendered. */
  output?: string;
}

export function renderFile(job: RenderJob, settings: RenderSettings): RenderOutcome {
  let bytes: Buffer;
  try {
    bytes = readFileSync(job.file);
  } catch (e) {
    return { messages: `${job.file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? e}\n`, ok: false };
  }
  const format = formatById(job.format);
  // A body is rendered only when its metadata is usable (a broken front matter), as when a blog loads.
  const scanned = format.scanMeta(bytes);
  if (!scanned.ok) return { messages: diagnosticLines(scanned.diagnostics, job.file), ok: false };
  const source = bytes.toString("utf8");
  const dir = dirname(job.file);
  const context: RenderContext = {
    urls: settings.urls,
    postId: basename(dir),
    readListing: (name) => readListingFile(dir, name),
    fmt3Html: settings.mode === "blahgd" ? "blahgd" : "html",
  };
  if (settings.typographer !== undefined) context.typographer = settings.typographer;
  if (settings.linkify !== undefined) context.linkify = settings.linkify;
  const text = settings.mode === "text";
  const result = format.render(source, context, { html: !text, text });
  let messages = diagnosticLines(result.diagnostics, job.file);
  const output = text ? result.text : result.html;
  if (!result.ok || output === undefined) return { messages, ok: false };
  if (job.target === undefined) return { messages, ok: true, output };
  try {
    writeDerivedFile(job.target, output);
  } catch (e) {
    messages += `${job.target}: cannot write: ${(e as NodeJS.ErrnoException).code ?? e}\n`;
    return { messages, ok: false };
  }
  return { messages, ok: true };
}

function diagnosticLines(diagnostics: readonly Diagnostic[], file: string): string {
  return inFile(diagnostics, file).map((d) => formatDiagnostic(d) + "\n").join("");
}
