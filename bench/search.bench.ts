/**
 * Search on the 10,000-post corpus: writing the index file in a worker
 * (time, file size, memory the serving thread keeps), then reopening it,
 * then distinct queries rendered as whole result pages (search, snippets
 * and the template, as `/?s=` does it minus the socket), and the index's
 * part alone (matching and ranking, no snippets): four words of a
 * post's title, a quoted four-word phrase from a post's body, and single
 * common words. Reports p50/p95 latency and recall (the post on the first
 * result page). Targets: p95 under 10 ms; recall on the first page.
 * Run: npm run build && node dist/bench/search.bench.js [POSTS] [DATA-DIR]
 * (DATA-DIR: a corpus generated elsewhere, e.g. by the start-up bench.)
 */

import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DEFAULT_CONFIG, type Config } from "../src/config/config.js";
import type { Post } from "../src/content/model.js";
import { silentLogger } from "../src/log.js";
import { defaultThemeDir } from "../src/paths.js";
import { SEARCH_FILE } from "../src/search/index-file.js";
import { parseSearchQuery } from "../src/search/query.js";
import { terms, tokenize } from "../src/search/tokenize.js";
import { LiveSite } from "../src/server/live-site.js";
import { renderPage } from "../src/site/render-page.js";
import { generateCorpus, mulberry32 } from "./corpus.js";

const posts = Number(process.argv[2] ?? 10_000);
const dir = process.argv[3] ?? join(fileURLToPath(new URL("../../bench/corpus/", import.meta.url)), posts >= 1000 ? `${posts / 1000}k` : String(posts));
if (!existsSync(join(dir, "posts"))) {
  console.error(`generating ${posts} posts in ${dir} ...`);
  await generateCorpus(dir, { posts });
}

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

const config: Config = { ...DEFAULT_CONFIG, dataDir: dir, baseUrl: "http://blog.test", categoryToTag: new Map() } as Config;
const live = await LiveSite.open({ config, templateDir: defaultThemeDir, webDir: join(defaultThemeDir, "web"), version: "bench", captcha: [1, 2], log: silentLogger });
// A big first start (no start-up snapshot yet) opens the site at once and loads the posts behind it.
await live.loaded;
const before = heapUsed();
rmSync(join(dir, SEARCH_FILE), { force: true });
const buildStart = performance.now();
await live.indexSearchInBackground();
const buildMs = performance.now() - buildStart;
const after = heapUsed();
const fileSize = statSync(join(dir, SEARCH_FILE)).size;
live.close();
// A restart: the file is reused.
const reopened = await LiveSite.open({ config, templateDir: defaultThemeDir, webDir: join(defaultThemeDir, "web"), version: "bench", captcha: [1, 2], log: silentLogger });
await reopened.loaded;
const reopenStart = performance.now();
await reopened.indexSearchInBackground();
const reopenMs = performance.now() - reopenStart;
const site = reopened.site();
const search = site.search!;

// Distinct queries, chosen deterministically.
const rng = mulberry32(42);
const listed = site.index.listed;
const pick = (): Post => listed[Math.floor(rng() * listed.length)]!;
const words = (text: string): string[] => tokenize(text).map((t) => text.slice(t.start, t.end));

interface Case {
  query: string;
  /** The post that must be on the first page, if any. */
  target?: number;
}

const titleCases: Case[] = [];
while (titleCases.length < 200) {
  const post = pick();
  const w = words(post.title);
  if (w.length < 4) continue;
  const at = Math.floor(rng() * (w.length - 3));
  const query = w.slice(at, at + 4).join(" ");
  if (titleCases.some((c) => c.query === query)) continue;
  titleCases.push({ query, target: post.id });
}
const phraseCases: Case[] = [];
while (phraseCases.length < 200) {
  const post = pick();
  const w = words(site.bodies.plainText(post) ?? "");
  if (w.length < 4) continue;
  const at = Math.floor(rng() * (w.length - 3));
  phraseCases.push({ query: `"${w.slice(at, at + 4).join(" ")}"`, target: post.id });
}
const WORDS_FOR_BENCH = [...new Set(listed.slice(0, 400).flatMap((p) => terms(p.title)))];
const common = [...new Set(listed.slice(0, 400).flatMap((p) => terms(p.title)))].slice(0, 200);
const wordCases: Case[] = common.map((query) => ({ query }));

