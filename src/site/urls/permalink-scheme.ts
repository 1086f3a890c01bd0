/**
 * Pretty URLs, WordPress's: posts at the `permalink` pattern
 * (`/2024/05/my-post/`), tags at `/tag/NAME/`, months at `/YYYY/MM/`, pages
 * at `.../page/N/` (N from 2, WordPress's counting), feeds at `.../feed/`
 * (RSS), `.../feed/atom/` and `.../feed/json/`, the newest comments at
 * `/comments/feed/`. blahgd's query forms still parse; `/?p=ID` answers 301
 * to the post's URL. Feed pages keep blahgd's `?paged=N`. Pages (About)
 * are at their parents' slugs (`/about/team/`, ./page-paths.ts), never at
 * the pattern.
 *
 * Static files (`files`, for `blahg build`): a static host serves a file by
 * its name and cannot route a query, so feeds become files beside their
 * page (`/feed.xml` RSS, `/atom.xml`, `/feed.json`; `/tag/x/feed.xml`; a
 * post at `/a/b/` has `/a/b/feed.xml`, one at `/a/b.html` has
 * `/a/b.html.feed.xml`), feed pages go under the listing's `page/N/`, and
 * sitemap parts are `/sitemap-N.xml`. The comment form posts to the
 * configured endpoint (another blog's server). Both forms parse.
 */

import type { SiteIndex } from "../../content/site-index.js";
import type { QueryParams } from "../../http/query.js";
import { pageOf, parseMonth, route, type Format, type LinkRoute, type Route } from "../route.js";
import type { AliasTable } from "./aliases.js";
import type { PermalinkPattern } from "../../config/permalink-pattern.js";
import { pagePaths, pageRoute, pageUrl, type PagePaths } from "./page-paths.js";
import { postPaths, type PostPaths } from "./post-paths.js";
import { queryUrl } from "./query-scheme.js";
import type { UrlScheme } from "./url-scheme.js";

type FeedKind = "atom" | "rss2" | "json";

const NO_PARAMS: QueryParams = new Map();
const FEED_SUFFIX = /^(.*)\/feed(?:\/(atom|rss2|json))?\/?$/s;
const PAGE_SUFFIX = /^(.*)\/page\/([0-9]{1,10})\/?$/s;
const MONTH_PATH = /^\/([0-9]{4})\/([0-9]{2})$/;
/** Static files: a feed file in a listing's (or a post's) directory, perhaps under `page/N/`. */
const FEED_FILE = /^(.*?\/)(?:page\/([0-9]{1,10})\/)?(feed\.xml|atom\.xml|feed\.json)$/s;
/** Static files: the feeds of a post whose path is a file (`/a/b.html.feed.xml`). */
const POST_FEED_FILE = /^(.*)\.(feed\.xml|atom\.xml)$/s;
const SITEMAP_PART_FILE = /^\/sitemap-([0-9]{1,10})\.xml$/;

const FEED_FILES: Record<FeedKind, string> = { rss2: "feed.xml", atom: "atom.xml", json: "feed.json" };
const FEED_OF_FILE: Record<string, FeedKind> = { "feed.xml": "rss2", "atom.xml": "atom", "feed.json": "json" };

export interface PermalinkOptions {
  /** Write URLs a static host can serve as files (see above). */
  files?: boolean;
  /** Static files: where the comment form posts (a running `blahg serve`'s base URL); none: the form is left out. */
  commentEndpoint?: string | undefined;
}

/** Static files: the feed file of a listing or post at `path`, on feed page `page`. */
function feedFile(path: string, format: FeedKind, page: number): string {
  if (!path.endsWith("/")) return `${path}.${FEED_FILES[format]}`;
  return page === 0 ? path + FEED_FILES[format] : `${path}page/${page + 1}/${FEED_FILES[format]}`;
}

/** `.../feed/` and its variants after a listing's or a post's path. */
function feedPath(path: string, format: FeedKind | "html"): string {
  if (format === "html") return path;
  const dir = path.endsWith("/") ? path : `${path}/`;
  return format === "rss2" ? `${dir}feed/` : `${dir}feed/${format}/`;
}

/** A listing page's path: WordPress counts pages from 1 and writes none for the first. */
function pagePath(path: string, page: number): string {
  return page === 0 ? path : `${path}page/${page + 1}/`;
}

/** Feed pages keep blahgd's `?paged=N` (0 is the first). */
function feedPage(url: string, page: number): string {
  return page === 0 ? url : `${url}?paged=${page}`;
}

function tagPath(tag: string): string {
  return `/tag/${encodeURIComponent(tag)}/`;
}

function monthPath(month: number): string {
  return `/${Math.floor(month / 100)}/${String(month % 100).padStart(2, "0")}/`;
}

interface Suffixes {
  /** The path without its `/feed/...` or `/page/N/`. */
  rest: string;
  feed: FeedKind | undefined;
  /** The pretty page number as written (from 1), when `/page/N/` was there. */
  prettyPage: number | undefined;
  /** Whether a suffix was taken off. */
  stripped: boolean;
}

