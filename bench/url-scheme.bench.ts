/**
 * URL scheme benchmark on a blog of 10,000 posts (500 tags, 1,000 aliases):
 * building the permalink scheme (slugs, collisions, the path table: once
 * per change of the site), parsing request paths (pretty posts, tags with
 * feeds, `/?p=ID`, unknown paths) and formatting post and tag URLs (every
 * link of every page), against blahgd's query scheme.
 * Run: npx tsc -p tsconfig.json && node dist/bench/url-scheme.bench.js
 */

import { compilePermalink } from "../src/config/permalink-pattern.js";
import type { Post } from "../src/content/model.js";
import { SiteIndex } from "../src/content/site-index.js";
import { parseQuery, type QueryParams } from "../src/http/query.js";
import type { LinkRoute } from "../src/site/route.js";
import { urlSchemeFor } from "../src/site/urls/url-scheme.js";
import { formatMeasurement, measure } from "./measure.js";
import { mulberry32 } from "./corpus.js";

const random = mulberry32(7);
const WORDS = ["lock", "free", "queue", "café", "notes", "on", "the", "linux", "kernel", "日本", "parser", "typesetting"];
const posts: Post[] = Array.from({ length: 10_000 }, (_, i) => ({
  id: i + 1,
  dir: "",
  bodyPath: "",
  format: "fmt3",
  bodySize: 0,
  // Few distinct titles per month, so that collisions happen.
  title: Array.from({ length: 3 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" "),
  time: 1_300_000_000 + i * 7200,
  tags: Array.from({ length: 3 }, () => `tag ${Math.floor(random() * 500)}`),
  listed: true,
  comments: [],
  twitterImage: undefined,
  commentsClosed: false,
  ...(i % 10 === 0 && { aliases: [`/old/${i + 1}.html`] }),
}));
const index = new SiteIndex(posts);
const compiled = compilePermalink("/%year%/%monthnum%/%postname%/");
if (!("pattern" in compiled)) throw new Error(compiled.error);
const config = { baseUrl: "https://blog.example", permalink: compiled.pattern };
const pretty = urlSchemeFor(config, index);
const query = urlSchemeFor({ baseUrl: config.baseUrl }, index);

const stories: LinkRoute[] = posts.map((p) => ({ kind: "story", format: "html", id: p.id, preview: undefined }));
const tags: LinkRoute[] = [...index.tags.values()].map((t) => ({ kind: "tag", format: "html", tag: t.name, page: 0 }));
const requests: Array<{ path: string; query: QueryParams }> = [];
for (let i = 0; i < 1000; i++) {
  const url = pretty.format(stories[Math.floor(random() * stories.length)]!).slice(config.baseUrl.length);
  requests.push({ path: decodeURIComponent(url), query: new Map() });
}
for (let i = 0; i < 250; i++) requests.push({ path: decodeURIComponent(`/tag/${encodeURIComponent(`tag ${i}`)}/feed/atom/`), query: new Map() });
for (let i = 0; i < 250; i++) requests.push({ path: "/", query: parseQuery(`p=${i + 1}`) as QueryParams });
for (let i = 0; i < 250; i++) requests.push({ path: `/2015/01/no-such-post-${i}/`, query: new Map() });

console.log("| url scheme | rate | time |\n|---|---|---|");
console.log(formatMeasurement(measure("build the permalink scheme of 10,000 posts", () => urlSchemeFor(config, index))));
console.log(formatMeasurement(measure("parse 1,750 request paths (permalink scheme)", () => { for (const r of requests) pretty.parse(r.path, r.query); })));
console.log(formatMeasurement(measure("parse 1,750 request paths (query scheme)", () => { for (const r of requests) query.parse(r.path, r.query); })));
console.log(formatMeasurement(measure("format 10,000 post and 500 tag URLs (permalink scheme)", () => { for (const r of stories) pretty.format(r); for (const r of tags) pretty.format(r); })));
console.log(formatMeasurement(measure("format 10,000 post and 500 tag URLs (query scheme)", () => { for (const r of stories) query.format(r); for (const r of tags) query.format(r); })));
