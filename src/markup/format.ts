/**
 * The shape every markup format has: how its post body file is named, what
 * the body says about its post (scanned cheaply at load time), and how it is
 * rendered to HTML and plain text. ./formats.ts lists the formats.
 */

import type { Diagnostic } from "../diagnostics.js";
import type { BodyMeta } from "./body-meta.js";
import type { BaseUrls, HeadingLevel, ListingResult } from "./fmt3/options.js";

export type FormatId = "fmt3" | "markdown" | "html";

/** What a render may need from outside, passed in so that formats stay pure. */
export interface RenderContext {
  urls?: BaseUrls;
  /** The post id (or directory name), for messages and ids unique on a page. */
  postId?: string | number;
  /**
   * Put before the ids the body makes (Markdown's heading ids) when several posts share the
   * page (a listing), so that two posts' "Introduction" do not clash; absent on the post's own
   * page, whose anchors stay plain.
   */
  idPrefix?: string;
  /**
   * Ids the page around the body uses (its theme's): the ids the body makes (Markdown's
   * heading ids) are never one of them. `*` in an entry stands for a run of digits
   * (`comment-*`: every comment's anchor).
   */
  reservedIds?: readonly string[];
  /** Reads a file of the post's directory (fmt3's `\listing{}`). */
  readListing?: (name: string) => ListingResult;
  /** fmt3's HTML: clean HTML5 or blahgd's exact bytes. */
  fmt3Html?: "html" | "blahgd";
  /**
   * The heading level of the post title on the page; body headings start
   * one below. Absent: fmt3 keeps blahgd's levels (as under an h2), Markdown
   * keeps the levels as written (`#` is h1).
   */
  titleLevel?: HeadingLevel;
  /** Markdown: typographic quotes and dashes. */
  typographer?: boolean;
  /** Markdown: autolink literals (bare URLs become links). */
  linkify?: boolean;
}

/** A place a body is shown at: the level of the post title there, and the prefix of the body's ids. */
export type TitlePlace = Required<Pick<RenderContext, "titleLevel">> & Pick<RenderContext, "idPrefix">;

export interface RenderWanted {
  html: boolean;
  text: boolean;
  /** Characters of text enough for the caller (a summary); more may come. */
  textLimit?: number;
  /**
   * With `html`: the HTML for each of these places (FormatRender.htmlAt, in this order) from
   * one parse, instead of `html` at the context's titleLevel and idPrefix, which are ignored.
   * Each is byte for byte what a render at that place alone gives.
   */
  places?: readonly TitlePlace[];
}

export interface FormatRender {
  /** Present when asked for (without `places`) and the body is usable. */
  html?: string;
  /** The HTML at each of RenderWanted.places, when asked for and the body is usable. */
  htmlAt?: string[];
  text?: string;
  diagnostics: Diagnostic[];
  /** False when the body has an error that makes it unusable. */
  ok: boolean;
}

export interface ScannedMeta {
  meta: BodyMeta;
  diagnostics: Diagnostic[];
  /** False when the body is unusable (a broken front matter): the post is skipped. */
  ok: boolean;
}

export interface MarkupFormat {
  id: FormatId;
  /** Shown to people: "fmt3", "Markdown". */
  name: string;
  /** File name extensions, with the dot, that `blahg render` takes for this format. */
  extensions: readonly string[];
  /** The body file's name in a post directory. */
  bodyFile: string;
  /** Whether a post needs post.lisp beside its body (Markdown's front matter can stand alone). */
  needsPostLisp: boolean;
  /**
   * Whether all that can make a body unusable is found by scanMeta (a broken
   * front matter): then a post that loaded needs no parse to be known usable,
   * and what else check reports (warnings) its renders report too.
   */
  unusableOnlyByScan: boolean;
  /** The body's metadata, without rendering it; `bytes` is the raw file. */
  scanMeta(bytes: Buffer): ScannedMeta;
  /** Whether the body is usable, with what is wrong in it beyond what scanMeta reports. */
  check(source: string, context: RenderContext): { ok: boolean; diagnostics: Diagnostic[] };
  /**
   * Renders a body whose scanMeta was ok (the loader skips the others, and
   * `blahg render` refuses them): the metadata is not read again.
   */
  render(source: string, context: RenderContext, wanted: RenderWanted): FormatRender;
  /** Files of the post directory the body names (fmt3's `\listing{}`), with their places, for lint. */
  namedFiles?(source: string): NamedFile[];
}

export interface NamedFile {
  name: string;
  /** How the body names it, for messages: `\listing{a.c}`. */
  as: string;
  line: number;
  column: number;
}
