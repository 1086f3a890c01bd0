/**
 * Redirects a static host needs for the blog's old addresses: blahgd's
 * `/?p=ID` to each post's page, each post's aliases, and `/?cat=NAME` to the
 * tag page `category-to-tag` names. Written as an nginx
 * `map` file (`include` it in `http {}`; README shows the two lines that
 * use it) and as a `_redirects` file (Netlify, Cloudflare Pages; Cloudflare
 * ignores the query-string lines).
 */

import type { Site } from "../site/site.js";
import { aliasPath } from "../site/urls/aliases.js";

export interface Redirect {
  /** `/?p=ID` (a post id) or an alias's decoded path. */
  from: { postId: number } | { path: string } | { category: string };
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
    redirects.push({ from: { postId: post.id }, to });
    for (const alias of post.aliases ?? []) {
      const path = aliasPath(alias);
      // The older post keeps an alias two posts claim, as the server does.
      if (path === undefined || taken.has(path)) continue;
      taken.add(path);
      redirects.push({ from: { path }, to });
    }
  }
  for (const [category, tag] of site.config.categoryToTag) {
    const to = hostPath(site.urls.tag(tag));
    if (to !== undefined) redirects.push({ from: { category }, to });
  }
  return redirects;
}

/** A path as nginx and _redirects read it: percent-encoded where it is not plain URL text. */
function encodedPath(path: string): string {
  return path.split("/").map((segment) => encodeURIComponent(segment).replace(/%40/g, "@")).join("/");
}

/** nginx string literal: quoted, with `"`, `\` and `$` escaped (a `$` would start a variable). */
function nginxString(text: string): string {
  return `"${text.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

export function nginxMap(redirects: readonly Redirect[], basePath: string): string {
  const lines = [
    "# Written by `blahg build`: old addresses of the blog's posts. In nginx's http {} block:",
    "#   include /path/to/redirects.nginx;",
    `# and in the server {} block that serves the blog:`,
    `#   if ($blahg_post_redirect) { return 301 $blahg_post_redirect; }`,
    `#   if ($blahg_category_redirect) { return 301 $blahg_category_redirect; }`,
    `#   if ($blahg_alias_redirect) { return 301 $blahg_alias_redirect; }`,
    `map $uri$is_args$arg_p $blahg_post_redirect {`,
    `    default "";`,
  ];
  for (const r of redirects) if ("postId" in r.from) lines.push(`    ${nginxString(`${basePath}/?${r.from.postId}`)} ${nginxString(r.to)};`);
  lines.push("}", `map $uri$is_args$arg_cat $blahg_category_redirect {`, `    default "";`);
  // $arg_cat is as the request wrote it: percent-encoded.
  for (const r of redirects) if ("category" in r.from) lines.push(`    ${nginxString(`${basePath}/?${encodeURIComponent(r.from.category)}`)} ${nginxString(r.to)};`);
  lines.push("}", "map $uri $blahg_alias_redirect {", `    default "";`);
  // $uri is decoded, as aliases are kept.
  // A path with a control character cannot be written in nginx's config (nor typed in a link); _redirects has it encoded.
  for (const r of redirects) if ("path" in r.from && !/[\x00-\x1f\x7f]/.test(r.from.path)) lines.push(`    ${nginxString(r.from.path)} ${nginxString(r.to)};`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

export function netlifyRedirects(redirects: readonly Redirect[], basePath: string): string {
  const lines = ["# Written by `blahg build`: old addresses of the blog's posts (Netlify and Cloudflare Pages `_redirects`)."];
  for (const r of redirects) {
    if ("postId" in r.from) lines.push(`${basePath}/ p=${r.from.postId} ${r.to} 301`);
    else if ("category" in r.from) lines.push(`${basePath}/ cat=${encodeURIComponent(r.from.category)} ${r.to} 301`);
    else lines.push(`${encodedPath(r.from.path)} ${r.to} 301`);
  }
  return lines.join("\n") + "\n";
}
