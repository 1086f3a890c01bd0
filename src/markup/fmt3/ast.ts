/**
 * The fmt3 syntax tree. It mirrors the source: a document is a list of
 * paragraphs, a paragraph a list of inline nodes. Environments stay flat
 * `\begin`/`\end` commands, exactly as blahgd treats them; the HTML writer is
 * the one that turns them into nested blocks.
 */

import type { MathError, MathNode } from "./math.js";

/** Typographic symbols produced by the character rules of the markup. */
export type SymbolName =
  | "ndash" // --
  | "mdash" // ---
  | "lsquo" // `
  | "ldquo" // ``
  | "rsquo" // '
  | "rdquo" // ''
  | "hellip" // ...
  | "nbsp" // ~
  | "cell" // & (a table cell separator, everywhere)
  | "br"; // \\

/** Metadata commands read raw by blahgd's lexer (spec 5.6). */
export type SpecialName = "title" | "published" | "tag" | "twitterimg" | "twitterphoto";

/** Bits of TextNode.flags: what writers must do with the text, found while it was read. */
export const HAS_NEWLINE = 1;
export const NEEDS_ESCAPE = 2;

export interface TextNode {
  type: "text";
  /** Literal characters; may contain single `\n`s (a newline is a space outside a texttt environment). */
  value: string;
  /** HAS_NEWLINE and NEEDS_ESCAPE, so writers need not search every text again. */
  flags: number;
  pos: number;
}

export interface SymbolNode {
  type: "symbol";
  name: SymbolName;
  pos: number;
}

export interface CommandNode {
  type: "command";
  name: string;
  /** The `[...]` argument, when given. */
  opt: Inline[] | undefined;
  /** The `{...}` argument, when given. */
  arg: Inline[] | undefined;
  pos: number;
}

/**
 * `$...$`, or `$$...$$` for display math. Every formula keeps its TeX source:
 * html mode renders it with the full TeX converter, blahgd mode writes `expr`
 * exactly as blahgd does when blahgd's small grammar accepts it.
 */
export interface MathInline {
  type: "math";
  /** blahgd's reading of the formula; undefined when blahgd's grammar rejects it. */
  expr: MathNode | undefined;
  /** Why blahgd's grammar rejects it (offset into `source`), when it does. */
  blahgdError?: MathError;
  /** The TeX source between the dollars. */
  source: string;
  /** Offset of the source's first character in the body (after the dollars). */
  sourcePos: number;
  display: boolean;
  pos: number;
}

/** `\begin{verbatim}...\end{verbatim}`: raw HTML passed through. */
export interface VerbatimNode {
  type: "verbatim";
  raw: string;
  pos: number;
}

/**
 * `\begin{listing}...\end{listing}`: preformatted text, escaped. blahg reads
 * `\begin{listing}[c]` as a language hint: `hint` is the name and the length
 * of `[c]` in `raw`; a writer that knows the language drops those characters
 * (blahgd mode always keeps `raw` whole).
 */
export interface ListingNode {
  type: "listing";
  raw: string;
  hint?: { language: string; length: number };
  pos: number;
}

export interface SpecialNode {
  type: "special";
  name: SpecialName;
  value: string;
  pos: number;
}

export type Inline =
  | TextNode
  | SymbolNode
  | CommandNode
  | MathInline
  | VerbatimNode
  | ListingNode
  | SpecialNode;

export interface Paragraph {
  children: Inline[];
  pos: number;
}

/** What the special commands of a body say about its post. */
export interface SpecialMeta {
  /** Last `\title{}`. */
  title?: string;
  /** Last `\published{}`, raw. */
  published?: string;
  /** Every `\tag{}`, in source order. */
  tags: string[];
  /** Last `\twitterimg{}` or `\twitterphoto{}`. */
  twitterImage?: { kind: "url" | "photo"; value: string };
}

export interface Document {
  paragraphs: Paragraph[];
  meta: SpecialMeta;
}
