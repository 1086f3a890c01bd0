/**
 * Post slugs, WordPress-style: lower case, words joined with `-`, letters of
 * any script kept (and percent-encoded in URLs with lower-case hex, as
 * WordPress writes them).
 */

/** Slugs longer than this are cut (WordPress stores 200 bytes; a URL this long is long enough). */
export const MAX_SLUG_LENGTH = 120;

/**
 * The slug of a title or of an author's `slug`: NFC, lower case, every run
 * of characters other than letters, digits, marks and `_` becomes one `-`,
 * no `-` at either end. Empty when nothing is left (the caller picks a fallback).
 */
export function slugify(text: string): string {
  // Most titles are ASCII: a plain pattern is several times faster than the Unicode one.
  const words = ASCII.test(text)
    ? text.toLowerCase().split(/[^a-z0-9_]+/).filter((w) => w !== "")
    : text.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}\p{M}_]+/u).filter((w) => w !== "");
  let slug = words.join("-");
  if (slug.length > MAX_SLUG_LENGTH) {
    // Cut at a code point boundary, then drop a dangling `-`.
    slug = Array.from(slug).slice(0, MAX_SLUG_LENGTH).join("").replace(/-+$/, "");
  }
  return slug;
}

const ASCII = /^[\x00-\x7f]*$/;
const URL_SAFE = /^[A-Za-z0-9_.~-]*$/;

/** A slug (or any path segment) percent-encoded as WordPress writes it: UTF-8, lower-case hex. */
export function encodeSlug(slug: string): string {
  if (URL_SAFE.test(slug)) return slug;
  return encodeURIComponent(slug).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
}
