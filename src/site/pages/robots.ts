/**
 * The default `/robots.txt` (RFC 9309): every crawler may fetch everything,
 * and the sitemap's absolute URL. A robots.txt in the web directory is
 * served instead (the request handler looks there first).
 */

import { CONTENT_TYPES, type Page } from "./page.js";

/** `sitemapUrl`: the sitemap's absolute URL, or undefined when there is none to give (no `Sitemap:` line then). */
export function robotsPage(sitemapUrl: string | undefined, shared: boolean): Page {
  const sitemap = sitemapUrl === undefined ? "" : `\nSitemap: ${sitemapUrl}\n`;
  return {
    status: 200,
    contentType: CONTENT_TYPES.text,
    body: `User-agent: *\nAllow: /\n${sitemap}`,
    maxAge: shared ? Infinity : 0,
    posts: [],
    listing: false,
  };
}
