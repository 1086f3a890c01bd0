/**
 * Redirects a static host needs for the blog's old addresses: blahgd's
 * query URLs (`/?p=ID` to each post's page, `/?page_id=ID` to a page's, `/?tag=NAME` and `/?m=YYYYMM` to
 * the tag and month pages, `/?cat=NAME` to the tag `category-to-tag` names),
 * each post's aliases and the site's (`site-aliases`: an imported blog's old
 * feed and tag addresses). Written as an nginx
 * `map` file (`include` it in `http {}`; README shows the two lines that
 * use it) and as a `_redirects` file (Netlify, Cloudflare Pages; Cloudflare
 * ignores the query-string lines).
 */

import type { Site } from "../site/site.js";
import { aliasPath, aliasTarget } from "../site/urls/aliases.js";
import { encodePath } from "../text/url-escape.js";

/** blahgd's query parameters that name a page, in the order nginx's maps are written. */
export const QUERY_PARAMS = ["p", "page_id", "tag", "m", "cat"] as const;
export type QueryParam = (typeof QUERY_PARAMS)[number];

export interface Redirect {
  /** A query URL on the home page (`/?NAME=VALUE`, VALUE decoded), or an alias's decoded path. */
  from: { param: QueryParam; value: string } | { path: string };
  /** The post's path on the host (the base's path included). */
  to: string;
}

/** Paths on the host: `base-url`'s path and the page path; a target is written encoded, as the page's links are. */
export function siteRedirects(site: Site, hostPath: (url: string) => string | undefined): Redirect[] {
  const redirects: Redirect[] = [];
  const taken = new Set<string>();
  for (const post of [...site.index.all].reverse()) {
    const to = hostPath(site.urls.post(post.id));
    if (to === undefined) continue;
    redirects.push({ from: { param: "p", value: String(post.id) }, to });
    // WordPress's old address of a page (About).
    if (post.page) redirects.push({ from: { param: "page_id", value: String(post.id) }, to });
    for (const alias of post.aliases ?? []) {
      const path = aliasPath(alias);
      // The older post keeps an alias two posts claim, as the server does.
      if (path === undefined || taken.has(path)) continue;
      taken.add(path);
      redirects.push({ from: { path }, to });
    }
  }
  for (const [path, target] of site.config.siteAliases) {
    const route = aliasTarget(target);
    const to = route === undefined ? undefined : hostPath(site.urls.of(route));
    // A post's alias wins, as the server has it; an alias to its own path would loop.
    if (to === undefined || taken.has(path) || to === path) continue;
    taken.add(path);
    redirects.push({ from: { path }, to });
  }
  const queryRedirect = (param: QueryParam, value: string, url: string): void => {
    const to = hostPath(url);
    if (to !== undefined) redirects.push({ from: { param, value }, to });
  };
  for (const tag of site.index.tags.values()) queryRedirect("tag", tag.name, site.urls.tag(tag.name));
  for (const month of site.index.months()) queryRedirect("m", String(month), site.urls.month(month));
  for (const [category, tag] of site.config.categoryToTag) queryRedirect("cat", category, site.urls.tag(tag));
  return redirects;
}

/** nginx string literal: quoted, with `"`, `\` and `$` escaped (a `$` would start a variable). */
function nginxString(text: string): string {
  return `"${text.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

export function nginxMap(redirects: readonly Redirect[], basePath: string): string {
  const lines = [
    "# Written by `blahg build`: old addresses of the blog's pages. In nginx's http {} block:",
    "#   include /path/to/redirects.nginx;",
    "# and in the server {} block that serves the blog:",
    ...QUERY_PARAMS.map((param) => `#   if ($blahg_${param}_redirect) { return 301 $blahg_${param}_redirect; }`),
    "#   if ($blahg_alias_redirect) { return 301 $blahg_alias_redirect; }",
  ];
  for (const param of QUERY_PARAMS) {
    // The key is the path and the argument as the request wrote it (percent-encoded): `/?NAME=VALUE` -> `/?VALUE`.
    lines.push(`map $uri$is_args$arg_${param} $blahg_${param}_redirect {`, `    default "";`);
    for (const r of redirects) {
      if ("param" in r.from && r.from.param === param) lines.push(`    ${nginxString(`${basePath}/?${encodeURIComponent(r.from.value)}`)} ${nginxString(r.to)};`);
    }
    lines.push("}");
  }
  lines.push("map $uri $blahg_alias_redirect {", `    default "";`);
  // $uri is decoded, as aliases are kept. A path with a control character cannot be written in nginx's config (nor typed in a link); _redirects has it encoded.
  for (const r of redirects) if ("path" in r.from && !/[\x00-\x1f\x7f]/.test(r.from.path)) lines.push(`    ${nginxString(r.from.path)} ${nginxString(r.to)};`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

export function netlifyRedirects(redirects: readonly Redirect[], basePath: string): string {
  const lines = ["# Written by `blahg build`: old addresses of the blog's posts (Netlify and Cloudflare Pages `_redirects`)."];
  for (const r of redirects) {
    if ("param" in r.from) lines.push(`${basePath}/ ${r.from.param}=${encodeURIComponent(r.from.value)} ${r.to} 301`);
    else lines.push(`${encodePath(r.from.path)} ${r.to} 301`);
  }
  return lines.join("\n") + "\n";
}
