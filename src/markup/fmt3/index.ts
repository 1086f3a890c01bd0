/**
 * fmt3, blahgd's LaTeX-like post markup: parse once into a syntax tree, then
 * write it as blahgd-exact HTML, as clean HTML5, or as plain text.
 */

import type { Diagnostic } from "../../diagnostics.js";
import type { Document } from "./ast.js";
import type { Fmt3WriteOptions } from "./options.js";
import { parseFmt3 } from "./parser.js";
import { writeBlahgdHtml } from "./write-blahgd.js";
import { writeHtml } from "./write-html.js";
import { writeText } from "./write-text.js";

export type { Document, Inline, Paragraph, SpecialMeta } from "./ast.js";
export type { BaseUrls, Fmt3WriteOptions, ListingResult } from "./options.js";
export { parseFmt3, type ParseResult } from "./parser.js";
export { scanSpecialMeta, SPECIAL_COMMAND_MARKERS } from "./scan-meta.js";
export { writeBlahgdHtml } from "./write-blahgd.js";
export { writeHtml } from "./write-html.js";
export { writeText } from "./write-text.js";

export type Fmt3Mode = "blahgd" | "html" | "text";

export const FMT3_MODES: readonly Fmt3Mode[] = ["blahgd", "html", "text"];

export function writeFmt3(doc: Document, mode: Fmt3Mode, options: Fmt3WriteOptions = {}): string {
  if (mode === "blahgd") return writeBlahgdHtml(doc, options);
  if (mode === "html") return writeHtml(doc, options);
  return writeText(doc, options);
}

export interface RenderResult {
  /** Absent when the source has a syntax error. */
  output?: string;
  document?: Document;
  diagnostics: Diagnostic[];
}

/** Parses and writes in one step. */
export function renderFmt3(source: string, mode: Fmt3Mode, options: Fmt3WriteOptions = {}): RenderResult {
  const { document, diagnostics } = parseFmt3(source);
  if (!document) return { diagnostics };
  return { output: writeFmt3(document, mode, options), document, diagnostics };
}
