/**
 * Loading a data directory of 10,000 generated posts (metadata, special
 * commands and the index; bodies render on demand). Target: under 1 s.
 * Generates the corpus in bench/corpus/10k on first use.
 * Run: npm run build && node dist/bench/load.bench.js [POSTS]
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPosts, SiteIndex } from "../src/content/index.js";
import { generateCorpus } from "./corpus.js";

const posts = Number(process.argv[2] ?? 10_000);
const dir = join(fileURLToPath(new URL("../../bench/corpus/", import.meta.url)), posts >= 1000 ? `${posts / 1000}k` : String(posts));
if (!existsSync(join(dir, "posts"))) {
  console.error(`generating ${posts} posts in ${dir} ...`);
  await generateCorpus(dir, { posts });
}

const runs: number[] = [];
let loaded = 0;
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  const result = loadPosts({ dataDir: dir, photoBaseUrl: "https://photos" });
  const index = new SiteIndex(result.posts);
  runs.push(performance.now() - start);
  loaded = index.all.length;
}
const first = runs[0]!;
const median = [...runs].sort((a, b) => a - b)[2]!;
console.log(`| load ${loaded} posts + build the index | first run ${first.toFixed(0)} ms | median of 5 ${median.toFixed(0)} ms |`);
