/**
 * Headings get ids for deep links (the slug of their text, unique within
 * the post and never one the page around it uses, after an `idPrefix` when
 * several posts share the page) and sit below the post's title: with
 * `titleLevel` 1 (a story page) `#` becomes h2; levels are capped at h6.
 * The parse finds each heading's level and anchor once (headingPlugin);
 * placeHeadings then sets tags and ids for one place, and points the body's
 * own `#anchor` links at them, so one parse can be written at several title
 * levels.
 */

import type { MarkdownIt, StateCore, Token } from "markdown-it";

/** What the parse leaves on a heading's tokens (markdown-it gives them no meta of their own). */
type HeadingMeta = {
  /** The level as written: 1 for `#`. */
  written: number;
  /** The id without prefix, on heading_open only. */
  anchor?: string;
};

/**
 * A heading's anchor as GitHub makes it: punctuation dropped, spaces made `-`
 * (post slugs in ../../text/slug.ts follow WordPress instead: punctuation separates words).
 */
function headingAnchor(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .trim()
    .replace(/\s+/g, "-");
}

function inlineText(tokens: readonly Token[] | null): string {
  let text = "";
  for (const t of tokens ?? []) {
    if (t.type === "text" || t.type === "code_inline" || t.type === "math_inline") text += t.content;
    else if (t.type === "image") text += inlineText(t.children);
  }
  return text;
}

/** What a render's env may say about the page around the body. */
export interface HeadingEnv {
  /** Ids the page uses (see RenderContext.reservedIds): a heading takes none of them. */
  reservedIds?: readonly string[];
}

/** Tries before a heading keeps an id a pattern reserves anyway: a bound, since patterns of digits can match every suffix. */
const MAX_SUFFIX = 1000;

const NOTHING_RESERVED = (): boolean => false;

/** Matchers by list: a theme's list is the same array for every body, so its patterns compile once. */
const matchers = new WeakMap<readonly string[], (id: string) => boolean>();

/** Whether `id` is one of `reserved` (`*` in an entry stands for a run of digits). */
function reservedMatcher(reserved: readonly string[] | undefined): (id: string) => boolean {
  if (reserved === undefined || reserved.length === 0) return NOTHING_RESERVED;
  let matcher = matchers.get(reserved);
  if (matcher === undefined) matchers.set(reserved, (matcher = compileReserved(reserved)));
  return matcher;
}

function compileReserved(reserved: readonly string[]): (id: string) => boolean {
  const exact = new Set(reserved.filter((entry) => !entry.includes("*")));
  const patterns = reserved
    .filter((entry) => entry.includes("*"))
    .map((entry) => new RegExp(`^${entry.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[0-9]+")}$`));
  return (id) => exact.has(id) || patterns.some((pattern) => pattern.test(id));
}

/** Records each heading's written level and its anchor, unique within the post and not reserved by the page. */
export function headingPlugin(md: MarkdownIt): void {
  md.core.ruler.push("heading_ids", (state: StateCore) => {
    const reserved = reservedMatcher((state.env as HeadingEnv).reservedIds);
    // The id each heading would have on a page that reserves nothing (what the body's own links name), and the one it gets.
    const natural = new Set<string>();
    const assigned = new Map<string, string>();
    const used = new Set<string>();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type !== "heading_open" && token.type !== "heading_close") continue;
      const meta: HeadingMeta = { written: Number(token.tag.slice(1)) };
      token.meta = meta;
      if (token.type === "heading_close") continue;
      const base = headingAnchor(inlineText(tokens[i + 1]?.children ?? null)) || "section";
      let plain = base;
      for (let n = 1; natural.has(plain); n++) plain = `${base}-${n}`;
      natural.add(plain);
      let id = base;
      for (let n = 1; used.has(id) || (reserved(id) && n <= MAX_SUFFIX); n++) id = `${base}-${n}`;
      used.add(id);
      meta.anchor = id;
      assigned.set(plain, id);
    }
    if (assigned.size > 0) ownFragmentLinks.set(tokens, fragmentLinksTo(tokens, assigned, (id) => state.md.normalizeLink(`#${id}`)));
  });
}

/** A body's link to one of its own headings (`[see](#setup)`): the href to write before the place's prefix. */
interface FragmentLink {
  link: Token;
  href: string;
}

/** The body's links to its own headings, by parse. */
const ownFragmentLinks = new WeakMap<readonly Token[], FragmentLink[]>();

function fragmentLinksTo(tokens: readonly Token[], assigned: ReadonlyMap<string, string>, hrefOf: (id: string) => string): FragmentLink[] {
  const links: FragmentLink[] = [];
  for (const token of tokens) {
    if (token.type !== "inline") continue;
    for (const child of token.children ?? []) {
      const href = child.type === "link_open" ? child.attrGet("href") : null;
      if (typeof href !== "string" || !href.startsWith("#")) continue;
      let fragment: string;
      try {
        fragment = decodeURIComponent(href.slice(1));
      } catch {
        continue; // not a fragment any heading has
      }
      const id = assigned.get(fragment);
      // A heading that kept the id the link names keeps the link's bytes.
      if (id !== undefined) links.push({ link: child, href: id === fragment ? href : hrefOf(id) });
    }
  }
  return links;
}

/**
 * Sets the heading tags and ids of parsed tokens for a post title of level
 * `titleLevel` (0: the levels as written) and ids after `idPrefix`, and the
 * body's links to its headings to match; called again for another place, it
 * overwrites what the last call set.
 */
export function placeHeadings(tokens: readonly Token[], titleLevel: number, idPrefix = ""): void {
  for (const token of tokens) {
    if (token.type !== "heading_open" && token.type !== "heading_close") continue;
    const meta = token.meta as HeadingMeta;
    token.tag = `h${Math.min(6, meta.written + titleLevel)}`;
    if (meta.anchor !== undefined) token.attrSet("id", idPrefix + meta.anchor);
  }
  for (const { link, href } of ownFragmentLinks.get(tokens) ?? []) link.attrSet("href", `#${idPrefix}${href.slice(1)}`);
}
