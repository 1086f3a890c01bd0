/**
 * The site a static build renders: the same Site the server answers from,
 * over posts already loaded, with the static URL scheme (pretty paths, feeds
 * as files, the comment form at `static-comments` or left out). The build's
 * threads each make one from the same posts.
 */

import { BodyStore } from "../content/bodies.js";
import type { Post } from "../content/model.js";
import { SiteIndex } from "../content/site-index.js";
import type { Config } from "../config/config.js";
import type { Diagnostic } from "../diagnostics.js";
import { STATIC_FORM_TOKEN } from "../comments/submit.js";
import { smallInt, type Format } from "../site/route.js";
import { Site } from "../site/site.js";
import { loadTemplateDir, type TemplateSet } from "../template/index.js";
import { version } from "../version.js";

/**
 * Characters of rendered bodies each build thread keeps (UTF-16: up to twice
 * as many bytes). Listings and tag pages reach far back from where a thread
 * is: at 10,000 posts in two threads the bodies rendered 18,100 times with
 * 8 M characters, 15,700 with 16 M, 13,600 with 32 M.
 */
export const BUILD_BODY_CACHE = 32 * 1024 * 1024;

export type TemplateSets = Record<Format, TemplateSet>;

export async function loadTemplates(templateDir: string, onProblem: (d: Diagnostic) => void): Promise<TemplateSets> {
  const sets = {} as TemplateSets;
  for (const format of ["html", "atom", "rss2"] as const) {
    const { set, diagnostics } = await loadTemplateDir(templateDir, format);
    for (const d of diagnostics) onProblem(d);
    sets[format] = set;
  }
  return sets;
}

export interface BuildSiteOptions {
  config: Config;
  templates: TemplateSets;
  posts: Iterable<Post>;
  captcha: readonly [number, number];
  onProblem: (d: Diagnostic) => void;
}

export function buildSite(options: BuildSiteOptions): Site {
  const { config } = options;
  let site: Site | undefined;
  const bodies = new BodyStore({
    markup: config.markup,
    markdownTypographer: config.markdownTypographer,
    markdownLinkify: config.markdownLinkify,
    maxPostSize: config.maxPostSize,
    // A post's body is shown on its page, the index, its month and each of its tags: a bigger cache than the server's renders it fewer times.
    cacheSize: BUILD_BODY_CACHE,
    // Every post is shown on its own page and in listings: one parse for both.
    renderBothLevels: true,
    reservedIds: options.templates.html.idsInUse,
    // `\post{}` and `\taglink{}` link to the static pages, not to `/?p=ID` (a static host cannot redirect it by itself).
    urls: {
      base: config.baseUrl,
      wiki: config.wikiBaseUrl,
      bug: config.bugBaseUrl,
      photo: config.photoBaseUrl,
      post: (id) => {
        const n = smallInt(id);
        return n === undefined ? `${config.baseUrl}/?p=${encodeURIComponent(id)}` : site!.urls.post(n);
      },
      tag: (tag) => site!.urls.tag(tag),
    },
    onProblem: options.onProblem,
  });
  site = new Site({
    config,
    index: new SiteIndex(options.posts),
    templates: options.templates,
    bodies,
    version: version(),
    captcha: options.captcha,
    onProblem: options.onProblem,
    // No signed timestamp can be baked into a page served for months (see README, "Comments on a static site").
    formToken: () => STATIC_FORM_TOKEN,
    build: { commentEndpoint: config.staticComments },
  });
  return site;
}
