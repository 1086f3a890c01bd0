/**
 * The URL scheme: the one two-way mapping between the blog's URLs and its
 * routes. `parse(path, query)` names the page a request asks for,
 * `format(route)` writes the URL of a page; nothing else in blahg writes a
 * blog URL. Two schemes sit behind it: blahgd's query URLs (`/?p=123`, the
 * default, byte for byte) and pretty permalinks (the `permalink` config
 * key), under which the query forms still parse.
 */

import type { Config } from "../../config/config.js";
import type { SiteIndex } from "../../content/site-index.js";
import type { QueryParams } from "../../http/query.js";
import type { LinkRoute, Route } from "../route.js";
import { aliasTable } from "./aliases.js";
import { PermalinkScheme } from "./permalink-scheme.js";
import { QueryScheme } from "./query-scheme.js";

export interface UrlScheme {
  /** The base of every URL written (`base-url`). */
  readonly base: string;
  /** `path` is percent-decoded, as requests carry it. */
  parse(path: string, query: QueryParams): Route;
  format(route: LinkRoute): string;
  /** The same scheme writing URLs under another base (absolute URLs built from a Host header). */
  withBase(base: string): UrlScheme;
}

/** The scheme a site's config asks for, over the site's posts. */
export function urlSchemeFor(config: Pick<Config, "baseUrl" | "permalink">, index: SiteIndex): UrlScheme {
  const aliases = aliasTable([...index.all].reverse());
  return config.permalink === undefined
    ? new QueryScheme(config.baseUrl, aliases)
    : new PermalinkScheme(config.baseUrl, config.permalink, index, aliases);
}