function suffixes(path: string): Suffixes {
  const feed = FEED_SUFFIX.exec(path);
  if (feed) return { rest: feed[1]!, feed: (feed[2] as FeedKind | undefined) ?? "rss2", prettyPage: undefined, stripped: true };
  const page = PAGE_SUFFIX.exec(path);
  if (page) return { rest: page[1]!, feed: undefined, prettyPage: Number(page[2]), stripped: true };
  // One trailing slash is the directory form of the path itself (`/tag/a%2F/` is the tag "a/").
  return { rest: path.endsWith("/") ? path.slice(0, -1) : path, feed: undefined, prettyPage: undefined, stripped: false };
}

export class PermalinkScheme implements UrlScheme {
  private readonly paths: PostPaths;
  private readonly pages: PagePaths;

  constructor(
    readonly base: string,
    readonly pattern: PermalinkPattern,
    private readonly index: SiteIndex,
    private readonly aliases: AliasTable,
    paths?: PostPaths,
    pages?: PagePaths,
    private readonly options: PermalinkOptions = {},
  ) {
    const reserved = (path: string): boolean => this.listingRoute(path, NO_PARAMS) !== undefined;
    this.paths = paths ?? postPaths(pattern, index.all.filter((p) => !p.page), reserved);
    this.pages = pages ?? pagePaths(index, (path) => reserved(path) || this.paths.byPath.has(path));
  }

  /** Posts whose slug took a suffix because an older post had the path. */
  get collisions(): PostPaths["collisions"] {
    return this.paths.collisions;
  }

  withBase(base: string): UrlScheme {
    return new PermalinkScheme(base, this.pattern, this.index, this.aliases, this.paths, this.pages, this.options);
  }

  parse(path: string, params: QueryParams): Route {
    if (path === "/") return this.parseQuery(params);
    if (this.options.files) {
      const file = this.feedFileRoute(path);
      if (file !== undefined) return file;
    }
    const listing = this.listingRoute(path, params);
    if (listing !== undefined) return listing;
    const post = this.postRoute(path, params) ?? pageRoute(this.pages, path, params);
    if (post !== undefined) return post;
    const alias = this.aliases.get(path);
    if (alias !== undefined) return { kind: "redirect", to: alias };
    // `/robots.txt`, `/sitemap.xml`, the web directory, and a query on any other path.
    return route(path, params);
  }

  /** blahgd's query forms; a plain `/?p=ID` of a known post moves to its pretty URL. */
  private parseQuery(params: QueryParams): Route {
    const r = route("/", params);
    if (r.kind === "story" && r.format === "html" && r.preview === undefined && !r.held && (this.paths.byId.has(r.id) || this.pages.byId.has(r.id))) {
      return { kind: "redirect", to: r };
    }
    return r;
  }

  /** Static files: a feed file or sitemap part; undefined for any other path. */
  private feedFileRoute(path: string): Route | undefined {
    const part = SITEMAP_PART_FILE.exec(path);
    if (part) {
      const n = Number(part[1]);
      return n >= 1 ? { kind: "sitemap", part: n } : { kind: "not-found" };
    }
    const file = FEED_FILE.exec(path);
    if (file) {
      const [, dir, pretty, name] = file as unknown as [string, string, string | undefined, string];
      const feed = FEED_OF_FILE[name]!;
      const page = pretty === undefined ? 0 : Number(pretty) - 1;
      if (page < 0) return { kind: "not-found" };
      const list = this.listOf(dir === "/" ? "" : dir.slice(0, -1), true, feed);
      if (list !== undefined) {
        if (list.kind === "unsupported-feed" || list.kind === "not-found" || list.kind === "recent-comments") return list;
        return { ...list, page } as LinkRoute;
      }
      const id = pretty === undefined ? (this.paths.byPath.get(dir) ?? this.pages.byPath.get(dir)) : undefined;
      if (id !== undefined) return feed === "json" ? { kind: "unsupported-feed" } : { kind: "story", format: feed, id, preview: undefined };
    }
    const postFeed = POST_FEED_FILE.exec(path);
    if (postFeed) {
      const id = this.paths.byPath.get(postFeed[1]!);
      if (id !== undefined) return { kind: "story", format: FEED_OF_FILE[postFeed[2]!] as "atom" | "rss2", id, preview: undefined };
    }
    return undefined;
  }

  /** The home page, tags, months and their pages and feeds; undefined for any other path. */
  private listingRoute(path: string, params: QueryParams): Route | undefined {
    if (path === "/tag/") return { kind: "tags" };
    if (path.startsWith("/tag/")) {
      // A tag whose own name ends like a suffix (`x/feed`) is that tag.
      const whole = path.endsWith("/") ? path.slice(5, -1) : path.slice(5);
      if (this.index.tag(whole) !== undefined) return { kind: "tag", format: "html", tag: whole, page: 0 };
    }
    const { rest, feed, prettyPage, stripped } = suffixes(path);
    let page: number | undefined = 0;
    if (prettyPage !== undefined) {
      if (prettyPage === 0) return { kind: "not-found" };
      page = prettyPage - 1;
    } else if (feed !== undefined) {
      page = pageOf(params);
    }
    const list = this.listOf(rest, stripped, feed);
    if (list === undefined) return undefined;
    if (list.kind === "unsupported-feed" || list.kind === "not-found" || list.kind === "recent-comments") return list;
    if (page === undefined) return { kind: "not-found" };
    const routeAt = { ...list, page } as LinkRoute;
    // `/page/1/` is the first page, whose URL has no page.
    return prettyPage === 1 ? { kind: "redirect", to: routeAt } : routeAt;
  }

