/**
 * Post bodies, read from post.tex or post.md and rendered (by their format
 * in the markup registry) when a page first needs them, then kept in a
 * cache bounded by size (a blog of 10,000 posts does not fit in memory as
 * HTML, and most pages are never asked for). A body that stops parsing
 * after an edit keeps its last good rendering.
 */

import { readFileSync } from "node:fs";
import type { Diagnostic } from "../diagnostics.js";
import { formatById, type BaseUrls, type RenderContext } from "../markup/formats.js";
import { readListingFile } from "./listing-files.js";
import type { Comment, Post } from "./model.js";

export interface RenderedBody {
  html: string;
  /** The start of the body as plain text, for descriptions and feeds. */
  summary: string;
}

export interface BodyStoreOptions {
  /** fmt3 bodies as clean HTML5 or blahgd's exact HTML. */
  markup: "html" | "blahgd";
  urls: BaseUrls;
  /** Markdown: typographic quotes and dashes (config `markdown-typographer`). */
  markdownTypographer?: boolean;
  /** Markdown: bare URLs become links (config `markdown-linkify`). */
  markdownLinkify?: boolean;
  /** Cache budget in UTF-16 code units of HTML (default 8 Mi: 8 to 16 MB). */
  cacheSize?: number;
  /** Length of summaries in characters. */
  summaryLength?: number;
  /** Gets every problem found while rendering (syntax errors, unreadable files). */
  onProblem?: (d: Diagnostic) => void;
}

/** blahgd's words when a comment's text cannot be read. */
export const COMMENT_TEXT_ERROR = "Error: could not load comment text.";

/** Whether a body parses (without writing it), with what is wrong when it does not. */
export function checkBody(post: Pick<Post, "bodyPath" | "format">): { ok: boolean; diagnostics: Diagnostic[] } {
  const { bodyPath } = post;
  let source: string;
  try {
    source = readFileSync(bodyPath, "utf8");
  } catch (e) {
    const message = `cannot read the post body: ${(e as NodeJS.ErrnoException).code ?? e}`;
    return { ok: false, diagnostics: [{ file: bodyPath, line: 1, column: 1, severity: "error", code: "content/unreadable", message }] };
  }
  const { ok, diagnostics } = formatById(post.format).check(source, {});
  return { ok, diagnostics: diagnostics.map((d) => ({ ...d, file: bodyPath })) };
}

/** Cuts plain text at a word boundary near `length`, adding an ellipsis. */
export function summarize(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= length) return flat;
  const cut = flat.lastIndexOf(" ", length);
  return flat.slice(0, cut > length / 2 ? cut : length).replace(/[\s,.;:!?-]+$/, "") + "\u2026";
}

export class BodyStore {
  private readonly cache = new Map<number, RenderedBody>();
  private cached = 0;
  /** Bodies whose file broke after they rendered fine: served until fixed. */
  private readonly lastGood = new Map<number, RenderedBody>();

  constructor(private readonly options: BodyStoreOptions) {}

  /** The rendered body, or undefined when it has never rendered (its problems go to onProblem). */
  body(post: Post): RenderedBody | undefined {
    const hit = this.cache.get(post.id);
    if (hit) {
      // Map order is insertion order: re-inserting makes this the most recent.
      this.cache.delete(post.id);
      this.cache.set(post.id, hit);
      return hit;
    }
    const rendered = this.render(post);
    if (!rendered) return this.lastGood.get(post.id);
    this.lastGood.delete(post.id);
    this.remember(post.id, rendered);
    return rendered;
  }

  /** Renders a body from disk without caching it; undefined on a syntax error. */
  render(post: Post): RenderedBody | undefined {
    let source: string;
    try {
      source = readFileSync(post.bodyPath, "utf8");
    } catch (e) {
      this.problem(post.bodyPath, "content/unreadable", `cannot read the post body: ${(e as NodeJS.ErrnoException).code ?? e}`);
      return undefined;
    }
    const context: RenderContext = {
      urls: this.options.urls,
      postId: post.id,
      readListing: (name) => readListingFile(post.dir, name),
      fmt3Html: this.options.markup,
      // The body sits under the post's title (an h1 on its own page).
      titleLevel: 1,
    };
    if (this.options.markdownTypographer !== undefined) context.typographer = this.options.markdownTypographer;
    if (this.options.markdownLinkify !== undefined) context.linkify = this.options.markdownLinkify;
    const summaryLength = this.options.summaryLength ?? 300;
    // Only the start of the text is needed for the summary, and none when the author wrote one.
    const result = formatById(post.format).render(source, context, { html: true, text: post.summary === undefined, textLimit: summaryLength });
    for (const d of result.diagnostics) this.options.onProblem?.({ ...d, file: post.bodyPath });
    if (!result.ok || result.html === undefined) return undefined;
    return { html: result.html, summary: post.summary ?? summarize(result.text ?? "", summaryLength) };
  }

  /** The raw text of a comment (HTML written by the moderator), or blahgd's error string. */
  commentText(comment: Comment): string {
    try {
      return readFileSync(comment.textPath, "utf8");
    } catch (e) {
      this.problem(comment.textPath, "content/unreadable", `cannot read the comment text: ${(e as NodeJS.ErrnoException).code ?? e}`);
      return COMMENT_TEXT_ERROR;
    }
  }

  /**
   * Drops a post's cached body after its files changed. The old rendering
   * stays available as the last good one until the new one renders.
   */
  forget(postId: number): void {
    const old = this.cache.get(postId);
    if (!old) return;
    this.cache.delete(postId);
    this.cached -= old.html.length;
    this.lastGood.set(postId, old);
  }

  /** Forgets a deleted post completely. */
  remove(postId: number): void {
    this.forget(postId);
    this.lastGood.delete(postId);
  }

  private remember(id: number, body: RenderedBody): void {
    const budget = this.options.cacheSize ?? 8 * 1024 * 1024;
    this.cache.set(id, body);
    this.cached += body.html.length;
    for (const [oldest, old] of this.cache) {
      if (this.cached <= budget || oldest === id) break;
      this.cache.delete(oldest);
      this.cached -= old.html.length;
    }
  }

  private problem(file: string, code: string, message: string): void {
    this.options.onProblem?.({ file, line: 1, column: 1, severity: "error", code, message });
  }
}
