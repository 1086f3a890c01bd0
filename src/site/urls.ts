/** The blog's URLs, built in one place so that every value in them is escaped for URLs. */

import { urlEscape } from "../text/url-escape.js";

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
