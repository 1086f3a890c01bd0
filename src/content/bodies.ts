/**
 * Post bodies, read from post.tex or post.md and rendered by their format
 * (the markup registry) when a page first needs them, then kept in a cache bounded by size (a blog of 10,000 posts does
 * not fit in memory as HTML, and most pages are never asked for). A body
 * that stops parsing after an edit keeps its last good rendering.
 * The page says at which heading level it puts the post's title, and the
 * body's headings go below it: a post is cached once per level it was shown
 * at (its own page and the listings: two in the default theme), within the
 * same budget, and leaves the cache with all its levels. blahgd markup keeps
 * blahgd's levels.
 * Bodies above INLINE_RENDER_LIMIT are rendered aside (in a worker thread),
 * so one huge post never stalls the requests for others.
 */

import type { Diagnostic } from "../diagnostics.js";
import { formatById, type BaseUrls, type HeadingLevel, type RenderContext, type TitlePlace } from "../markup/formats.js";
import { readListingFile } from "./listing-files.js";
import type { Comment, Post } from "./model.js";
import { commentTextPath } from "./post-paths.js";
import { decodeText, readErrorText, readRegularFile, readTextFile } from "./read-regular-file.js";

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
  /**
   * On a miss for a post's own page (title level 1) or a listing (2), render both from one parse
   * and cache both: for the build, which shows every post at both. fmt3's blahgd markup has one
   * rendering for all levels and ignores this.
   */
  renderBothLevels?: boolean;
  /** The theme's ids (TemplateSet.idsInUse), which the ids bodies make must avoid; see also BodyStore.reserveIds. */
  reservedIds?: readonly string[];
  /** Cache budget in UTF-16 code units of HTML (default 8 Mi: 8 to 16 MB). */
  cacheSize?: number;
  /** Length of summaries in characters. */
  summaryLength?: number;
  /** `max-post-size`: larger bodies, listings and comment texts are refused (default: no limit). */
  maxPostSize?: number;
  /** Gets every problem found while rendering (syntax errors, unreadable files). */
  onProblem?: (d: Diagnostic) => void;
  /** Renders a big body off the request path; without it, big bodies render inline too. */
  renderAside?: (post: Post, titleLevel: HeadingLevel | undefined) => Promise<{ body?: RenderedBody | undefined; diagnostics: Diagnostic[] }>;
  /** Told when a body rendered aside is ready: pages showing it must be rendered again. */
  onRenderedAside?: (postId: number) => void;
}

/** Bodies larger than this (bytes of post.tex) render aside: 256 KiB of fmt3 take some 50 ms, 4 MiB most of a second. */
export const INLINE_RENDER_LIMIT = 256 * 1024;

/** What a page shows for a big body while it is being rendered aside, the first time only. */
export const BODY_BEING_PREPARED: RenderedBody = { html: "<p><em>This post is being prepared; reload the page in a moment.</em></p>", summary: "" };

/** blahgd's words when a comment's text cannot be read. */
export const COMMENT_TEXT_ERROR = "Error: could not load comment text.";

export interface BodyCheck {
  ok: boolean;
  diagnostics: Diagnostic[];
}

/** Whether a body parses (without writing it), with what is wrong when it does not. */
export function checkBody(post: Pick<Post, "bodyPath" | "format">, maxPostSize?: number): BodyCheck {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(post.bodyPath, { maxSize: maxPostSize, limitName: "max-post-size" });
  } catch (e) {
    const message = `cannot read the post body: ${readErrorText(e)}`;
    return { ok: false, diagnostics: [{ file: post.bodyPath, line: 1, column: 1, severity: "error", code: "content/unreadable", message }] };
  }
  return checkBodyBytes(post, bytes, true);
}

/**
 * Checks a body already read. `full` false is for a body its loader has just
 * scanned: a format whose bodies are unusable only by what the scan finds
 * (Markdown's front matter) is not parsed again, only its UTF-8 checked.
 */
export function checkBodyBytes(post: Pick<Post, "bodyPath" | "format">, bytes: Uint8Array, full: boolean): BodyCheck {
  const problems: Diagnostic[] = [];
  const source = decodeText(bytes, post.bodyPath, problems);
  const format = formatById(post.format);
  if (!full && format.unusableOnlyByScan) return { ok: true, diagnostics: problems };
  const { ok, diagnostics } = format.check(source, {});
  return { ok, diagnostics: [...problems, ...diagnostics.map((d) => ({ ...d, file: post.bodyPath }))] };
}

/** Cuts plain text at a word boundary near `length`, adding an ellipsis. */
export function summarize(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= length) return flat;
  const cut = flat.lastIndexOf(" ", length);
  return flat.slice(0, cut > length / 2 ? cut : length).replace(/[\s,.;:!?-]+$/, "") + "\u2026";
}

