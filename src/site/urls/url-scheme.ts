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
import { compilePermalink, type PermalinkPattern } from "../../config/permalink-pattern.js";
import { PermalinkScheme, type PermalinkOptions } from "./permalink-scheme.js";
import { QueryScheme } from "./query-scheme.js";
import { pagePaths } from "./page-paths.js";

export interface UrlScheme {
  /** The base of every URL written (`base-url`). */
  readonly base: string;
  /** `path` is percent-decoded, as requests carry it. */
  parse(path: string, query: QueryParams): Route;
  format(route: LinkRoute): string;
  /** The same scheme writing URLs under another base (absolute URLs built from a Host header). */
  withBase(base: string): UrlScheme;
}

/** What `blahg build` uses when the config has no `permalink`: static hosts cannot route `/?p=ID`. */
export const DEFAULT_BUILD_PERMALINK = "/%year%/%monthnum%/%postname%/";

/** Static files (`blahg build`): pretty URLs always, feeds as files, the comment form at `commentEndpoint`. */
export interface StaticUrlOptions {
  commentEndpoint: string | undefined;
}

function defaultBuildPermalink(): PermalinkPattern {
  const compiled = compilePermalink(DEFAULT_BUILD_PERMALINK);
  if ("error" in compiled) throw new Error(`DEFAULT_BUILD_PERMALINK: ${compiled.error}`);
  return compiled.pattern;
}

/** The scheme a site's config asks for, over the site's posts; `build`: the scheme of a static copy. */
export function urlSchemeFor(config: Pick<Config, "baseUrl" | "permalink"> & Partial<Pick<Config, "siteAliases">>, index: SiteIndex, build?: StaticUrlOptions): UrlScheme {
  const aliases = aliasTable([...index.all].reverse(), config.siteAliases);
  if (build !== undefined) {
    const options: PermalinkOptions = { files: true, commentEndpoint: build.commentEndpoint };
    return new PermalinkScheme(config.baseUrl, config.permalink ?? defaultBuildPermalink(), index, aliases, undefined, undefined, options);
  }
  // Under query URLs nothing but the web directory (which pages take precedence over) shares their paths.
  return config.permalink === undefined
    ? new QueryScheme(config.baseUrl, aliases, pagePaths(index, () => false))
    : new PermalinkScheme(config.baseUrl, config.permalink, index, aliases);
}
