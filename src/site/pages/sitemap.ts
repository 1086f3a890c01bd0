/**
 * The sitemap (https://www.sitemaps.org/protocol.html): the home page, every
 * listed post and every tag that has listed posts, each with its `lastmod`.
 * Unlisted posts, and tags only they carry, never appear. A blog past the
 * protocol's limits (50,000 URLs or 50 MB per file) gets a sitemap index at
 * `/sitemap.xml` pointing at parts `/sitemap.xml?part=N`.
 *
 * `lastmod` of a post is the newest of its date and its shown comments'
 * dates (its page changes when a comment appears); of a tag page and the
 * home page, the newest `lastmod` of the posts they list. blahg keeps no
 * edit times, and file times would differ between copies of one blog.
 */

import type { Post } from "../../content/model.js";
import type { SiteIndex } from "../../content/site-index.js";
import { compareTags } from "../../content/tags.js";
import { rfc3339Utc } from "../../text/date-time.js";
import { escapeHtml } from "../../text/escape.js";
import type { Site } from "../site.js";
import type { SiteUrls } from "../urls.js";
import { notFound } from "./errors.js";
import { CONTENT_TYPES, type Page } from "./page.js";

/** The protocol's limits per file. Tests lower them to see the index and its parts with a small blog. */
export const sitemapLimits = { urls: 50_000, bytes: 50 * 1024 * 1024 };

/** URLs must be shorter than this (sitemaps.org); a longer one (a huge tag) is left out. */
const MAX_URL_LENGTH = 2048;

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";
const URLSET_START = `${XML_DECLARATION}<urlset xmlns="${NAMESPACE}">\n`;
const URLSET_END = "</urlset>\n";

export interface SitemapEntry {
  loc: string;
  /** Seconds since the epoch; undefined when nothing dates the page (a blog with no posts). */
  lastmod: number | undefined;
}

/** Escapes for XML text, `'` included (sitemaps.org asks for all five entities). */
function xmlText(s: string): string {
  return escapeHtml(s).replaceAll("'", "&apos;");
}

function postLastmod(post: Post): number {
  return post.comments.reduce((t, c) => Math.max(t, c.time), post.time);
}

function newest(times: Iterable<number>): number | undefined {
  let max: number | undefined;
  for (const t of times) if (max === undefined || t > max) max = t;
  return max;
}

/** What the sitemap lists, in order: the home page, posts newest first, tags by name. */
export function sitemapEntries(index: SiteIndex, urls: SiteUrls): SitemapEntry[] {
  const lastmods = new Map<number, number>();
  for (const post of index.listed) lastmods.set(post.id, postLastmod(post));
  const entries: SitemapEntry[] = [{ loc: urls.home, lastmod: newest(lastmods.values()) }];
  for (const post of index.listed) entries.push({ loc: urls.post(post.id), lastmod: lastmods.get(post.id) });
  for (const page of index.pages) entries.push({ loc: urls.post(page.id), lastmod: postLastmod(page) });
  const tags = [...index.tags.values()].sort((a, b) => compareTags(a.name, b.name));
  for (const tag of tags) {
    const posts = index.listedWithTag(tag.key);
    if (posts.length === 0) continue;
    entries.push({ loc: urls.tag(tag.name), lastmod: newest(posts.map((p) => lastmods.get(p.id)!)) });
  }
  return entries.filter((e) => e.loc.length < MAX_URL_LENGTH);
}

function urlElement(entry: SitemapEntry, element: "url" | "sitemap"): string {
  const lastmod = entry.lastmod === undefined ? "" : `<lastmod>${rfc3339Utc(entry.lastmod)}</lastmod>`;
  return `<${element}><loc>${xmlText(entry.loc)}</loc>${lastmod}</${element}>\n`;
}

interface Part {
  xml: string[];
  lastmod: number | undefined;
}

/** Packs the entries, in order, into as few parts as the limits allow. */
export function splitSitemap(entries: readonly SitemapEntry[], limits: { urls: number; bytes: number }): Part[] {
  const frame = Buffer.byteLength(URLSET_START + URLSET_END);
  const parts: Part[] = [];
  let part: Part = { xml: [], lastmod: undefined };
  let bytes = frame;
  for (const entry of entries) {
    const xml = urlElement(entry, "url");
    const size = Buffer.byteLength(xml);
    if (part.xml.length > 0 && (part.xml.length >= limits.urls || bytes + size > limits.bytes)) {
      parts.push(part);
      part = { xml: [], lastmod: undefined };
      bytes = frame;
    }
    part.xml.push(xml);
    bytes += size;
    if (entry.lastmod !== undefined && (part.lastmod === undefined || entry.lastmod > part.lastmod)) part.lastmod = entry.lastmod;
  }
  parts.push(part);
  return parts;
}

function urlset(part: Part): string {
  return URLSET_START + part.xml.join("") + URLSET_END;
}

function sitemapIndex(parts: readonly Part[], urls: SiteUrls): string {
  const items = parts.map((part, i) => urlElement({ loc: urls.sitemapPart(i + 1), lastmod: part.lastmod }, "sitemap"));
  return `${XML_DECLARATION}<sitemapindex xmlns="${NAMESPACE}">\n${items.join("")}</sitemapindex>\n`;
}

/**
 * `/sitemap.xml` (`part` undefined) or one of its parts. `base` is the
 * blog's absolute address (see absoluteBase); `shared` says whether the
 * result may be reused for other requests (false when the base came from
 * the request's Host).
 */
export function sitemapPage(site: Site, part: number | undefined, base: string, shared: boolean, now: bigint): Page {
  const urls = site.urls.withBase(base);
  const parts = splitSitemap(sitemapEntries(site.index, urls), sitemapLimits);
  let body: string;
  if (part === undefined) body = parts.length === 1 ? urlset(parts[0]!) : sitemapIndex(parts, urls);
  else if (parts.length > 1 && part <= parts.length) body = urlset(parts[part - 1]!);
  // A part past the end may exist once posts are added.
  else return { ...notFound(site, now), listing: true };
  // Any change to a listed post (its date, comments, tags, being listed) reaches it as a listing change.
  return { status: 200, contentType: CONTENT_TYPES.xml, body, maxAge: shared ? Infinity : 0, posts: [], listing: true };
}