/** A post's renderings, indexed by title level (see BodyStore.slotFor). */
type Renderings = Array<RenderedBody | undefined>;

function size(renderings: Renderings): number {
  let chars = 0;
  for (const body of renderings) chars += body?.html.length ?? 0;
  return chars;
}

export class BodyStore {
  private readonly cache = new Map<number, Renderings>();
  private cached = 0;
  /** Bodies whose file broke after they rendered fine: served until fixed. */
  private readonly lastGood = new Map<number, Renderings>();
  /** Big bodies being rendered aside (keyed by post and level), with the generation of the post they render. */
  private readonly aside = new Map<number, number>();
  /** Bumped when a post's files change, so a render aside of the old files is dropped. */
  private readonly generations = new Map<number, number>();

  private reservedIds: readonly string[];

  constructor(private readonly options: BodyStoreOptions) {
    this.reservedIds = options.reservedIds ?? [];
  }

  /** The theme changed its ids: bodies rendered for the old ones are rendered again when next shown. */
  reserveIds(ids: readonly string[]): void {
    if (ids.length === this.reservedIds.length && ids.every((id, i) => id === this.reservedIds[i])) return;
    this.reservedIds = ids;
    for (const id of [...this.cache.keys()]) this.forget(id);
  }

  /** The ids bodies must not make (see BodyStoreOptions.reservedIds). */
  get idsReserved(): readonly string[] {
    return this.reservedIds;
  }

  /**
   * The rendered body for a page that shows the post's title as a heading of
   * level `titleLevel`, or undefined when it has never rendered (its problems
   * go to onProblem).
   */
  body(post: Post, titleLevel?: HeadingLevel): RenderedBody | undefined {
    const slot = this.slotFor(titleLevel);
    const renderings = this.cache.get(post.id);
    const hit = renderings?.[slot];
    if (renderings && hit) {
      // Map order is insertion order: re-inserting makes this the most recent.
      this.cache.delete(post.id);
      this.cache.set(post.id, renderings);
      return hit;
    }
    if (post.bodySize > INLINE_RENDER_LIMIT && this.options.renderAside) return this.renderAside(post, slot, titleLevel);
    // With renderBothLevels, the other of levels 1 and 2 too, unless it is cached already.
    const both = this.options.renderBothLevels && this.options.markup === "html" && (slot === 1 || slot === 2);
    const slots: HeadingLevel[] = both ? ([1, 2] as const).filter((s) => s === slot || !renderings?.[s]) : [slot];
    const rendered = this.renderAt(post, slots);
    if (!rendered) return this.lastGood.get(post.id)?.[slot];
    this.lastGood.delete(post.id);
    slots.forEach((s, i) => this.remember(post.id, s, rendered[i]!));
    return rendered[slots.indexOf(slot)];
  }

  /** Starts rendering a big body aside (once per level); meanwhile its last good rendering, or BODY_BEING_PREPARED. */
  private renderAside(post: Post, slot: number, titleLevel: HeadingLevel | undefined): RenderedBody {
    const id = post.id;
    const key = id * 8 + slot;
    if (!this.aside.has(key)) {
      const generation = this.generations.get(id) ?? 0;
      this.aside.set(key, generation);
      const done = (body: RenderedBody | undefined, diagnostics: readonly Diagnostic[]): void => {
        this.aside.delete(key);
        for (const d of diagnostics) this.options.onProblem?.(d);
        if ((this.generations.get(id) ?? 0) !== generation) return this.options.onRenderedAside?.(id);
        if (body) {
          this.lastGood.delete(id);
          this.remember(id, slot, body);
        }
        this.options.onRenderedAside?.(id);
      };
      this.options.renderAside!(post, this.levelFor(titleLevel)).then(
        ({ body, diagnostics }) => done(body, diagnostics),
        (e: unknown) => done(undefined, [{ file: post.bodyPath, line: 1, column: 1, severity: "error", code: "content/render-failed", message: `rendering failed: ${e}` }]),
      );
    }
    return this.lastGood.get(id)?.[slot] ?? BODY_BEING_PREPARED;
  }

  /** Renders a body from disk without caching it; undefined on a syntax error. */
  render(post: Post, titleLevel?: HeadingLevel): RenderedBody | undefined {
    return this.renderAt(post, [this.slotFor(titleLevel)])?.[0];
  }

