/**
 * The old site's addresses that are not a post's: its feeds, the pages of
 * its sections and of its tags and categories. An imported blog answers
 * them with a 301 to its own page (the config's `site-aliases`), so feed
 * readers keep their subscriptions and links to a tag page keep working.
 * Each maps a decoded path to the blahgd query URL of the page it became.
 */

import { hugoUrlize } from "./permalinks.js";

export type SiteAliases = Map<string, string>;

function tagQuery(tag: string, feed?: "rss2" | "atom"): string {
  return `/?tag=${encodeURIComponent(tag)}${feed === undefined ? "" : `&feed=${feed}`}`;
}

export interface HugoTerms {
  /** The taxonomy's URL name (`tags`, `categories`, or what `[taxonomies]` says), with its terms as written. */
  taxonomy: string;
  terms: Iterable<string>;
}

/**
 * Hugo's: RSS of the home page (`/index.xml`) and of each main section, the sections' list pages,
 * and each taxonomy's list page, terms' pages and their RSS (`/tags/`, `/tags/go/`,
 * `/tags/go/index.xml`), terms under Hugo's `urlize` (lower case unless `lowerCase` is false).
 */
export function hugoSiteAliases(sections: readonly string[], taxonomies: readonly HugoTerms[], lowerCase: boolean): SiteAliases {
  const aliases: SiteAliases = new Map();
  const path = (p: string): string => (lowerCase ? p.toLowerCase() : p);
  aliases.set("/index.xml", "/?feed=rss2");
  for (const section of sections) {
    aliases.set(path(`/${section}/`), "/");
    aliases.set(path(`/${section}/index.xml`), "/?feed=rss2");
  }
  for (const { taxonomy, terms } of taxonomies) {
    aliases.set(path(`/${taxonomy}/`), "/?tags");
    for (const term of terms) {
      const name = hugoUrlize(term, lowerCase);
      // Two terms that urlize alike had one page: the first keeps it.
      if (name === "" || aliases.has(path(`/${taxonomy}/${name}/`))) continue;
      aliases.set(path(`/${taxonomy}/${name}/`), tagQuery(term));
      aliases.set(path(`/${taxonomy}/${name}/index.xml`), tagQuery(term, "rss2"));
    }
  }
  return aliases;
}

/** Jekyll's: the feed jekyll-feed writes (Atom, at `feed.path`, by default `/feed.xml`). */
export function jekyllSiteAliases(feedPath = "/feed.xml"): SiteAliases {
  const path = feedPath.startsWith("/") ? feedPath : `/${feedPath}`;
  return new Map([[path, "/?feed=atom"]]);
}
