/** What every fmt3 writer may need from the outside world, passed in so writers stay pure. */

export interface BaseUrls {
  /** `base-url`; undefined when no config was loaded (blahgd's test driver). */
  base?: string | undefined;
  wiki?: string | undefined;
  bug?: string | undefined;
  photo?: string | undefined;
}

export type ListingResult = { text: string } | { error: string };

export interface Fmt3WriteOptions {
  urls?: BaseUrls;
  /** Reads a file named by `\listing{name}`, relative to the post's directory. */
  readListing?: (name: string) => ListingResult;
  /** The post id (or directory name) shown in listing error messages. */
  postId?: string | number;
}

export function listingFailure(options: Fmt3WriteOptions, name: string, reason: string): string {
  return `Failed to read in listing '${options.postId ?? "?"}/${name}': ${reason}`;
}

export function readListing(options: Fmt3WriteOptions, name: string): ListingResult {
  const result = options.readListing?.(name) ?? { error: "No such file or directory" };
  return "text" in result ? result : { error: listingFailure(options, name, result.error) };
}
