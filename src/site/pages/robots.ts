/**
 * The default `/robots.txt` (RFC 9309): every crawler may fetch everything,
 * and the sitemap's absolute URL. A robots.txt in the web directory is
 * served instead (the request handler looks there first).
 */

import { SiteUrls } from "../urls.js";
import { CONTENT_TYPES, type Page } from "./page.js";

/** `base`: the blog's absolute address, or undefined when there is none to give (no `Sitemap:` line then). */
export function robotsPage(base: string | undefined, shared: boolean): Page {
  const sitemap = base === undefined ? "" : `\nSitemap: ${new SiteUrls(base).sitemap}\n`;
  return {
    status: 200,
    contentType: CONTENT_TYPES.text,
    body: `User-agent: *\nAllow: /\n${sitemap}`,
    maxAge: shared ? Infinity : 0,
    posts: [],
    listing: false,
  };
}
