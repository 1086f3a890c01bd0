/**
 * blahgd's URLs: everything is a query on `/` (`/?p=ID`, `/?tag=NAME`,
 * `/?m=YYYYMM`, `&feed=atom`, `&paged=N`), plus `/sitemap.xml` and
 * `/robots.txt`. Parsing is blahgd's rules (../route.ts); formatting writes
 * the same bytes blahgd's templates and writers did. Pages, which blahgd
 * did not have, are at their parents' slugs (`/about/team/`).
 */

import type { QueryParams } from "../../http/query.js";
import { urlEscape } from "../../text/url-escape.js";
import { route, type AdminRoute, type LinkRoute, type Route } from "../route.js";
import type { AliasTable } from "./aliases.js";
import { pageRoute, pageUrl, type PagePaths } from "./page-paths.js";
import type { UrlScheme } from "./url-scheme.js";

type Param = readonly [name: string, value: string | null];

function query(base: string, params: readonly Param[]): string {
  if (params.length === 0) return `${base}/`;
  return `${base}/?${params.map(([name, value]) => (value === null ? name : `${name}=${value}`)).join("&")}`;
}

/** `&paged=N` unless on the first page. */
function paged(page: number): Param[] {
  return page === 0 ? [] : [["paged", String(page)]];
}

function feed(format: "html" | "atom" | "rss2" | "json"): Param[] {
  return format === "html" ? [] : [["feed", format]];
}

/** A path of the web directory, each segment escaped. */
export function staticUrl(base: string, path: string): string {
  return base + path.split("/").map(encodeURIComponent).join("/");
}

function adminParams(r: AdminRoute): Param[] {
  if (r.action !== undefined) return [["admin", r.action]];
  const { outcome } = r;
  if (outcome === undefined) return [["admin", null]];
  const params: Param[] = [["admin", "done"], ["msg", outcome.message], ...(outcome.count === 1 ? [] : [["n", String(outcome.count)] as const])];
  if (outcome.comment) params.push(["post", String(outcome.comment.post)], ["number", String(outcome.comment.number)]);
  return params;
}

/** The query-form URL of any route: what blahgd wrote, and what the permalink scheme falls back to. */
export function queryUrl(base: string, r: LinkRoute): string {
  switch (r.kind) {
    case "index":
      return query(base, [...feed(r.format), ...paged(r.page)]);
    case "archive":
      return query(base, [["m", String(r.month)], ...paged(r.page)]);
    case "tag":
      return query(base, [["tag", urlEscape(r.tag)], ...feed(r.format), ...paged(r.page)]);
    case "search":
      return query(base, [["s", urlEscape(r.query)], ...paged(r.page)]);
    case "tags":
      return query(base, [["tags", null]]);
    case "story": {
      const params: Param[] = [["p", String(r.id)], ...feed(r.format)];
      if (r.preview !== undefined) params.push(["preview", urlEscape(r.preview)]);
      if (r.held) params.push(["held", "1"]);
      return query(base, params);
    }
    case "category":
      return query(base, [["cat", urlEscape(r.name)]]);
    case "recent-comments":
      return query(base, [["feed", r.format], ["comments", "1"]]);
    case "json-feed":
      return query(base, [...(r.tag === undefined ? [] : [["tag", urlEscape(r.tag)] as const]), ["feed", "json"], ...paged(r.page)]);
    case "sitemap":
      return r.part === undefined ? `${base}/sitemap.xml` : `${base}/sitemap.xml?part=${r.part}`;
    case "robots":
      return `${base}/robots.txt`;
    case "comment":
      return query(base, [["comment", "1"]]);
    case "admin":
      return query(base, adminParams(r));
    case "static":
      return staticUrl(base, r.path);
    case "not-found":
      return `${base}/404.html`;
  }
}

export class QueryScheme implements UrlScheme {
  constructor(
    readonly base: string,
    private readonly aliases: AliasTable,
    private readonly pages: PagePaths = { byId: new Map(), byPath: new Map() },
  ) {}

  parse(path: string, params: QueryParams): Route {
    if (path !== "/") {
      const page = pageRoute(this.pages, path, params);
      if (page !== undefined) return page;
      const to = this.aliases.get(path);
      if (to !== undefined) return { kind: "redirect", to };
    }
    return route(path, params);
  }

  format(r: LinkRoute): string {
    return (r.kind === "story" ? pageUrl(this.pages, this.base, r) : undefined) ?? queryUrl(this.base, r);
  }

  withBase(base: string): UrlScheme {
    return new QueryScheme(base, this.aliases, this.pages);
  }
}
