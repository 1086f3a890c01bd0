/** The blog's URLs, built in one place so that every value in them is escaped for URLs. */

import type { LinkRoute } from "./route.js";
import { QueryScheme } from "./urls/query-scheme.js";
import type { UrlScheme } from "./urls/url-scheme.js";

/** A Host header fit to put in a URL: a DNS name, an IPv4 address or a bracketed IPv6 one, and a port. */
const VALID_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]{2,45}\])(?::[0-9]{1,5})?$/i;

/**
 * The blog's absolute address for documents whose URLs must be absolute
 * (the sitemap, robots.txt's `Sitemap:` line): `base-url` when it is an
 * absolute http(s) URL. Otherwise (empty, a path such as `/blog`, or
 * blahgd's placeholder `example.com`) the request's Host header, which is
 * visitor input: used only when it is a plain host name and port, always
 * with `http:` (a request does not say whether it came over TLS), and the
 * caller must not share what it builds with other visitors.
 */
function parsedHost(host: string): string | undefined {
  try {
    return new URL(`http://${host}/`).host;
  } catch {
    return undefined;
  }
}

export function absoluteBase(baseUrl: string, host: string | undefined): { base: string; fromHost: boolean } | undefined {
  if (/^https?:\/\/[^/?#]/i.test(baseUrl)) return { base: baseUrl, fromHost: false };
  if (host === undefined || host.length > 260 || !VALID_HOST.test(host)) return undefined;
  const lower = host.toLowerCase();
  // The URL parser must read the host back unchanged: `09` passes the pattern but is no valid IPv4 address.
  if (parsedHost(lower) !== lower.replace(/:80$/, "")) return undefined;
  const path = baseUrl.startsWith("/") ? baseUrl : "";
  return { base: `http://${lower}${path}`, fromHost: true };
}

/**
 * The blog's URLs by name, each written by the URL scheme (./urls/): a thin
 * facade so that pages ask for "the post's URL" and never build one.
 */
export class SiteUrls {
  constructor(readonly scheme: UrlScheme) {}

  get base(): string {
    return this.scheme.base;
  }
  /** The same URLs under another base (absolute URLs from a Host header). */
  withBase(base: string): SiteUrls {
    return new SiteUrls(this.scheme.withBase(base));
  }
  of(route: LinkRoute): string {
    return this.scheme.format(route);
  }
  get home(): string {
    return this.of({ kind: "index", format: "html", page: 0 });
  }
  post(id: number): string {
    return this.of({ kind: "story", format: "html", id, preview: undefined });
  }
  comment(postId: number, commentId: number): string {
    return `${this.post(postId)}#comment-${commentId}`;
  }
  tag(tag: string): string {
    return this.of({ kind: "tag", format: "html", tag, page: 0 });
  }
  month(month: number): string {
    return this.of({ kind: "archive", month, page: 0 });
  }
  feed(format: "atom" | "rss2"): string {
    return this.of({ kind: "index", format, page: 0 });
  }
  postFeed(id: number, format: "atom" | "rss2"): string {
    return this.of({ kind: "story", format, id, preview: undefined });
  }
  tagFeed(tag: string, format: "atom" | "rss2"): string {
    return this.of({ kind: "tag", format, tag, page: 0 });
  }
  /** The site's JSON Feed. */
  jsonFeed(): string {
    return this.of({ kind: "json-feed", tag: undefined, page: 0 });
  }
  tagJsonFeed(tag: string): string {
    return this.of({ kind: "json-feed", tag, page: 0 });
  }
  /** The page of every tag. */
  get tags(): string {
    return this.of({ kind: "tags" });
  }
  /** The newest comments of the whole blog. */
  recentComments(format: "atom" | "rss2"): string {
    return this.of({ kind: "recent-comments", format });
  }
  /** Where the comment form posts. */
  get commentForm(): string {
    return this.of({ kind: "comment" });
  }
  get admin(): string {
    return this.of({ kind: "admin" });
  }
  /** The sitemap, or the sitemap index when the blog needs several parts. */
  get sitemap(): string {
    return this.of({ kind: "sitemap", part: undefined });
  }
  /** Part `n` (from 1) of a sitemap too big for one file. */
  sitemapPart(n: number): string {
    return this.of({ kind: "sitemap", part: n });
  }
  get robots(): string {
    return this.of({ kind: "robots" });
  }
  /** Search results for a query, page 0 being the first. */
  search(query: string, page = 0): string {
    return this.of({ kind: "search", query, page });
  }
}

/** blahgd's query URLs under `base`, for code that has no site (tests, benchmarks). */
export function queryUrls(base: string): SiteUrls {
  return new SiteUrls(new QueryScheme(base, new Map()));
}
