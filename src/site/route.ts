/**
 * Which page a request asks for: blahgd's WordPress-style query API (spec
 * 4.2-4.5). The first parameter present wins, in the order comment, tag,
 * cat, m, p, admin, s (blahg's search, WordPress's parameter), else the
 * index; `feed` picks the format. Pure: it
 * knows nothing of sockets or files.
 *
 * Fixed on purpose (see README): an invalid `m` or `paged` is a 404 instead
 * of a silent default, and tag pages have feeds too.
 *
 * blahg's discovery documents: `/robots.txt`, `/sitemap.xml` (`?part=N` for
 * the parts of a big one) and JSON Feed (`feed=json`, for the site and tags).
 */

import { parseUnsigned, type QueryParams } from "../http/query.js";

export type Format = "html" | "atom" | "rss2";

export type Route =
  | { kind: "index"; format: Format; page: number }
  | { kind: "archive"; month: number; page: number }
  | { kind: "tag"; format: Format; tag: string; page: number }
  | { kind: "search"; query: string; page: number }
  /** blahg: every tag, the whole cloud on a page of its own (`/?tags`). */
  | { kind: "tags" }
  | { kind: "story"; format: Format; id: number; preview: string | undefined; held?: boolean }
  | { kind: "category"; name: string }
  | { kind: "recent-comments"; format: "atom" | "rss2" }
  | { kind: "json-feed"; tag: string | undefined; page: number }
  | { kind: "sitemap"; part: number | undefined }
  | { kind: "robots" }
  | { kind: "comment" }
  | AdminRoute
  | { kind: "static"; path: string }
  | { kind: "not-found"; missingPost?: boolean }
  | { kind: "unsupported-feed" }
  /** A 301 to another page of the blog: `/?p=ID` under a permalink, an alias, a path without its trailing slash. */
  | { kind: "redirect"; to: LinkRoute };

/**
 * The moderation page (`?admin`): the page itself, the target of one of its forms
 * (`?admin=approve`), or where an action sends the browser back to, with what it did
 * (`?admin=done&msg=approved&n=1&post=7&number=2`).
 */
export interface AdminRoute {
  kind: "admin";
  action?: AdminAction;
  outcome?: AdminOutcome;
}

export type AdminAction = "login" | "logout" | "approve" | "reject";
const ADMIN_ACTIONS: readonly string[] = ["login", "logout", "approve", "reject"] satisfies AdminAction[];

export interface AdminOutcome {
  message: "approved" | "rejected" | "logged-out";
  /** How many comments the action handled. */
  count: number;
  /** The one comment approved, to link to. */
  comment?: { post: number; number: number };
}
const ADMIN_MESSAGES: readonly string[] = ["approved", "rejected", "logged-out"] satisfies AdminOutcome["message"][];

/** `?admin[=ACTION]`, or `?admin=done` with the outcome; unknown values are the page itself. */
function adminRoute(params: QueryParams): AdminRoute {
  const value = params.get("admin");
  if (value != null && ADMIN_ACTIONS.includes(value)) return { kind: "admin", action: value as AdminAction };
  const message = params.get("msg");
  if (value !== "done" || message == null || !ADMIN_MESSAGES.includes(message)) return { kind: "admin" };
  const outcome: AdminOutcome = { message: message as AdminOutcome["message"], count: smallInt(params.get("n")) ?? 1 };
  const post = smallInt(params.get("post"));
  const number = smallInt(params.get("number"));
  if (post !== undefined && number !== undefined) outcome.comment = { post, number };
  return { kind: "admin", outcome };
}

/** The routes a URL can be written for (see src/site/urls/url-scheme.ts). */
export type LinkRoute = Exclude<Route, { kind: "redirect" | "unsupported-feed" }>;

/** blahgd's limit for ids and page numbers (C `int`). */
export const INT_MAX = 2_147_483_647;

export function smallInt(value: string | null | undefined): number | undefined {
  const n = parseUnsigned(value);
  return n !== undefined && n <= BigInt(INT_MAX) ? Number(n) : undefined;
}

/** The page number: 0 when absent, undefined when invalid. */
export function pageOf(params: QueryParams): number | undefined {
  return params.has("paged") ? smallInt(params.get("paged")) : 0;
}

