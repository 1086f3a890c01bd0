/**
 * Sitemap benchmark: builds the sitemap of a blog of 10,000 listed posts
 * with 500 tags (entries, XML and the split into parts), as the server does
 * once per change, or per request when base-url is not absolute.
 * Run: npx tsc -p tsconfig.json && node dist/bench/sitemap.bench.js
 */

import type { Post } from "../src/content/model.js";
import { SiteIndex } from "../src/content/site-index.js";
import { sitemapEntries, splitSitemap, sitemapLimits } from "../src/site/pages/sitemap.js";
import { queryUrls } from "../src/site/urls.js";
import { formatMeasurement, measure } from "./measure.js";
import { mulberry32 } from "./corpus.js";

const random = mulberry32(42);
const posts: Post[] = Array.from({ length: 10_000 }, (_, i) => ({
  id: i + 1,
  dir: "",
  bodyPath: "",
  format: "fmt3",
  bodySize: 0,
  title: `Post ${i + 1}`,
  time: 1_300_000_000 + i * 3600,
  tags: Array.from({ length: 3 }, () => `tag-${Math.floor(random() * 500)}`),
  listed: true,
  comments: [],
  twitterImage: undefined,
  commentsClosed: false,
}));
const index = new SiteIndex(posts);
const urls = queryUrls("https://blog.example");
const bytes = splitSitemap(sitemapEntries(index, urls), sitemapLimits).reduce((n, p) => n + p.xml.reduce((m, x) => m + Buffer.byteLength(x), 0), 0);

console.log("| sitemap | rate | time |\n|---|---|---|");
console.log(formatMeasurement(measure("sitemap of 10,000 posts and 500 tags", () => splitSitemap(sitemapEntries(index, urls), sitemapLimits), { bytes })));
