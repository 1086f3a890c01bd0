/**
 * Search results, `/?s=QUERY&paged=N`: the matching listed posts, best
 * first, each with its title, date and a snippet around the match. Rendered
 * with the theme's `search` template; a template set without one (blahgd's)
 * gets its `index` template with the results as the posts, each with the
 * snippet as its body. Never cached: results follow the index, and queries
 * are too many to keep.
 */

import { compareTags } from "../../content/tags.js";
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseSearchQuery } from "../../search/query.js";
import { trustedHtml, type TemplateMap, type TemplateValue } from "../../template/index.js";
import { commentCount, tagLinks } from "../post-view.js";
import type { Site } from "../site.js";
import { notFound } from "./errors.js";
import { CONTENT_TYPES, type Page } from "./page.js";

/** blahgd's `nextpage` on the first page, as listings have it. */
const U64_MINUS_ONE = (1n << 64n) - 1n;

export function searchPage(site: Site, text: string, page: number, now: bigint): Page {
  const query = parseSearchQuery(text);
  const perPage = Math.max(1, site.config.htmlIndexStories);
  const start = page * perPage;
  const result = site.search?.search(query, start, perPage) ?? { total: 0, hits: [] };
  if (page > 0 && start >= result.total) return notFound(site, now);

  const posts: TemplateMap[] = [];
  for (const hit of result.hits) {
    const post = site.index.post(hit.id);
    if (!post) continue;
    const snippet = site.search!.snippet(post, query);
    const tags = [...post.tags].sort(compareTags);
    posts.push({
      id: post.id,
      time: post.time,
      title: post.title,
      url: site.urls.post(post.id),
      commentsurl: `${site.urls.post(post.id)}#comments`,
      numcom: post.comments.length,
      commentcount: commentCount(post.comments.length),
      tags,
      ...tagLinks(tags, site.urls),
      snippet: trustedHtml(snippet),
      // For templates without a search page, which show `body`.
      body: trustedHtml(`<p class="search-snippet">${snippet}</p>`),
    });
  }
  const notes: string[] = [];
  if (query.truncated) notes.push(`Only the first ${MAX_QUERY_LENGTH} characters of the search were used.`);
  if (query.tooManyTerms) notes.push(`Only the first ${MAX_QUERY_TERMS} words of the search were used.`);
  if (query.groups.length === 0 && text.trim() !== "") notes.push("The search has no words to look for.");
  if (result.partial) notes.push("The search matches too many posts to look through them all: the results are from the newest posts.");

  const more = start + perPage < result.total;
  const variables: Record<string, TemplateValue> = {
    title: query.text.trim() === "" ? "Search" : `Search: ${query.text}`,
    twittertitle: `${site.config.siteTitle} \u00bb Search`,
    pagekind: "search",
    posts,
    searchcount: result.total,
    searchfirst: result.total === 0 ? 0 : start + 1,
    searchlast: start + posts.length,
    searchnotes: notes,
    curpage: page,
    prevpage: page + 1,
    nextpage: page > 0 ? page - 1 : U64_MINUS_ONE,
    moreposts: more ? 1 : 0,
    lastupdate: posts.reduce((t, p) => Math.max(t, p.time as number), 0),
  };
  // Unset rather than empty, so templates can test it with ifset().
  if (query.text.trim() !== "") variables.searchquery = query.text;
  if (result.building) {
    variables.searchbuilding = 1;
    variables.searchindexed = result.building.indexed;
    variables.searchtotal = result.building.total;
  }
  variables.canonicalurl = site.urls.search(query.text, page);
  if (more) variables.olderurl = site.urls.search(query.text, page + 1);
  if (page > 0) variables.newerurl = site.urls.search(query.text, page - 1);
  const template = site.templates.html.has("search") ? "search" : "index";
  return {
    status: 200,
    contentType: CONTENT_TYPES.html,
    body: site.render("html", template, site.requestScope(now), variables),
    maxAge: 0,
    posts: [],
    listing: false,
  };
}
