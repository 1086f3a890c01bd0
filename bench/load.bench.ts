/**
 * Loading a data directory of 10,000 generated posts (metadata, special
 * commands and the index; bodies render on demand), the way the server
 * does it (one thread per core) and on one thread. Target: under 1 s.
 * Generates the corpus in bench/corpus/10k on first use.
 * Run: npm run build && node dist/bench/load.bench.js [POSTS]
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPosts, SiteIndex } from "../src/content/index.js";
import { loadPostsInWorkers } from "../src/content/load-in-worker.js";
import { generateCorpus } from "./corpus.js";

const posts = Number(process.argv[2] ?? 10_000);
const dir = join(fileURLToPath(new URL("../../bench/corpus/", import.meta.url)), posts >= 1000 ? `${posts / 1000}k` : String(posts));
if (!existsSync(join(dir, "posts"))) {
  console.error(`generating ${posts} posts in ${dir} ...`);
  await generateCorpus(dir, { posts });
}

async function time(load: () => Promise<{ posts: ReturnType<typeof loadPosts>["posts"] }> | ReturnType<typeof loadPosts>): Promise<{ first: number; median: number; count: number }> {
  const runs: number[] = [];
  let count = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const index = new SiteIndex((await load()).posts);
    runs.push(performance.now() - start);
    count = index.all.length;
  }
  return { first: runs[0]!, median: [...runs].sort((a, b) => a - b)[2]!, count };
}

const options = { dataDir: dir, photoBaseUrl: "https://photos" };
// Threads first: the server loads this way, and this way the first run is a cold start of this process.
const threaded = await time(() => loadPostsInWorkers(options));
const single = await time(() => loadPosts(options));
console.log(`| load ${threaded.count} posts and build the index | first run | median of 5 |`);
console.log("|---|---|---|");
console.log(`| on one thread per core, as the server does | ${threaded.first.toFixed(0)} ms | ${threaded.median.toFixed(0)} ms |`);
console.log(`| on the main thread only | ${single.first.toFixed(0)} ms | ${single.median.toFixed(0)} ms |`);
