/**
 * Tags compare ASCII case-insensitively, as blahgd's strcasecmp does:
 * `Linux` and `linux` are one tag, `É` and `é` are two.
 */

/** The key a tag is indexed and compared by. */
export function tagKey(tag: string): string {
  return /[A-Z]/.test(tag) ? tag.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : tag;
}

/** Orders tags by name, ASCII case-insensitively (ties by spelling, so the order is total). */
export function compareTags(a: string, b: string): number {
  const ka = tagKey(a);
  const kb = tagKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A post's tags: post.lisp's first, then those of `\tag{}` in reverse source
 * order (blahgd applies them that way), dropping case-insensitive repeats so
 * the first spelling stays.
 */
export function mergeTags(fromMetadata: readonly string[], fromBody: readonly string[]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  const add = (tag: string): void => {
    const key = tagKey(tag);
    if (seen.has(key)) return;
    seen.add(key);
    tags.push(tag);
  };
  fromMetadata.forEach(add);
  for (let i = fromBody.length - 1; i >= 0; i--) add(fromBody[i]!);
  return tags;
}
