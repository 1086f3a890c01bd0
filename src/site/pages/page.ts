/** What rendering a page produces, before HTTP adds its headers. */

import type { Format } from "../route.js";

export interface Page {
  status: number;
  contentType: string;
  body: string;
  /** For redirects. */
  location?: string;
  /** Seconds, for 429 and 503. */
  retryAfter?: number;
  /** How long the page may be reused for the same request, in seconds (Infinity: until something changes). */
  maxAge: number;
  /** Post ids whose change invalidates the page (listing pages also depend on the post order). */
  posts: number[];
  /** Whether the page shows a list of posts, so a change of order or membership invalidates it. */
  listing: boolean;
}

export const CONTENT_TYPES: Record<Format | "text" | "json-feed" | "xml", string> = {
  html: "text/html; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  rss2: "application/rss+xml; charset=utf-8",
  text: "text/plain; charset=utf-8",
  "json-feed": "application/feed+json; charset=utf-8",
  xml: "application/xml; charset=utf-8",
};