const now = BigInt(Date.now()) * 1_000_000n;
function run(cases: readonly Case[]): { p50: number; p95: number; searchP50: number; searchP95: number; recall: number; results: number; ambiguous: number } {
  const times: number[] = [];
  const searchTimes: number[] = [];
  let found = 0;
  let results = 0;
  /** Misses of queries that match more posts than a page holds (a phrase common to many posts, such as a URL's pieces). */
  let ambiguous = 0;
  for (const c of cases) {
    const start = performance.now();
    const page = renderPage(site, { kind: "search", query: c.query, page: 0 }, now);
    times.push(performance.now() - start);
    const searchStart = performance.now();
    const hits = search.search(parseSearchQuery(c.query), 0, config.htmlIndexStories);
    searchTimes.push(performance.now() - searchStart);
    results += hits.total;
    if (c.target !== undefined && hits.hits.some((h) => h.id === c.target) && page.body.includes(`id="post-${c.target}"`)) found++;
    else if (c.target !== undefined && hits.total > config.htmlIndexStories) ambiguous++;
  }
  times.sort((a, b) => a - b);
  searchTimes.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length * 0.5)]!,
    p95: times[Math.floor(times.length * 0.95)]!,
    searchP50: searchTimes[Math.floor(searchTimes.length * 0.5)]!,
    searchP95: searchTimes[Math.floor(searchTimes.length * 0.95)]!,
    recall: found / cases.length,
    results: results / cases.length,
    ambiguous,
  };
}

// Warm up the code paths with queries not measured.
for (const q of ["warm up", '"warm up"', "system"]) renderPage(site, { kind: "search", query: q, page: 0 }, now);

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
console.log(`| search, ${site.index.listed.length} listed posts | value |`);
console.log("|---|---|");
console.log(`| write the index file in a worker | ${(buildMs / 1000).toFixed(2)} s |`);
console.log(`| the file's size | ${mb(fileSize)} |`);
console.log(`| heap + array buffers of the serving thread after the build, minus before | ${mb(after - before)} |`);
console.log(`| of which the dictionary and document table kept for the file | ${mb(search.fileMemory())} |`);
console.log(`| a restart: check and open the file (no post indexed again) | ${reopenMs.toFixed(0)} ms |`);
console.log("");
console.log("| distinct queries | queries | whole page p50 | whole page p95 | index only p50 / p95 | results per query | on the first page |");
console.log("|---|---|---|---|---|---|---|");
for (const [name, cases] of [["four words of a title", titleCases], ["quoted four-word phrase from a body", phraseCases], ["one common word", wordCases]] as const) {
  const r = run(cases);
  const recall = cases[0]?.target === undefined ? "n/a" : `${(r.recall * 100).toFixed(1)} %${r.ambiguous > 0 ? ` (${r.ambiguous} misses match more than ${config.htmlIndexStories} posts)` : ""}`;
  console.log(`| ${name} | ${cases.length} | ${r.p50.toFixed(2)} ms | ${r.p95.toFixed(2)} ms | ${r.searchP50.toFixed(2)} / ${r.searchP95.toFixed(2)} ms | ${r.results.toFixed(0)} | ${recall} |`);
}
// Pathological queries: every one answered, none slow.
const stop = "the a of and to in is it that for on with as was be by this are or from";
const pathological = [
  Array.from({ length: 3000 }, (_, i) => `w${i}`).join(" "),
  Array.from({ length: 16 }, () => WORDS_FOR_BENCH[Math.floor(rng() * WORDS_FOR_BENCH.length)]).join(" "),
  `"${stop}"`,
  stop,
  '"',
  '"""' + "x".repeat(300),
];
let worst = 0;
for (const query of pathological) {
  const start = performance.now();
  const page = renderPage(site, { kind: "search", query, page: 0 }, now);
  worst = Math.max(worst, performance.now() - start);
  if (page.status !== 200) throw new Error(`status ${page.status} for a pathological query`);
}
console.log("");
console.log(`| pathological queries (3000 terms, 16 common words, 20 stop words quoted and not, a lone quote, 300 characters) | slowest: ${worst.toFixed(2)} ms |`);
console.log("|---|---|");
reopened.close();