  /** The listing at `rest` (a path without suffixes), its page left at 0. */
  private listOf(rest: string, stripped: boolean, feed: FeedKind | undefined): Route | undefined {
    const format: Format = feed === undefined || feed === "json" ? "html" : feed;
    if (rest === "" && stripped) {
      return feed === "json" ? { kind: "json-feed", tag: undefined, page: 0 } : { kind: "index", format, page: 0 };
    }
    if (rest === "/comments" && feed !== undefined) {
      return feed === "json" ? { kind: "unsupported-feed" } : { kind: "recent-comments", format: feed };
    }
    if (rest.startsWith("/tag/")) {
      const tag = rest.slice(5);
      return feed === "json" ? { kind: "json-feed", tag, page: 0 } : { kind: "tag", format, tag, page: 0 };
    }
    const month = MONTH_PATH.exec(rest);
    if (month) {
      const m = parseMonth(month[1]! + month[2]!);
      if (m === undefined) return undefined;
      return feed === undefined ? { kind: "archive", month: m, page: 0 } : { kind: "unsupported-feed" };
    }
    return undefined;
  }

  /** A post at its path, its comment feeds, or its path without the final slash (301). */
  private postRoute(path: string, params: QueryParams): Route | undefined {
    const { byPath } = this.paths;
    const direct = byPath.get(path);
    if (direct !== undefined) {
      return { kind: "story", format: "html", id: direct, preview: undefined, ...(params.has("held") && { held: true }) };
    }
    const { rest, feed, stripped } = suffixes(path);
    if (stripped && feed !== undefined) {
      const id = byPath.get(`${rest}/`) ?? byPath.get(rest);
      if (id === undefined) return undefined;
      return feed === "json" ? { kind: "unsupported-feed" } : { kind: "story", format: feed, id, preview: undefined };
    }
    const slashed = byPath.get(`${path}/`);
    return slashed === undefined ? undefined : { kind: "redirect", to: { kind: "story", format: "html", id: slashed, preview: undefined } };
  }

  format(r: LinkRoute): string {
    return this.options.files ? this.formatFile(r) : this.formatPath(r);
  }

  /** Static files: feeds, sitemap parts and the comment form differ; the rest is as served. */
  private formatFile(route: LinkRoute): string {
    const { base } = this;
    let r = route;
    // One file per tag: links name it by its shown spelling, whatever case a post wrote it in.
    if ((r.kind === "tag" || r.kind === "json-feed") && r.tag !== undefined) r = { ...r, tag: this.index.tag(r.tag)?.name ?? r.tag };
    switch (r.kind) {
      case "index":
      case "tag":
        if (r.format === "html") break;
        return base + feedFile(r.kind === "index" ? "/" : tagPath(r.tag), r.format, r.page);
      case "json-feed":
        return base + feedFile(r.tag === undefined ? "/" : tagPath(r.tag), "json", r.page);
      case "recent-comments":
        return base + feedFile("/comments/", r.format, 0);
      case "story": {
        const path = this.paths.byId.get(r.id) ?? this.pages.byId.get(r.id);
        if (r.format === "html" || path === undefined || r.preview !== undefined) break;
        return base + feedFile(path.encoded, r.format, 0);
      }
      case "sitemap":
        if (r.part === undefined) break;
        return `${base}/sitemap-${r.part}.xml`;
      case "comment": {
        const endpoint = this.options.commentEndpoint;
        return endpoint === undefined ? "" : queryUrl(endpoint, r);
      }
      default:
        break;
    }
    return this.formatPath(r);
  }

  private formatPath(r: LinkRoute): string {
    const { base } = this;
    switch (r.kind) {
      case "index":
        return r.format === "html" ? base + pagePath("/", r.page) : feedPage(base + feedPath("/", r.format), r.page);
      case "tag":
        return r.format === "html" ? base + pagePath(tagPath(r.tag), r.page) : feedPage(base + feedPath(tagPath(r.tag), r.format), r.page);
      case "archive":
        return base + pagePath(monthPath(r.month), r.page);
      case "tags":
        return `${base}/tag/`;
      case "json-feed":
        return feedPage(base + feedPath(r.tag === undefined ? "/" : tagPath(r.tag), "json"), r.page);
      case "recent-comments":
        return base + feedPath("/comments/", r.format);
      case "story": {
        const page = pageUrl(this.pages, base, r);
        if (page !== undefined) return page;
        const path = this.paths.byId.get(r.id);
        // Previews and posts the site does not have keep the query form.
        if (path === undefined || r.preview !== undefined) return queryUrl(base, r);
        return base + feedPath(path.encoded, r.format) + (r.held ? "?held=1" : "");
      }
      default:
        return queryUrl(base, r);
    }
  }
}
