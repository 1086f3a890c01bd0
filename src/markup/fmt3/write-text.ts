/**
 * The plain-text writer: what a post says, without markup, for summaries,
 * feed descriptions and search. Also gives attribute values (link targets,
 * alt texts) to the HTML writer.
 */

import type { CommandNode, Document, Inline, Paragraph, SymbolName } from "./ast.js";
import type { Fmt3Writer } from "./writer.js";
import { COMMANDS } from "./commands.js";
import { listingCode } from "./listing-language.js";
import { readListing, type Fmt3WriteOptions } from "./options.js";

export const TEXT_SYMBOLS: Readonly<Record<SymbolName, string>> = {
  ndash: "\u2013",
  mdash: "\u2014",
  lsquo: "\u2018",
  ldquo: "\u201c",
  rsquo: "\u2019",
  rdquo: "\u201d",
  hellip: "\u2026",
  nbsp: "\u00a0",
  cell: " ",
  br: "\n",
};

const ARROWS: Record<string, string> = { leftarrow: "\u2190", rightarrow: "\u2192", leftrightarrow: "\u2194", tm: "\u2122" };

/** Removes HTML tags from raw HTML, keeping its text. */
export function stripTags(html: string): string {
  return html.replace(/<!--[\s\S]*?-->|<[^>]*>/g, "");
}

/**
 * The text of inline nodes on one line: newlines become spaces, commands
 * give their visible text. Used for attribute values.
 */
export function inlineText(nodes: readonly Inline[] | undefined): string {
  if (!nodes) return "";
  let out = "";
  for (const node of nodes) {
    switch (node.type) {
      case "text":
        out += node.value.includes("\n") ? node.value.replaceAll("\n", " ") : node.value;
        break;
      case "symbol":
        out += node.name === "br" ? " " : TEXT_SYMBOLS[node.name];
        break;
      case "math":
        out += node.source.trim();
        break;
      case "verbatim":
        out += stripTags(node.raw);
        break;
      case "listing":
        out += stripTags(listingCode(node).code);
        break;
      case "command":
        out += commandText(node, inlineText);
        break;
      case "special":
        break;
    }
  }
  return out;
}

/** The visible text of a command, its arguments written with `write`. */
function commandText(node: CommandNode, write: (nodes: readonly Inline[] | undefined) => string): string {
  const name = COMMANDS.has(node.name) ? node.name : "";
  switch (name) {
    case "link":
    case "post":
    case "taglink":
    case "wiki":
    case "photolink":
      return write(node.opt ?? node.arg);
    case "img":
    case "photo":
    case "category":
    case "tag":
    case "title":
    case "published":
    case "begin":
    case "end":
    case "listing":
      return "";
    case "degree":
      return "\u00b0" + write(node.arg);
    case "leftarrow":
    case "rightarrow":
    case "leftrightarrow":
    case "tm":
      return ARROWS[name]!;
    case "item":
      return node.opt ? write(node.opt) + " " + write(node.arg) : write(node.arg);
    case "":
      return "";
    default:
      return write(node.arg);
  }
}

export class TextWriter implements Fmt3Writer {
  private out = "";
  private preformatted = 0;

  constructor(private readonly options: Fmt3WriteOptions) {}

  paragraph(p: Paragraph): void {
    this.inlines(p.children);
    this.block();
  }

  /** How much text has been written so far (before the final clean-up). */
  get length(): number {
    return this.out.length;
  }

  finish(): string {
    return this.out
      .split("\n")
      .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
  }

  private block(): void {
    this.out += "\n\n";
  }

  private inlines(nodes: readonly Inline[] | undefined): void {
    if (nodes) for (const node of nodes) this.inline(node);
  }

  private inline(node: Inline): void {
    switch (node.type) {
      case "text":
        this.out += this.preformatted > 0 ? node.value : node.value.replaceAll("\n", " ");
        return;
      case "symbol":
        this.out += TEXT_SYMBOLS[node.name];
        return;
      case "math":
        this.out += node.source.trim();
        return;
      case "verbatim":
        this.block();
        this.out += stripTags(node.raw);
        this.block();
        return;
      case "listing":
        this.preformattedBlock(listingCode(node).code);
        return;
      case "special":
        return;
      case "command":
        this.command(node);
    }
  }

  private preformattedBlock(text: string): void {
    this.block();
    this.out += text.replace(/^\n+|\n+$/g, "");
    this.block();
  }

  private command(node: CommandNode): void {
    switch (node.name) {
      case "section":
      case "subsection":
      case "subsubsection":
        this.block();
        this.inlines(node.arg);
        this.block();
        return;
      case "item":
        this.out += "\n- ";
        if (node.opt) {
          this.inlines(node.opt);
          this.out += ": ";
        }
        this.inlines(node.arg);
        return;
      case "trow":
        this.out += "\n";
        this.inlines(node.arg);
        return;
      case "listing": {
        const listing = readListing(this.options, inlineText(node.arg));
        this.preformattedBlock("text" in listing ? listing.text : listing.error);
        return;
      }
      case "begin":
      case "end": {
        const env = inlineText(node.arg);
        if (env === "texttt") this.preformatted += node.name === "begin" ? 1 : -1;
        this.block();
        return;
      }
    }
    this.out += commandText(node, (nodes) => {
      const before = this.out;
      this.out = "";
      this.inlines(nodes);
      const text = this.out;
      this.out = before;
      return text;
    });
  }
}

/** Plain text of a post body: paragraphs separated by blank lines. */
export function writeText(doc: Document, options: Fmt3WriteOptions = {}): string {
  const writer = new TextWriter(options);
  for (const p of doc.paragraphs) writer.paragraph(p);
  return writer.finish();
}
