/**
 * Reading a WordPress export (WXR 1.0-1.2) as a stream: the XML goes
 * through saxes chunk by chunk and each `<item>` is handed over as raw
 * fields as soon as it closes, so memory holds one item, never the
 * document. Namespaces are recognised by URI, `http` and `https` alike and
 * any export version; an unbound prefix falls back to its usual name.
 * Malformed XML is reported with its line and column and never throws.
 */

import { createReadStream } from "node:fs";
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from "saxes";

/** Namespaces by short name, whatever prefix the file binds them to. */
export type Namespace = "" | "wp" | "content" | "excerpt" | "dc" | "other";

export function namespaceOf(uri: string, prefix: string): Namespace {
  if (uri === "") {
    // An unbound prefix (the export forgot its declarations): trust the usual prefixes.
    if (prefix === "") return "";
    return prefix === "wp" || prefix === "content" || prefix === "excerpt" || prefix === "dc" ? prefix : "other";
  }
  const bare = uri.replace(/^https?:\/\//i, "").replace(/\/?$/, "/").toLowerCase();
  if (/^wordpress\.org\/export\/[0-9.]+\/excerpt\/$/.test(bare)) return "excerpt";
  if (/^wordpress\.org\/export\/[0-9.]+\/$/.test(bare)) return "wp";
  if (bare === "purl.org/rss/1.0/modules/content/") return "content";
  if (bare === "purl.org/dc/elements/1.1/") return "dc";
  return "other";
}

/** A child record of an item or the channel: its leaf fields by `ns:local` (or `local`). */
export type Fields = Map<string, string>;

export interface RawCategory {
  domain: string;
  nicename: string;
  name: string;
}

export interface RawItem {
  /** Line of `<item>` in the export. */
  line: number;
  fields: Fields;
  categories: RawCategory[];
  comments: Fields[];
  postmeta: Fields[];
}

export interface RawChannel {
  fields: Fields;
  /** `wp:author`, `wp:category`, `wp:tag`, `wp:term` records, in order. */
  terms: Array<{ kind: string; line: number; fields: Fields }>;
}

export interface XmlProblem {
  line: number;
  column: number;
  message: string;
}

export interface WxrHandlers {
  item(item: RawItem): void;
  /** Called once, at the end, with the channel's own fields and terms. */
  channel?(channel: RawChannel): void;
  problem(problem: XmlProblem): void;
}

/** A field longer than this is cut and reported: 64 MiB is far past any real post. */
export const MAX_FIELD_CHARS = 64 * 1024 * 1024;
/** After this many XML errors the file is given up on (what follows is likely garbage). */
const MAX_XML_ERRORS = 100;

const CHANNEL_RECORDS = new Set(["wp:author", "wp:category", "wp:tag", "wp:term"]);
const ITEM_RECORDS = new Set(["wp:comment", "wp:postmeta", "wp:commentmeta"]);

interface Open {
  key: string;
  text: string[];
  length: number;
  truncated: boolean;
  hasChildren: boolean;
  attributes: Record<string, SaxesAttributeNS> | undefined;
}

/** A push parser: `write()` chunks, then `close()`. */
export class WxrReader {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly stack: Open[] = [];
  private item: RawItem | undefined;
  /** The record being filled inside an item or the channel (a comment, a term). */
  private record: { fields: Fields; depth: number } | undefined;
  private readonly channel: RawChannel = { fields: new Map(), terms: [] };
  private errors = 0;
  private failed = false;

  constructor(private readonly handlers: WxrHandlers) {
    const p = this.parser;
    p.on("opentag", (tag) => this.openTag(tag as SaxesTagNS));
    p.on("closetag", () => this.closeTag());
    p.on("text", (text) => this.text(text));
    p.on("cdata", (text) => this.text(text));
    p.on("error", (error) => {
      // An unbound prefix is read by its usual name (see namespaceOf): not worth a problem per element.
      if (/unbound namespace prefix/.test(error.message)) return;
      this.errors++;
      this.report(error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ""));
      if (this.errors === MAX_XML_ERRORS) this.giveUp(`${MAX_XML_ERRORS} XML errors: the rest of the file is not read`);
    });
  }

  private report(message: string): void {
    this.handlers.problem({ line: this.parser.line, column: this.parser.column + 1, message });
  }

  private giveUp(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.report(message);
  }

  private keyOf(tag: SaxesTagNS): string {
    const ns = namespaceOf(tag.uri, tag.prefix);
    return ns === "" ? tag.local : ns === "other" ? `${tag.prefix || "?"}:${tag.local}` : `${ns}:${tag.local}`;
  }

  private openTag(tag: SaxesTagNS): void {
    const key = this.keyOf(tag);
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.hasChildren = true;
    const depth = this.stack.length;
    this.stack.push({ key, text: [], length: 0, truncated: false, hasChildren: false, attributes: key === "category" ? tag.attributes : undefined });
    const parentKey = parent?.key;
    if (key === "item" && parentKey === "channel" && !this.item) {
      this.item = { line: this.parser.line, fields: new Map(), categories: [], comments: [], postmeta: [] };
    } else if (this.item && !this.record && ITEM_RECORDS.has(key) && parentKey === "item") {
      this.record = { fields: new Map(), depth };
      if (key === "wp:comment") this.item.comments.push(this.record.fields);
      else if (key === "wp:postmeta") this.item.postmeta.push(this.record.fields);
    } else if (!this.item && !this.record && CHANNEL_RECORDS.has(key) && parentKey === "channel") {
      this.record = { fields: new Map(), depth };
      this.channel.terms.push({ kind: key, line: this.parser.line, fields: this.record.fields });
    }
  }

  private text(text: string): void {
    const top = this.stack[this.stack.length - 1];
    if (!top || top.truncated) return;
    if (top.length + text.length > MAX_FIELD_CHARS) {
      top.truncated = true;
      this.report(`<${top.key}> is longer than ${MAX_FIELD_CHARS} characters: cut there`);
      text = text.slice(0, MAX_FIELD_CHARS - top.length);
    }
    top.text.push(text);
    top.length += text.length;
  }

  private closeTag(): void {
    const closed = this.stack.pop();
    if (!closed) return;
    const depth = this.stack.length;
    const parentKey = this.stack[depth - 1]?.key;
    const value = closed.text.join("");
    if (this.record && depth === this.record.depth) {
      this.record = undefined;
      return;
    }
    if (this.record && depth === this.record.depth + 1) {
      if (!closed.hasChildren) this.record.fields.set(closed.key, value);
      return;
    }
    if (this.item) {
      if (closed.key === "item" && parentKey === "channel") {
        const item = this.item;
        this.item = undefined;
        this.handlers.item(item);
      } else if (parentKey === "item") {
        if (closed.key === "category") {
          const attr = (name: string): string => closed.attributes?.[name]?.value ?? "";
          this.item.categories.push({ domain: attr("domain"), nicename: attr("nicename"), name: value });
        } else if (!closed.hasChildren && !this.item.fields.has(closed.key)) {
          this.item.fields.set(closed.key, value);
        }
      }
      return;
    }
    if (parentKey === "channel" && !closed.hasChildren && !this.channel.fields.has(closed.key)) this.channel.fields.set(closed.key, value);
  }

  write(chunk: string): void {
    if (this.failed) return;
    try {
      this.parser.write(chunk);
    } catch (e) {
      // saxes throws only when a handler does; keep the promise never to throw.
      this.giveUp(`cannot read the XML: ${(e as Error).message}`);
    }
  }

  /** Ends the document; an item cut off by the end of the file is reported. */
  close(): void {
    if (!this.failed) {
      try {
        this.parser.close();
      } catch (e) {
        this.giveUp(`cannot read the XML: ${(e as Error).message}`);
      }
    }
    if (this.item) this.handlers.problem({ line: this.item.line, column: 1, message: "the file ends inside this <item>: it is not imported" });
    this.handlers.channel?.(this.channel);
  }
}

/** Reads a WXR file as a stream, chunk by chunk. */
export async function readWxrFile(path: string, handlers: WxrHandlers): Promise<void> {
  const reader = new WxrReader(handlers);
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 256 * 1024 });
  for await (const chunk of stream) reader.write(chunk as string);
  reader.close();
}

/** Reads a WXR document held in a string (tests, small inputs). */
export function readWxrString(xml: string, handlers: WxrHandlers): void {
  const reader = new WxrReader(handlers);
  reader.write(xml);
  reader.close();
}
