/**
 * What a post body says about its post, whatever its markup: fmt3's special
 * commands (`\title{}`, `\published{}`, `\tag{}`, ...) and Markdown's front
 * matter both become this, and it overrides post.lisp field by field.
 */

export interface BodyMeta {
  title?: string;
  /** Unix seconds, UTC. */
  time?: number;
  /** In source order; merged after post.lisp's tags. */
  tags: string[];
  /** False: a draft, reachable by id but not listed. */
  listed?: boolean;
  commentsClosed?: boolean;
  /** A URL slug chosen by the author. */
  slug?: string;
  /** A summary written by the author, used instead of the generated one. */
  summary?: string;
  /** Private: never listed and reachable only with the preview secret (an imported draft). */
  private?: boolean;
  /** Shown first on the home page (WordPress's sticky posts). */
  sticky?: boolean;
  /** The author's name. */
  author?: string;
  /** A page (About, Contact) rather than a post: never listed with the posts. */
  page?: boolean;
  /** A page's parent page, by id. */
  parent?: number;
  /** A page's place in the site navigation (smaller first). */
  order?: number;
  /** Old paths of the post (front matter `aliases`), e.g. from an import; each answers 301 to the post. */
  aliases?: string[];
  /** A Twitter card image: a URL, or a photo name under `photo-base-url`. */
  twitterImage?: { kind: "url" | "photo"; value: string };
}
