/**
 * The content model: posts and their moderated comments as read from a
 * blahgd data directory. Metadata only; bodies are read and rendered on
 * demand (see ./bodies.ts) so that a blog of 10,000 posts loads fast and
 * stays small in memory. A comment's text is `comments/<id>/text.txt` in
 * its post's directory (see ./post-paths.ts).
 */

export interface Comment {
  /** The directory name under `comments/`. */
  id: number;
  /** Display name; blahgd's `[unknown]` when missing. */
  author: string;
  email: string | undefined;
  /** Unix seconds, UTC. */
  time: number;
  ip: string | undefined;
  url: string | undefined;
  /** A pingback or trackback from another blog (imported from WordPress); absent for a comment. */
  kind?: "pingback" | "trackback";
}

import type { FormatId } from "../markup/formats.js";

export interface Post {
  id: number;
  /** The post directory (derived from the data directory and the id, see ./post-paths.ts: copy a post with withOwnPaths, not a spread). */
  readonly dir: string;
  /** Path of the body, `post.tex`, `post.md` or `post.html` (derived like `dir`). */
  readonly bodyPath: string;
  /** The body's markup. */
  format: FormatId;
  /** Size of the body file in bytes when it was loaded: big bodies render off the request path. */
  bodySize: number;
  title: string;
  /** Unix seconds, UTC (post.lisp `time`, replaced by `\published{}` or front matter's `date`). */
  time: number;
  /** Deduplicated case-insensitively, post.lisp spellings first. */
  tags: string[];
  /** False hides the post from listings and feeds; it stays reachable by id. */
  listed: boolean;
  /** Moderated comments in the order of the post's `comments` list. */
  comments: Comment[];
  /** The Twitter card image URL, from `\twitterimg{}` or `\twitterphoto{}`. */
  twitterImage: string | undefined;
  /** `(comments-closed . #t)`: no new comments are accepted. */
  commentsClosed: boolean;
  /** The slug chosen by the author (post.lisp or front matter `slug`); absent: made from the title. */
  slug?: string;
  /** A summary written by the author (front matter `summary`), used instead of the generated one. */
  summary?: string;
  /** Private: left out of the site (reachable only as a preview, with the preview secret). */
  private?: true;
  /** Shown first on the home page. */
  sticky?: true;
  /** The author's name (front matter `author`). */
  author?: string;
  /** A page (About, Contact): at its own URL and in the navigation, never in listings, feeds or tag pages. */
  page?: true;
  /** A page's parent page, by id. */
  parent?: number;
  /** A page's place in the navigation (smaller first; then by title). */
  order?: number;
  /** Old paths of the post (post.lisp or front matter `aliases`), each answering 301 to its URL. */
  aliases?: string[];
}

/** A tag as the blog shows it: one spelling for all case variants. */
export interface TagInfo {
  /** The shown spelling. */
  name: string;
  /** Lower-cased key. */
  key: string;
  /** Every post carrying the tag, listed or not, newest first. */
  posts: Post[];
}
