/**
 * `blahg import hugo|jekyll` on generated sites (issue 11): the Hugo corpus
 * of bench/hugo-corpus.ts, and the same posts as a Jekyll site (file names
 * `_posts/YYYY-MM-DD-post-N.md`, Liquid `highlight` and `post_url` instead
 * of the shortcodes, `redirect_from` instead of `aliases`). Each import runs
 * in a fresh process (importBlog, what the command runs) into an empty
 * directory, three times per site and thread count, and reports the median
 * wall time of the whole process (Node's start included), its CPU time (user
 * and system, every thread) and its peak memory.
 *
 * Run: npm run build && node dist/bench/import.bench.js [--posts 10000]
 *      [--out DIR] (where the blogs are written; default tmpfs /dev/shm when
 *      there is one: see bench/RESULTS.md on timing writes to ext4)
 *      [--threads 1,2] (thread counts to compare; default: the command's own choice)
 */

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateHugoCorpus, generateHugoPosts } from "./hugo-corpus.js";

interface Run {
  wall: number;
  user: number;
  system: number;
  peakMb: number;
  posts: number;
}

/** In the child process: one import, then its times as JSON on stdout. */
async function child(kind: "hugo" | "jekyll", site: string, blog: string, threads: number | undefined): Promise<void> {
  const { importBlog } = await import("../src/import/import-blog.js");
  const summary = await importBlog(kind, site, blog, threads === undefined ? {} : { threads });
  const usage = process.resourceUsage();
  // The parent times the whole process, Node's start included, as a user would.
  const run: Run = { wall: 0, user: usage.userCPUTime / 1e6, system: usage.systemCPUTime / 1e6, peakMb: usage.maxRSS / 1024, posts: summary.posts };
  process.stdout.write(JSON.stringify(run));
}

/** The Hugo corpus's posts as a Jekyll site. */
function writeJekyllCorpus(dir: string, posts: number): void {
  const names = new Map<string, string>();
  let n = 0;
  for (const post of generateHugoPosts({ posts })) {
    const file = post.files[0]!;
    const text = file.content.toString();
    const date = /^date: (\d{4}-\d{2}-\d{2})/m.exec(text)![1]!;
    const name = `${date}-post-${++n}`;
    names.set(post.bundle ? `post-${n}` : `post-${n}.md`, name);
    const body = text
      .replace(/^aliases:/m, "redirect_from:")
      .replace(/\{\{< highlight (\w+) >\}\}/g, "{% highlight $1 %}")
      .replace(/\{\{< \/highlight >\}\}/g, "{% endhighlight %}")
      .replace(/\{\{< ref "([^"]+)" >\}\}/g, (_whole, target: string) => `{% post_url ${names.get(target) ?? target} %}`)
      .replace(/\{\{< figure src="([^"]+)" alt="([^"]*)"[^>]*>\}\}/g, "![$2](/assets/$1)");
    const target = join(dir, "_posts", `${name}.md`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, body);
  }
  writeFileSync(join(dir, "_config.yml"), "title: Generated Jekyll corpus\nurl: https://jekyll-corpus.example\npermalink: /:year/:month/:day/:title/\n");
}

function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.wall - b.wall)[runs.length >> 1]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { posts: { type: "string" }, out: { type: "string" }, threads: { type: "string" } } });
  const posts = Number(values.posts ?? 10_000);
  const outRoot = values.out ?? (existsSync("/dev/shm") ? "/dev/shm" : tmpdir());
  const threadCounts: Array<number | undefined> = values.threads === undefined ? [undefined] : values.threads.split(",").map(Number);
  const sites = mkdtempSync(join(tmpdir(), "blahg-import-bench-"));
  const blogs = mkdtempSync(join(outRoot, "blahg-import-bench-out-"));
  try {
    const hugo = join(sites, "hugo");
    await generateHugoCorpus(hugo, { posts });
    const jekyll = join(sites, "jekyll");
    writeJekyllCorpus(jekyll, posts);
    const self = fileURLToPath(import.meta.url);
    console.log(`| blahg import (${posts.toLocaleString("en")} posts, blogs written under ${outRoot}, load average ${loadavg()[0]!.toFixed(1)} at the start) | threads | wall (median of 3) | CPU user + sys | peak RSS |`);
    console.log("|---|---|---|---|---|");
    let blog = 0;
    for (const [kind, site] of [["hugo", hugo], ["jekyll", jekyll]] as const) {
      for (const threads of threadCounts) {
        const runs: Run[] = [];
        for (let i = 0; i < 3; i++) {
          const dir = join(blogs, String(++blog));
          const args = [self, "--child", kind, site, dir, ...(threads === undefined ? [] : [String(threads)])];
          const started = performance.now();
          const run = JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })) as Run;
          runs.push({ ...run, wall: (performance.now() - started) / 1000 });
          rmSync(dir, { recursive: true, force: true });
        }
        const m = median(runs);
        console.log(`| ${kind}: ${m.posts} posts | ${threads ?? "default"} | ${m.wall.toFixed(2)} s | ${(m.user + m.system).toFixed(2)} s (${m.user.toFixed(2)} + ${m.system.toFixed(2)}) | ${m.peakMb.toFixed(0)} MB |`);
      }
    }
  } finally {
    rmSync(sites, { recursive: true, force: true });
    rmSync(blogs, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") {
  const [kind, site, blog, threads] = process.argv.slice(3);
  await child(kind as "hugo" | "jekyll", site!, blog!, threads === undefined ? undefined : Number(threads));
} else {
  await main();
}