/** `YYYYMM` with a real month of 1970-2099, as blahgd accepts. */
export function parseMonth(value: string | null | undefined): number | undefined {
  const n = smallInt(value);
  if (n === undefined) return undefined;
  const year = Math.floor(n / 100);
  const month = n % 100;
  return year >= 1970 && year <= 2099 && month >= 1 && month <= 12 ? n : undefined;
}

/**
 * `feed=json`: the site's and tags' JSON Feeds. The other pages have none
 * (a post's comments have Atom and RSS feeds only).
 */
function jsonFeedRoute(path: string, params: QueryParams): Route {
  if (path !== "/" || params.has("comment")) return { kind: "unsupported-feed" };
  const page = pageOf(params);
  if (params.has("tag")) {
    const tag = params.get("tag");
    return tag == null || page === undefined ? { kind: "not-found" } : { kind: "json-feed", tag, page };
  }
  if (["cat", "m", "p", "admin", "comments"].some((name) => params.has(name))) return { kind: "unsupported-feed" };
  return page === undefined ? { kind: "not-found" } : { kind: "json-feed", tag: undefined, page };
}

/** `/sitemap.xml` and its parts (`?part=N`, from 1). */
function sitemapRoute(params: QueryParams): Route {
  if (!params.has("part")) return { kind: "sitemap", part: undefined };
  const part = smallInt(params.get("part"));
  return part === undefined || part < 1 ? { kind: "not-found" } : { kind: "sitemap", part };
}

export function route(path: string, params: QueryParams): Route {
  if (params.get("feed") === "json") return jsonFeedRoute(path, params);
  let format: Format = "html";
  let feedRequested = false;
  if (params.has("feed")) {
    const feed = params.get("feed");
    if (feed !== "atom" && feed !== "rss2") return { kind: "unsupported-feed" };
    format = feed;
    feedRequested = true;
  }
  if (path !== "/") {
    if (feedRequested) return { kind: "unsupported-feed" };
    if (path === "/robots.txt") return { kind: "robots" };
    if (path === "/sitemap.xml") return sitemapRoute(params);
    return { kind: "static", path };
  }
  const noFeed = <R extends Route>(r: R): R | { kind: "unsupported-feed" } => (feedRequested ? { kind: "unsupported-feed" } : r);

  if (params.has("comment")) return noFeed({ kind: "comment" });
  if (params.has("tag")) {
    const tag = params.get("tag");
    const page = pageOf(params);
    if (tag == null || page === undefined) return { kind: "not-found" };
    return { kind: "tag", format, tag, page };
  }
  if (params.has("cat")) {
    const name = params.get("cat");
    if (feedRequested) return { kind: "unsupported-feed" };
    return name == null ? { kind: "not-found" } : { kind: "category", name };
  }
  if (params.has("m")) {
    if (feedRequested) return { kind: "unsupported-feed" };
    const month = parseMonth(params.get("m"));
    const page = pageOf(params);
    return month === undefined || page === undefined ? { kind: "not-found" } : { kind: "archive", month, page };
  }
  if (params.has("p")) {
    const id = smallInt(params.get("p"));
    if (id === undefined) return { kind: "not-found" };
    const story: Route = { kind: "story", format, id, preview: params.get("preview") ?? undefined };
    // `held`: back from posting a comment, which now waits for moderation.
    return params.has("held") ? { ...story, held: true } : story;
  }
  // WordPress's address of a page; pages are posts marked as pages here.
  if (params.has("page_id")) {
    const id = smallInt(params.get("page_id"));
    return id === undefined ? { kind: "not-found" } : { kind: "story", format, id, preview: params.get("preview") ?? undefined };
  }
  if (params.has("admin")) return noFeed(adminRoute(params));
  if (params.has("tags")) return noFeed({ kind: "tags" });
  if (params.has("s")) {
    const page = pageOf(params);
    if (feedRequested) return { kind: "unsupported-feed" };
    return page === undefined ? { kind: "not-found" } : { kind: "search", query: params.get("s") ?? "", page };
  }
  // blahg: the newest comments of the whole blog (`?feed=atom&comments=1`).
  if (params.has("comments") && format !== "html") return { kind: "recent-comments", format };
  const page = pageOf(params);
  return page === undefined ? { kind: "not-found" } : { kind: "index", format, page };
}
