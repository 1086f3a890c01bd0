/** The blog's URLs, built in one place so that every value in them is escaped for URLs. */

import { urlEscape } from "../text/url-escape.js";

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

export class SiteUrls {
  constructor(readonly base: string) {}

  get home(): string {
    return `${this.base}/`;
  }
  post(id: number): string {
    return `${this.base}/?p=${id}`;
  }
  comment(postId: number, commentId: number): string {
    return `${this.base}/?p=${postId}#comment-${commentId}`;
  }
  tag(tag: string): string {
    return `${this.base}/?tag=${urlEscape(tag)}`;
  }
  month(month: number): string {
    return `${this.base}/?m=${month}`;
  }
  feed(format: "atom" | "rss2"): string {
    return `${this.base}/?feed=${format}`;
  }
  postFeed(id: number, format: "atom" | "rss2"): string {
    return `${this.base}/?p=${id}&feed=${format}`;
  }
  tagFeed(tag: string, format: "atom" | "rss2"): string {
    return `${this.tag(tag)}&feed=${format}`;
  }
  /** The site's JSON Feed. */
  jsonFeed(): string {
    return `${this.base}/?feed=json`;
  }
  tagJsonFeed(tag: string): string {
    return `${this.tag(tag)}&feed=json`;
  }
  /** The sitemap, or the sitemap index when the blog needs several parts. */
  get sitemap(): string {
    return `${this.base}/sitemap.xml`;
  }
  /** Part `n` (from 1) of a sitemap too big for one file. */
  sitemapPart(n: number): string {
    return `${this.sitemap}?part=${n}`;
  }
  get robots(): string {
    return `${this.base}/robots.txt`;
  }
  /** Search results for a query, page 0 being the first. */
  search(query: string, page = 0): string {
    return this.page(`${this.base}/?s=${urlEscape(query)}`, page);
  }
  /** A listing page: `list` is the page's URL (home, a tag or a month), page 0 being the first. */
  page(list: string, page: number): string {
    if (page === 0) return list;
    return `${list}${list.endsWith("/") ? "?" : "&"}paged=${page}`;
  }
}
