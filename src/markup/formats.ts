/**
 * The registry of markup formats: fmt3, Markdown and imported HTML. Loading, lint,
 * `blahg render`, pages and feeds find a body's format here and never name
 * a writer of their own.
 */

import { extname } from "node:path";
import type { FormatId, MarkupFormat } from "./format.js";
import { fmt3Format } from "./fmt3/format.js";
import { markdownFormat } from "./markdown/format.js";
import { htmlFormat } from "./html/format.js";

export type { FormatId, FormatRender, MarkupFormat, RenderContext, RenderWanted, ScannedMeta, TitlePlace } from "./format.js";
export type { BodyMeta } from "./body-meta.js";
export type { BaseUrls, HeadingLevel, ListingResult } from "./fmt3/options.js";

/** In the order a post directory is searched for its body. */
export const FORMATS: readonly MarkupFormat[] = [fmt3Format, markdownFormat, htmlFormat];

export function formatById(id: FormatId): MarkupFormat {
  return FORMATS.find((f) => f.id === id)!;
}

/** The format of a file by its extension, or undefined. */
export function formatOfFile(name: string): MarkupFormat | undefined {
  const extension = extname(name).toLowerCase();
  return FORMATS.find((f) => f.extensions.includes(extension));
}

export function formatIds(): FormatId[] {
  return FORMATS.map((f) => f.id);
}
