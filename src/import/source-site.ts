/**
 * What an importer reads from a Jekyll or Hugo site, before it becomes a
 * blahg data directory: posts with their metadata and old URL, files to copy
 * into the web directory, blog-wide settings, and a body converter that
 * knows how to link to the other imported posts; and the steps an importer
 * takes to read them (SiteReader).
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
  /** The taxonomies the tags came from, as the source wrote them (Hugo: `tags`, `categories`), for the old term pages' addresses. */
  taxonomies?: Record<string, string[]>;
  draft: boolean;
  /** A page (About), not a post: written with `type: page`, at `/SLUG/`. */
  page?: true;
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

/** What an importer knows of a site before reading its posts. */
export interface SiteOutline<Context, Job> {
  kind: "jekyll" | "hugo";
  /** Problems of the site found before its posts are read (config, listing), files named. */
  diagnostics: Diagnostic[];
  /** Problems reported after the posts' own (Jekyll: no `_posts` directory). */
  diagnosticsAfterPosts: Diagnostic[];
  /** blahg's permalink structure (`/%year%/%monthnum%/%postname%/`) the site's URLs map onto, if any. */
  permalink?: string;
  settings: SiteSettings;
  /** Directories copied into the blog's web directory: `to` is relative to it ("" for its root). */
  staticDirs: Array<{ from: string; to: string }>;
  /** What reading a post needs besides its job (the parsed config); plain data, so it can go to a worker thread. */
  context: Context;
  /** One job per post file, in the order of the listing (plain data too). */
  jobs: Job[];
}

/**
 * An importer, in the steps an import runs: the site's outline in the
 * importing thread, then each post file read and its body converted, which
 * may happen in worker threads (one share of the jobs each).
 */
export interface SiteReader<Context, Job> {
  outline(source: string): SiteOutline<Context, Job>;
  /** Reads one post file; problems go to `report`, in order; undefined when it is not imported. */
  readPost(context: Context, job: Job, report: (d: Diagnostic) => void): SourcePost | undefined;
  /** The body as blahg Markdown: the site's template tags or shortcodes converted or reported. */
  convert(post: SourcePost, linkTo: PostLinker): ConvertedBody;
  /** The old site's addresses that are not a post's (feeds, tag pages), for the config's `site-aliases` (see ./site-aliases.ts). */
  siteAliases(context: Context, posts: readonly Omit<SourcePost, "body">[]): Map<string, string>;
}

/** A whole site read in this thread: the outline, then every post. */
export interface SourceSite {
  kind: "jekyll" | "hugo";
  posts: SourcePost[];
  /** Posts that could not be read, and other problems of the site (files named), in the order found. */
  diagnostics: Diagnostic[];
  permalink?: string;
  settings: SiteSettings;
  staticDirs: Array<{ from: string; to: string }>;
  convert(post: SourcePost, linkTo: PostLinker): ConvertedBody;
}

export function readWholeSite<Context, Job>(reader: SiteReader<Context, Job>, source: string): SourceSite {
  const outline = reader.outline(source);
  const diagnostics = [...outline.diagnostics];
  const posts: SourcePost[] = [];
  for (const job of outline.jobs) {
    const post = reader.readPost(outline.context, job, (d) => void diagnostics.push(d));
    if (post) posts.push(post);
  }
  diagnostics.push(...outline.diagnosticsAfterPosts);
  return {
    kind: outline.kind,
    posts,
    diagnostics,
    ...(outline.permalink !== undefined && { permalink: outline.permalink }),
    settings: outline.settings,
    staticDirs: outline.staticDirs,
    convert: reader.convert,
  };
}
