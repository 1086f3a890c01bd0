/** What every fmt3 writer may need from the outside world, passed in so writers stay pure. */

export interface BaseUrls {
  /** `base-url`; undefined when no config was loaded (blahgd's test driver). */
  base?: string | undefined;
  wiki?: string | undefined;
  bug?: string | undefined;
  photo?: string | undefined;
  /**
   * The URL of post `id` (the text of `\post{}`) and of a tag page, from the
   * blog's URL scheme. Absent: blahgd's `BASE/?p=ID` and `BASE/?tag=TAG`.
   */
  post?: ((id: string) => string) | undefined;
  tag?: ((tag: string) => string) | undefined;
}

export type ListingResult = { text: string } | { error: string };

/** An HTML heading level, h1 to h6. */
export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

/** How deep each sectioning command goes below the post title. */
const SECTION_DEPTH: Readonly<Record<string, number>> = { section: 1, subsection: 2, subsubsection: 3 };

/**
 * The heading level of `\section`, `\subsection` or `\subsubsection` under a
 * post title of level `titleLevel`: one more per depth, never past h6.
 * Without a title level the post title counts as an h2, which gives blahgd's
 * h3, h4 and h5.
 */
export function sectionLevel(options: Fmt3WriteOptions, command: string): HeadingLevel {
  return Math.min((options.titleLevel ?? 2) + (SECTION_DEPTH[command] ?? 1), 6) as HeadingLevel;
}

export interface Fmt3WriteOptions {
  urls?: BaseUrls;
  /** Reads a file named by `\listing{name}`, relative to the post's directory. */
  readListing?: (name: string) => ListingResult;
  /** The post id (or directory name) shown in listing error messages. */
  postId?: string | number;
  /**
   * The level of the heading the page gives the post's title (1 on a post's
   * own page, 2 in listings in the default theme): body headings go one level
   * below it so the page's outline never skips a level. Absent: 2, blahgd's
   * levels, which the blahgd writer then writes byte for byte.
   */
  titleLevel?: HeadingLevel | undefined;
  /**
   * Shared by the writers of one parse (one per title level): a formula's or a listing's HTML,
   * and its problems, are computed by the first writer only. Keyed by what was converted.
   */
  memo?: Map<unknown, string> | undefined;
}

/** `compute()`, or what it gave for `key` under the same memo. */
export function memoized(options: Fmt3WriteOptions, key: unknown, compute: () => string): string {
  const memo = options.memo;
  if (!memo) return compute();
  let value = memo.get(key);
  if (value === undefined) memo.set(key, (value = compute()));
  return value;
}

export function listingFailure(options: Fmt3WriteOptions, name: string, reason: string): string {
  return `Failed to read in listing '${options.postId ?? "?"}/${name}': ${reason}`;
}

export function readListing(options: Fmt3WriteOptions, name: string): ListingResult {
  const result = options.readListing?.(name) ?? { error: "No such file or directory" };
  return "text" in result ? result : { error: listingFailure(options, name, result.error) };
}
