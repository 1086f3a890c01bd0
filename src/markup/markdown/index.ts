/**
 * Markdown posts: front matter, then CommonMark (markdown-it, spec 0.31.2)
 * with GitHub's tables, strikethrough, task lists and footnotes, optional
 * autolink literals, TeX math, highlighted fenced code and heading ids. Raw
 * HTML passes through, as fmt3's verbatim does: the post is the author's.
 */

import { createRequire } from "node:module";
import type markdownItType from "markdown-it";
import type { Env, MarkdownIt } from "markdown-it";
import type footnoteType from "markdown-it-footnote";
import type { Diagnostic } from "../../diagnostics.js";
import { installFastBlock } from "./fast-block.js";
import { installFastInline } from "./fast-inline.js";
import { installFastLinks } from "./fast-links.js";
import { installFastTokens } from "./fast-tokens.js";
import { keyboardScrollPlugin } from "./keyboard-scroll.js";
import { skipFrontMatter } from "./front-matter.js";
import { fenceMemoPlugin, type FenceMemoEnv } from "./fence-memo.js";
import { headingPlugin, placeHeadings, type HeadingEnv } from "./heading-ids.js";
import { mathPlugin, type MathEnv, type MathRenderer } from "./math-syntax.js";
import { plainText } from "./plain-text.js";
import { tableHeadersPlugin } from "./table-headers.js";
import { taskListPlugin } from "./task-lists.js";

export { readFrontMatter, skipFrontMatter, FRONT_MATTER_KEYS } from "./front-matter.js";

export interface MarkdownOptions {
  /** The level of the post title on the page (1 on a story page); `#` is one below it. Default 0: levels as written. */
  titleLevel?: number;
  /** Typographic quotes and dashes (markdown-it's typographer); off keeps CommonMark's output. */
  typographer?: boolean;
  /** GitHub-style autolink literals (bare URLs become links); off by default, as CommonMark has none. */
  linkify?: boolean;
  /** Prefix for footnote ids, so that several posts on one page do not clash. */
  docId?: string;
  /** Put before heading ids (see RenderContext.idPrefix). */
  idPrefix?: string;
  /** Ids heading ids must not take (see RenderContext.reservedIds). */
  reservedIds?: readonly string[];
}

/** Where a rendering shows the body: the level of the post title and the prefix of heading ids (see MarkdownOptions). */
export interface MarkdownPlace {
  titleLevel: number;
  idPrefix?: string | undefined;
}

export interface MarkdownRenderers {
  math: MathRenderer;
  highlight: (code: string, language: string | undefined) => { html: string };
}

export interface MarkdownResult {
  html: string;
  text: string;
  /** Problems of the body (math errors). */
  diagnostics: Diagnostic[];
}

/**
 * markdown-it and its footnotes, loaded when the first parser is made: a
 * start-up that renders nothing (posts from the snapshot) need not load them.
 * Their CommonJS builds load synchronously.
 */
function markdownModules(): { markdownIt: typeof markdownItType; footnote: typeof footnoteType } {
  const require = createRequire(import.meta.url);
  return { markdownIt: require("markdown-it") as typeof markdownItType, footnote: require("markdown-it-footnote") as typeof footnoteType };
}

function createParser(options: MarkdownOptions, renderers: MarkdownRenderers): MarkdownIt {
  const { markdownIt, footnote } = markdownModules();
  const md = new markdownIt("default", {
    html: true,
    linkify: options.linkify ?? false,
    typographer: options.typographer ?? false,
    highlight: (code, language) => renderers.highlight(code, language.trim() === "" ? undefined : language.trim()).html,
  });
  installFastTokens(md);
  installFastBlock(md);
  installFastInline(md);
  installFastLinks(md);
  md.use(footnote);
  md.use(taskListPlugin);
  md.use(keyboardScrollPlugin);
  md.use(tableHeadersPlugin);
  md.use((m: MarkdownIt) => mathPlugin(m, renderers.math));
  md.use(headingPlugin);
  md.use(fenceMemoPlugin);
  return md;
}

/** Parsers are costly to set up and stateless between renders: one per set of options (the title level is not one: see placeHeadings). */
const parsers = new WeakMap<MarkdownRenderers, Map<string, MarkdownIt>>();

function parserFor(options: MarkdownOptions, renderers: MarkdownRenderers): MarkdownIt {
  const key = `${options.typographer ?? false}/${options.linkify ?? false}`;
  let byOptions = parsers.get(renderers);
  if (!byOptions) parsers.set(renderers, (byOptions = new Map()));
  let md = byOptions.get(key);
  if (!md) byOptions.set(key, (md = createParser(options, renderers)));
  return md;
}

/**
 * Renders a post.md, its front matter skipped unread (readFrontMatter
 * reads it); `textLimit` bounds the plain text to what a summary needs, and
 * `html` false skips writing HTML (math is still rendered, for its errors).
 */
export function renderMarkdown(source: string, options: MarkdownOptions, renderers: MarkdownRenderers, textLimit = Infinity, html = true): MarkdownResult {
  const place: MarkdownPlace = { titleLevel: options.titleLevel ?? 0, idPrefix: options.idPrefix };
  const { htmlAt, text, diagnostics } = renderMarkdownAt(source, options, renderers, html ? [place] : [], textLimit);
  return { html: htmlAt[0] ?? "", text, diagnostics };
}

/**
 * Parses a post.md once and writes its HTML at each place (in order): the
 * parse, math and highlighted code are done once, and each HTML is what
 * renderMarkdown at that place alone gives. `options.titleLevel` and
 * `options.idPrefix` are not used.
 */
export function renderMarkdownAt(source: string, options: MarkdownOptions, renderers: MarkdownRenderers, places: readonly MarkdownPlace[], textLimit = Infinity): Omit<MarkdownResult, "html"> & { htmlAt: string[] } {
  const md = parserFor(options, renderers);
  const env: Env & MathEnv & FenceMemoEnv & HeadingEnv = { diagnostics: [] };
  if (options.docId !== undefined) env.docId = options.docId;
  if (options.reservedIds !== undefined) env.reservedIds = options.reservedIds;
  const tokens = md.parse(skipFrontMatter(source), env);
  if (places.length > 1) env.fenceHtml = new Map();
  const htmlAt = places.map((place) => {
    placeHeadings(tokens, place.titleLevel, place.idPrefix);
    return md.renderer.render(tokens, md.options, env);
  });
  return { htmlAt, text: plainText(tokens, textLimit), diagnostics: env.diagnostics };
}
