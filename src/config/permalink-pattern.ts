/**
 * The `permalink` config key: a WordPress permalink structure such as
 * `/%year%/%monthnum%/%postname%/`, compiled once at config load into plain
 * data (so a config can cross to worker threads) and checked there, so that a
 * bad pattern is a config error with its place rather than broken links.
 */

import { encodeSlug } from "../text/slug.js";

/** The structure tags blahg knows: WordPress's, less those about categories and authors. */
export const STRUCTURE_TAGS = ["year", "monthnum", "day", "hour", "minute", "second", "post_id", "postname"] as const;
export type StructureTag = (typeof STRUCTURE_TAGS)[number];

export interface PermalinkPattern {
  /** As written in the config. */
  readonly source: string;
  /** Literal text and structure tags, in order. */
  readonly parts: ReadonlyArray<string | { readonly tag: StructureTag }>;
}

export type CompiledPermalink = { pattern: PermalinkPattern } | { error: string; offset: number };

/** What a post contributes to its path. */
export interface PostPathParts {
  id: number;
  /** Unix seconds, UTC. */
  time: number;
  slug: string;
}

const MAX_PATTERN_LENGTH = 200;
/** Characters a pattern's literal text may hold: unreserved URL characters and `/`. */
const LITERAL = /^[A-Za-z0-9\-._~/]*$/;

export function compilePermalink(source: string): CompiledPermalink {
  const fail = (error: string, offset = 0): CompiledPermalink => ({ error, offset });
  if (!source.startsWith("/")) return fail("`permalink` must start with \"/\", like \"/%year%/%monthnum%/%postname%/\"");
  if (source.length > MAX_PATTERN_LENGTH) return fail(`\`permalink\` is longer than ${MAX_PATTERN_LENGTH} characters`);
  const parts: Array<string | { tag: StructureTag }> = [];
  const seen = new Set<StructureTag>();
  let i = 0;
  while (i < source.length) {
    const percent = source.indexOf("%", i);
    const literal = source.slice(i, percent === -1 ? source.length : percent);
    if (literal !== "") {
      const bad = [...literal].findIndex((c) => !LITERAL.test(c));
      if (bad !== -1) return fail(`\`permalink\` may hold only letters, digits, "-._~/" and structure tags; "${literal[bad]}" is not allowed`, i + bad);
      parts.push(literal);
    }
    if (percent === -1) break;
    const end = source.indexOf("%", percent + 1);
    const name = end === -1 ? "" : source.slice(percent + 1, end);
    if (!(STRUCTURE_TAGS as readonly string[]).includes(name)) {
      const shown = end === -1 ? source.slice(percent) : `%${name}%`;
      return fail(`unknown structure tag ${shown} in \`permalink\` (blahg knows ${STRUCTURE_TAGS.map((t) => `%${t}%`).join(" ")})`, percent);
    }
    const tag = name as StructureTag;
    if (seen.has(tag)) return fail(`%${tag}% appears twice in \`permalink\``, percent);
    seen.add(tag);
    parts.push({ tag });
    i = end + 1;
  }
  if (!seen.has("postname") && !seen.has("post_id")) return fail("`permalink` must contain %postname% or %post_id%, or posts would share URLs");
  const segments = source.split("/");
  const dot = segments.findIndex((s) => s === "." || s === "..");
  if (dot !== -1) return fail('`permalink` must not contain "." or ".." path segments', segments.slice(0, dot).join("/").length + 1);
  const empty = source.indexOf("//");
  if (empty !== -1) return fail('`permalink` must not contain "//"', empty);
  return { pattern: { source, parts } };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * A post's path without its slug: the text before and after `%postname%`
 * (all of it in `before` when the pattern has none), so that trying slugs
 * costs a concatenation.
 */
export function postPathAround(pattern: PermalinkPattern, post: Omit<PostPathParts, "slug">): { before: string; after: string } {
  const date = new Date(post.time * 1000);
  let before = "";
  let after = "";
  let seenName = false;
  for (const part of pattern.parts) {
    let value: string;
    if (typeof part === "string") value = part;
    else if (part.tag === "postname") {
      seenName = true;
      continue;
    } else if (part.tag === "year") value = String(date.getUTCFullYear()).padStart(4, "0");
    else if (part.tag === "monthnum") value = pad2(date.getUTCMonth() + 1);
    else if (part.tag === "day") value = pad2(date.getUTCDate());
    else if (part.tag === "hour") value = pad2(date.getUTCHours());
    else if (part.tag === "minute") value = pad2(date.getUTCMinutes());
    else if (part.tag === "second") value = pad2(date.getUTCSeconds());
    else value = String(post.id);
    if (seenName) after += value;
    else before += value;
  }
  return { before, after };
}

/** Whether the pattern holds `%postname%`. */
export function usesPostname(pattern: PermalinkPattern): boolean {
  return pattern.parts.some((p) => typeof p !== "string" && p.tag === "postname");
}

/**
 * A post's path under the pattern: `decoded` is what a request's (decoded)
 * path holds, `encoded` what links carry.
 */
export function postPath(pattern: PermalinkPattern, post: PostPathParts): { decoded: string; encoded: string } {
  const { before, after } = postPathAround(pattern, post);
  if (!usesPostname(pattern)) return { decoded: before, encoded: before };
  return { decoded: before + post.slug + after, encoded: before + encodeSlug(post.slug) + after };
}
