/**
 * A site: everything needed to answer page requests, as one consistent
 * snapshot (config, index, templates, bodies). The content manager swaps in
 * a new snapshot when files change; a request keeps the one it started with.
 */

import type { BodyStore } from "../content/bodies.js";
import type { Post } from "../content/model.js";
import type { SiteIndex } from "../content/site-index.js";
import type { Config } from "../config/config.js";
import type { Diagnostic } from "../diagnostics.js";
import type { SiteSearch } from "../search/site-search.js";
import { TemplateScope, type TemplateMap, type TemplateSet, type TemplateValue } from "../template/index.js";
import type { Format } from "./route.js";
import { tagCloud, topOfCloud, type CloudEntry } from "./tag-cloud.js";
import { SiteUrls } from "./urls.js";
import { urlSchemeFor, type StaticUrlOptions } from "./urls/url-scheme.js";

/** Levels of pages the site navigation shows: top-level pages, their children and grandchildren. */
const NAV_DEPTH = 3;

/** Listed pages by their parent's id, in the pages' order. */
function childPages(pages: readonly Post[]): Map<number, Post[]> {
  const children = new Map<number, Post[]>();
  for (const page of pages) {
    if (page.parent === undefined) continue;
    const siblings = children.get(page.parent);
    if (siblings) siblings.push(page);
    else children.set(page.parent, [page]);
  }
  return children;
}

export interface SiteOptions {
  config: Config;
  index: SiteIndex;
  templates: Readonly<Record<Format, TemplateSet>>;
  bodies: BodyStore;
  /** The full-text search (shared by every snapshot, kept current by the live site); absent: nothing is found. */
  search?: SiteSearch;
  /** blahg's version, for `generatorversion`. */
  version: string;
  /** Posts are still being loaded at start-up: a post not found may be on its way. */
  loading?: boolean;
  /** The comment captcha's addends. */
  captcha: readonly [number, number];
  /** Gets render-time template problems. */
  onProblem?: (problem: Diagnostic) => void;
  /**
   * The comment form's timestamp for `now` (the form's `d` field): signed, so
   * it cannot be forged. Without it, `now` is the plain nanosecond count as in blahgd.
   */
  formToken?: (now: bigint) => string;
  /** A static copy (`blahg build`): its URL scheme; without a comment endpoint the comment form is left out. */
  build?: StaticUrlOptions;
}

/** Tags in `tagcloudtop`, the bounded cloud of the default theme's sidebar. */
export const TAG_CLOUD_TOP = 40;

export class Site {
  readonly config: Config;
  readonly index: SiteIndex;
  readonly templates: Readonly<Record<Format, TemplateSet>>;
  readonly bodies: BodyStore;
  readonly search: SiteSearch | undefined;
  readonly loading: boolean;
  readonly urls: SiteUrls;
  readonly cloud: CloudEntry[];
  readonly onProblem: ((problem: Diagnostic) => void) | undefined;
  /** A static copy (`blahg build`): feeds are their first page only (no file answers `?paged=N`). */
  readonly isStatic: boolean;
  private readonly formToken: ((now: bigint) => string) | undefined;
  /** Request-wide variables that do not change between requests (scope 0 minus the clock). */
  private readonly constants: TemplateMap;

  constructor(options: SiteOptions) {
    const { config } = options;
    this.config = config;
    this.index = options.index;
    this.templates = options.templates;
    this.bodies = options.bodies;
    this.search = options.search;
    this.loading = options.loading ?? false;
    this.onProblem = options.onProblem;
    this.isStatic = options.build !== undefined;
    this.formToken = options.formToken;
    this.urls = new SiteUrls(urlSchemeFor(config, this.index, options.build));
    this.cloud = tagCloud(this.index.tags.values(), config.tagcloudMinSize, config.tagcloudMaxSize);
    const constants: Record<string, TemplateValue> = {
      generatorversion: options.version,
      baseurl: config.baseUrl,
      captcha_a: options.captcha[0],
      captcha_b: options.captcha[1],
      posts: [],
      tagcloud: this.cloud.map((entry) => ({ ...entry, tagurl: this.urls.tag(entry.name) })),
      tagcloudtop: topOfCloud(this.cloud, TAG_CLOUD_TOP).map((entry) => ({ ...entry, tagurl: this.urls.tag(entry.name) })),
      sitetitle: config.siteTitle,
      sitelang: config.siteLanguage,
      siteurl: this.urls.home,
      atomurl: this.urls.feed("atom"),
      rssurl: this.urls.feed("rss2"),
      jsonfeedurl: this.urls.jsonFeed(),
      navpages: this.navPages(this.index.topPages(), childPages(this.index.pages), 1),
      commentsatomurl: this.urls.recentComments("atom"),
      commentsrssurl: this.urls.recentComments("rss2"),
    };
    // A static copy with no comment endpoint has no form (themes test `commentposturl`).
    if (options.build === undefined || options.build.commentEndpoint !== undefined) constants.commentposturl = this.urls.commentForm;
    // Only themes with a tag list page link to it.
    if (options.templates.html.has("taglist")) constants.tagsurl = this.urls.tags;
    // Unset rather than empty, so that templates can test them with ifset().
    if (config.siteTagline) constants.sitetagline = config.siteTagline;
    if (config.siteAuthor) constants.siteauthor = config.siteAuthor;
    if (config.twitterUsername !== undefined) constants.twitteruser = config.twitterUsername;
    if (config.twitterDescription !== undefined) constants.twitterdesc = config.twitterDescription;
    this.constants = constants;
  }

  /**
   * The site navigation: top-level pages, each with its listed child pages nested under it
   * (`subpages`, `subpagecount`: set on every entry, so that an entry never finds its parent's),
   * down to NAV_DEPTH levels; deeper pages are linked from their parents only.
   */
  private navPages(pages: readonly Post[], children: ReadonlyMap<number, Post[]>, depth: number): TemplateValue[] {
    return pages.map((page) => {
      const below = depth < NAV_DEPTH ? (children.get(page.id) ?? []) : [];
      return {
        pageid: page.id,
        pagetitle: page.title,
        pageurl: this.urls.post(page.id),
        subpages: this.navPages(below, children, depth + 1),
        subpagecount: below.length,
      };
    });
  }

  /** Scope 0 for a request at `now` (nanoseconds since the epoch). */
  requestScope(now: bigint): TemplateScope {
    const seconds = Number(now / 1_000_000_000n);
    return new TemplateScope(this.constants, { now: this.formToken?.(now) ?? now, year: new Date(seconds * 1000).getUTCFullYear() });
  }

  /** Renders page template `name` of a format with page variables on top of scope 0. */
  render(format: Format, name: string, scope: TemplateScope, page: TemplateMap): string {
    const templates = this.templates[format];
    return templates.render(name, scope.child(page), { onProblem: this.onProblem });
  }
}
