/** fmt3 as an entry of the markup format registry (see ../format.ts). */

import { LineMap, type Diagnostic } from "../../diagnostics.js";
import type { BodyMeta } from "../body-meta.js";
import type { FormatRender, MarkupFormat, NamedFile } from "../format.js";
import type { CommandNode, Inline } from "./ast.js";
import { parseFmt3, parseFmt3Paragraphs } from "./parser.js";
import { parseBlahgdTime } from "../../sexpr/time.js";
import { scanSpecialMeta, SPECIAL_COMMAND_MARKERS } from "./scan-meta.js";
import { BlahgdWriter } from "./write-blahgd.js";
import { HtmlWriter } from "./write-html.js";
import { inlineText, TextWriter } from "./write-text.js";
import type { Fmt3WriteOptions } from "./options.js";

const MARKERS = SPECIAL_COMMAND_MARKERS.map((m) => Buffer.from(m));

/** The special commands as body metadata; most bodies have none and are never decoded. */
function scanMeta(bytes: Buffer): { meta: BodyMeta; diagnostics: Diagnostic[]; ok: boolean } {
  const diagnostics: Diagnostic[] = [];
  if (!MARKERS.some((m) => bytes.includes(m))) return { meta: { tags: [] }, diagnostics, ok: true };
  const special = scanSpecialMeta(bytes.toString("utf8"));
  const meta: BodyMeta = { tags: special.tags };
  if (special.title !== undefined) meta.title = special.title;
  if (special.twitterImage !== undefined) meta.twitterImage = special.twitterImage;
  if (special.published !== undefined) {
    const time = parseBlahgdTime(special.published);
    if (time === undefined) {
      diagnostics.push({ line: 1, column: 1, severity: "warning", code: "content/bad-time", message: `\\published{${special.published}} is not "YYYY-MM-DD HH:MM"; using post.lisp's time` });
    } else {
      meta.time = time;
    }
  }
  return { meta, diagnostics, ok: true };
}

function listingCommands(nodes: readonly Inline[] | undefined, found: CommandNode[]): void {
  for (const node of nodes ?? []) {
    if (node.type !== "command") continue;
    if (node.name === "listing") found.push(node);
    listingCommands(node.opt, found);
    listingCommands(node.arg, found);
  }
}

/** Every `\listing{name}` of a body. */
function namedFiles(source: string): NamedFile[] {
  const { document } = parseFmt3(source);
  const listings: CommandNode[] = [];
  for (const p of document?.paragraphs ?? []) listingCommands(p.children, listings);
  if (listings.length === 0) return [];
  // Node positions are offsets into the text with CR LF already made LF.
  const lines = new LineMap(source.replace(/\r\n?/g, "\n"));
  return listings.map((command) => {
    const name = inlineText(command.arg);
    return { name, as: `\\listing{${name}}`, ...lines.position(command.pos) };
  });
}

export const fmt3Format: MarkupFormat = {
  id: "fmt3",
  name: "fmt3",
  extensions: [".tex"],
  bodyFile: "post.tex",
  needsPostLisp: true,
  unusableOnlyByScan: false,
  scanMeta,
  namedFiles,
  check(source) {
    const { ok, diagnostics } = parseFmt3Paragraphs(source, () => {});
    return { ok, diagnostics };
  },
  render(source, context, wanted) {
    const options: Fmt3WriteOptions = {};
    if (context.urls) options.urls = context.urls;
    if (context.postId !== undefined) options.postId = context.postId;
    if (context.readListing) options.readListing = context.readListing;
    if (context.titleLevel !== undefined) options.titleLevel = context.titleLevel;
    // One writer per place, fed the same paragraphs: a formula or listing is converted once for all (memo).
    const memo = wanted.places && wanted.places.length > 1 ? new Map<unknown, string>() : undefined;
    const levels = !wanted.html ? [] : wanted.places ? wanted.places.map((place) => place.titleLevel) : [options.titleLevel];
    const writers = levels.map((titleLevel) => {
      const placed: Fmt3WriteOptions = { ...options, titleLevel, memo };
      return context.fmt3Html === "blahgd" ? new BlahgdWriter(placed) : new HtmlWriter(placed);
    });
    const text = wanted.text ? new TextWriter(options) : undefined;
    const limit = wanted.textLimit ?? Infinity;
    // One pass, a paragraph at a time: even a huge body never has its whole tree in memory.
    const { ok, diagnostics } = parseFmt3Paragraphs(source, (p, report) => {
      // A writer's problems are the same at every level: reported once.
      writers.forEach((writer, i) => writer.paragraph(p, i === 0 ? report : undefined));
      if (text && text.length <= limit) text.paragraph(p);
    });
    if (!ok) return { ok, diagnostics };
    const result: FormatRender = { ok, diagnostics };
    if (wanted.places) result.htmlAt = writers.map((writer) => writer.finish());
    else if (writers[0]) result.html = writers[0].finish();
    if (text) result.text = text.finish();
    return result;
  },
};
