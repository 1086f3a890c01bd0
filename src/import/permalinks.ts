/**
 * URL paths of imported posts: blahg's WordPress-style structure tags
 * (`%year%`, `%monthnum%`, `%day%`, `%hour%`, `%minute%`, `%second%`,
 * `%post_id%`, `%postname%`), and the slug rules of Jekyll and Hugo that the
 * old paths were made with. A post whose old path differs from the one blahg
 * gives it keeps the old one as an alias.
 */

import { pad, type DateParts } from "./source-date.js";

export const STRUCTURE_TAGS = ["%year%", "%monthnum%", "%day%", "%hour%", "%minute%", "%second%", "%post_id%", "%postname%"] as const;

export interface StructureValues {
  /** UTC parts: blahg knows no other zone. */
  date: DateParts;
  id: number;
  slug: string;
}

/** The path a blahg permalink structure gives a post. */
export function expandStructure(structure: string, post: StructureValues): string {
  const { date } = post;
  const values: Record<string, string> = {
    "%year%": pad(date.year, 4),
    "%monthnum%": pad(date.month),
    "%day%": pad(date.day),
    "%hour%": pad(date.hour),
    "%minute%": pad(date.minute),
    "%second%": pad(date.second),
    "%post_id%": String(post.id),
    "%postname%": post.slug,
  };
  return structure.replace(/%[a-z_]+%/g, (tag) => values[tag] ?? tag);
}

/** A structure is usable when it names each post uniquely. */
export function isUsableStructure(structure: string): boolean {
  return structure.startsWith("/") && (structure.includes("%postname%") || structure.includes("%post_id%"));
}

/** `//` collapsed, as Jekyll and Hugo do after leaving out an empty part. */
export function collapseSlashes(path: string): string {
  return path.replace(/\/{2,}/g, "/");
}

/** Jekyll's `pretty` slugify: runs of characters other than letters, marks, digits and `._~!$&'()+,;=@` become `-`. */
export function jekyllPrettySlug(text: string): string {
  return text.replace(/[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu, "-").replace(/^-+|-+$/g, "");
}

/** Jekyll's default slugify: letters, marks and digits only, lower case. */
export function jekyllDefaultSlug(text: string): string {
  return text.replace(/[^\p{M}\p{L}\p{Nd}]+/gu, "-").replace(/^-+|-+$/g, "").toLowerCase();
}

/** Hugo's urlize: spaces become `-`, characters other than letters, marks, digits and `._~+#-` are dropped, lower case. */
export function hugoUrlize(text: string, lowerCase = true): string {
  const urlized = text.trim().replace(/\s+/g, "-").replace(/[^\p{L}\p{M}\p{N}._~+#-]/gu, "");
  return lowerCase ? urlized.toLowerCase() : urlized;
}

/** An alias as blahg expects it: an absolute path; `base` resolves relative ones. */
export function absolutePath(path: string, base = "/"): string | undefined {
  const trimmed = path.trim();
  if (trimmed === "") return undefined;
  let p = trimmed;
  const url = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(trimmed);
  if (url) p = url[1] ?? "/";
  if (!p.startsWith("/")) p = (base.endsWith("/") ? base : `${base}/`) + p;
  return collapseSlashes(p);
}
