/**
 * What an importer reads from a Jekyll or Hugo site, before it becomes a
 * blahg data directory: posts with their metadata and old URL, files to copy
 * into the web directory, blog-wide settings, and a body converter that
 * knows how to link to the other imported posts.
 */

import type { Diagnostic } from "../diagnostics.js";
import type { SourceDate } from "./source-date.js";

/** A file beside a page bundle's index.md (an image, a download). */
export interface BundleResource {
  /** Absolute path of the source file. */
  from: string;
  /** Path relative to the bundle, with forward slashes. */
  name: string;
}

export interface SourcePost {
  /** The source file as problems name it (SOURCE joined with its path in the site). */
  file: string;
  /** Names other posts use to link to this one (`{% post_url %}`, `{% link %}`, `ref`). */
  refs: string[];
  title: string;
  date: SourceDate;
  tags: string[];
  draft: boolean;
  /** The slug written into the front matter (blahg's `%postname%`). */
  slug: string;
  summary?: string;
  /** Old paths the source itself lists (Hugo `aliases`, Jekyll `redirect_from`). */
  aliases: string[];
  /** The path the post answered at on the old site (decoded, starting with `/`). */
  oldPath: string;
  /** The text after the front matter, in the source's markup. */
  body: string;
  /** The line of the file where the body starts, for problems. */
  bodyLine: number;
  /** The source body's markup: Markdown, or HTML (Jekyll `.html` posts). */
  format: "markdown" | "html";
  resources: BundleResource[];
}

/** Where a link to another post goes: its blahg URL, or undefined when it was not imported. */
export type PostLinker = (ref: string) => string | undefined;

export interface ConvertedBody {
  markdown: string;
  diagnostics: Diagnostic[];
}

export interface SiteSettings {
  title?: string;
  tagline?: string;
  author?: string;
  baseUrl?: string;
  language?: string;
}

export interface SourceSite {
  kind: "jekyll" | "hugo";
  posts: SourcePost[];
  /** Posts that could not be read, and other problems of the site (files named). */
  diagnostics: Diagnostic[];
  /** blahg's permalink structure (`/%year%/%monthnum%/%postname%/`) the site's URLs map onto, if any. */
  permalink?: string;
  settings: SiteSettings;
  /** Directories copied into the blog's web directory: `to` is relative to it ("" for its root). */
  staticDirs: Array<{ from: string; to: string }>;
  /** The body as blahg Markdown: the site's template tags or shortcodes converted or reported. */
  convert(post: SourcePost, linkTo: PostLinker): ConvertedBody;
}
