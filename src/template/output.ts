/**
 * What a template set writes (an HTML page or an XML feed) and how a value
 * is printed into it: text escaped for that output, HTML as is. The choice
 * is made once per set at compile time, so a print is one call.
 */

import { escapeHtml, escapeXml, htmlForXml } from "../text/escape.js";

/** `html` for pages; `xml` for the Atom and RSS feeds. */
export type OutputKind = "html" | "xml";

/** How the two kinds of strings are printed into one kind of output. */
export interface Printer {
  readonly kind: OutputKind;
  /** Text (a title, a name, a URL): escaped, so it shows as written and never as markup. */
  readonly text: (s: string) => string;
  /** HTML (a body) or what `escape` made: as is, minus what the output cannot hold. */
  readonly html: (s: string) => string;
}

/** The identity: how HTML goes into a page, and how inert text (URL-escaped, dates) goes anywhere. */
export function asIs(s: string): string {
  return s;
}

const PRINTERS: Readonly<Record<OutputKind, Printer>> = {
  html: { kind: "html", text: escapeHtml, html: asIs },
  // XML 1.0 forbids some characters outright (no escape carries them), so both kinds lose them.
  xml: { kind: "xml", text: escapeXml, html: htmlForXml },
};

export function printerFor(kind: OutputKind): Printer {
  return PRINTERS[kind];
}

/** The output of a template set in format `format` (`html`, `atom`, `rss2`); unlabelled sets write HTML. */
export function outputKindOf(format: string | undefined): OutputKind {
  return format === "atom" || format === "rss2" ? "xml" : "html";
}