  /** Renders a body once for each slot (parsed once, its summary made once), without caching it. */
  private renderAt(post: Post, slots: readonly HeadingLevel[]): RenderedBody[] | undefined {
    let source: string;
    try {
      // Invalid UTF-8 is reported by checkBody at load and reload, not at every render.
      source = this.readBody(post);
    } catch (e) {
      this.problem(post.bodyPath, "content/unreadable", `cannot read the post body: ${readErrorText(e)}`);
      return undefined;
    }
    const context: RenderContext = {
      urls: this.options.urls,
      postId: post.id,
      readListing: (name) => readListingFile(post.dir, name, this.options.maxPostSize),
      fmt3Html: this.options.markup,
      reservedIds: this.reservedIds,
    };
    // Only on its own page (title level 1) is a post alone: elsewhere its ids carry its id.
    const places: TitlePlace[] = slots.map((titleLevel) => (titleLevel === 1 ? { titleLevel } : { titleLevel, idPrefix: `post-${post.id}-` }));
    if (this.options.markdownTypographer !== undefined) context.typographer = this.options.markdownTypographer;
    if (this.options.markdownLinkify !== undefined) context.linkify = this.options.markdownLinkify;
    const summaryLength = this.options.summaryLength ?? 300;
    // Only the start of the text is needed for the summary, and none when the author wrote one.
    const result = formatById(post.format).render(source, context, { html: true, text: post.summary === undefined, textLimit: summaryLength, places });
    for (const d of result.diagnostics) this.options.onProblem?.({ ...d, file: post.bodyPath });
    if (!result.ok || result.htmlAt === undefined) return undefined;
    const summary = post.summary ?? summarize(result.text ?? "", summaryLength);
    return result.htmlAt.map((html) => ({ html, summary }));
  }

  /** The whole body as plain text (for search), rendered from disk without caching; undefined when it cannot be read or parsed. */
  plainText(post: Post): string | undefined {
    let source: string;
    try {
      source = this.readBody(post);
    } catch {
      return undefined;
    }
    const context: RenderContext = { urls: this.options.urls, postId: post.id, readListing: (name) => readListingFile(post.dir, name, this.options.maxPostSize) };
    const result = formatById(post.format).render(source, context, { html: false, text: true });
    return result.ok ? result.text : undefined;
  }

  private readBody(post: Post): string {
    return readTextFile(post.bodyPath, [], { maxSize: this.options.maxPostSize, limitName: "max-post-size" });
  }

  /** The raw text of a comment (HTML written by the moderator), or blahgd's error string. */
  commentText(post: Pick<Post, "dir">, comment: Comment): string {
    const path = commentTextPath(post, comment);
    try {
      return readTextFile(path, [], { maxSize: this.options.maxPostSize, limitName: "max-post-size" });
    } catch (e) {
      this.problem(path, "content/unreadable", `cannot read the comment text: ${readErrorText(e)}`);
      return COMMENT_TEXT_ERROR;
    }
  }

  /**
   * Drops a post's cached body after its files changed. The old rendering
   * stays available as the last good one until the new one renders.
   */
  forget(postId: number): void {
    this.generations.set(postId, (this.generations.get(postId) ?? 0) + 1);
    const old = this.cache.get(postId);
    if (!old) return;
    this.cache.delete(postId);
    this.cached -= size(old);
    this.lastGood.set(postId, old);
  }

  /** Forgets a deleted post completely. */
  remove(postId: number): void {
    this.forget(postId);
    this.lastGood.delete(postId);
  }

  /** blahgd markup is blahgd's bytes, whatever the page: one rendering serves every level. */
  private levelFor(titleLevel: HeadingLevel | undefined): HeadingLevel | undefined {
    return this.options.markup === "blahgd" ? undefined : titleLevel;
  }

  /**
   * The level a body is rendered (and cached) at. Without a level from the
   * page (feeds), the title counts as an h2, blahgd's levels: the same bytes
   * as a listing's h2, so both share one rendering.
   */
  private slotFor(titleLevel: HeadingLevel | undefined): HeadingLevel {
    return this.levelFor(titleLevel) ?? 2;
  }

  private remember(id: number, slot: number, body: RenderedBody): void {
    const budget = this.options.cacheSize ?? 8 * 1024 * 1024;
    const renderings = this.cache.get(id) ?? [];
    this.cache.delete(id);
    this.cached += body.html.length - (renderings[slot]?.html.length ?? 0);
    renderings[slot] = body;
    this.cache.set(id, renderings);
    for (const [oldest, old] of this.cache) {
      if (this.cached <= budget || oldest === id) break;
      this.cache.delete(oldest);
      this.cached -= size(old);
    }
  }

  private problem(file: string, code: string, message: string): void {
    this.options.onProblem?.({ file, line: 1, column: 1, severity: "error", code, message });
  }
}
