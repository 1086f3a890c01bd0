/**
 * fmt3, blahgd's LaTeX-like post markup: parse once into a syntax tree, then
 * write it as blahgd-exact HTML, as clean HTML5, or as plain text.
 */

import type { Diagnostic } from "../../diagnostics.js";
import type { Document } from "./ast.js";
import type { Fmt3WriteOptions } from "./options.js";
import { parseFmt3Paragraphs } from "./parser.js";
import { BlahgdWriter } from "./write-blahgd.js";
import { HtmlWriter } from "./write-html.js";
import { TextWriter } from "./write-text.js";
import type { Fmt3Writer } from "./writer.js";

export type { Document, Inline, Paragraph, SpecialMeta } from "./ast.js";
import type { SpecialMeta } from "./ast.js";
export type { BaseUrls, Fmt3WriteOptions, HeadingLevel, ListingResult } from "./options.js";
export { parseFmt3, parseFmt3Paragraphs, type ParseResult } from "./parser.js";
export { scanSpecialMeta, SPECIAL_COMMAND_MARKERS } from "./scan-meta.js";
export { writeBlahgdHtml } from "./write-blahgd.js";
export { writeHtml } from "./write-html.js";
export { writeText } from "./write-text.js";

export type Fmt3Mode = "blahgd" | "html" | "text";

export const FMT3_MODES: readonly Fmt3Mode[] = ["blahgd", "html", "text"];

function createWriter(mode: Fmt3Mode, options: Fmt3WriteOptions): Fmt3Writer {
  if (mode === "blahgd") return new BlahgdWriter(options);
  if (mode === "html") return new HtmlWriter(options);
  return new TextWriter(options);
}

export function writeFmt3(doc: Document, mode: Fmt3Mode, options: Fmt3WriteOptions = {}): string {
  const writer = createWriter(mode, options);
  for (const p of doc.paragraphs) writer.paragraph(p);
  return writer.finish();
}

export interface RenderResult {
  /** Absent when the source has a syntax error. */
  output?: string;
  meta: SpecialMeta;
  diagnostics: Diagnostic[];
}

/**
 * Parses and writes in one pass, a paragraph at a time, so that even a huge
 * body never has its whole syntax tree in memory.
 */
export function renderFmt3(source: string, mode: Fmt3Mode, options: Fmt3WriteOptions = {}): RenderResult {
  const writer = createWriter(mode, options);
  const { ok, meta, diagnostics } = parseFmt3Paragraphs(source, (p, report) => writer.paragraph(p, report));
  return ok ? { output: writer.finish(), meta, diagnostics } : { meta, diagnostics };
}
