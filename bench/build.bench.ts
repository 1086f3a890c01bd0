/**
 * `blahg build` on the generated corpus (bench/corpus.ts, 10,000 fmt3 posts
 * by default): a cold build into an empty directory and a second build with
 * nothing changed, with one rendering thread and with two, each a separate
 * process timed by /usr/bin/time (wall, CPU, peak resident memory; the
 * threads share the process, so its peak is the build's). Against Hugo in
 * the same run when `hugo` is installed and the Hugo corpus generator
 * (bench/hugo-corpus.ts) and `blahg import hugo` are there; otherwise says
 * why not.
 * Run: npx tsc -p tsconfig.json && node dist/bench/build.bench.js [--posts N] [--jobs 1,2]
 */

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateCorpus } from "./corpus.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : (args[i + 1] ?? fallback);
};
const posts = Number(option("--posts", "10000"));
const jobsList = option("--jobs", "1,2").split(",").map(Number);
const cli = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
const dir = join(fileURLToPath(new URL("../../bench/corpus/", import.meta.url)), posts >= 1000 ? `${posts / 1000}k` : String(posts));

interface Run {
  wall: number;
  cpu: number;
  peakMb: number;
  output: string;
}

/** Runs a command under /usr/bin/time: wall seconds, CPU seconds (user + system), peak RSS. */
function timed(command: string, argv: string[]): Run {
  const result = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S %M", command, ...argv], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const m = /TIME ([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9]+)\s*$/.exec(result.stderr);
  if (result.status !== 0 || !m) throw new Error(`${command} ${argv.join(" ")} failed:\n${result.stderr.slice(-2000)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), peakMb: Number(m[4]) / 1024, output: result.stdout.trim() };
}

if (!existsSync(join(dir, "posts"))) await generateCorpus(dir, { posts });
const config = join(tmpdir(), `blahg-build-bench-${process.pid}.lisp`);
writeFileSync(config, '((base-url . "https://bench.example") (html-index-stories . 10) (feed-index-stories . 15))\n');

console.log(`## blahg build, ${posts} posts (load average at start ${loadavg()[0]!.toFixed(1)})\n`);
console.log("| build | wall | CPU (user + sys) | peak memory | files |");
console.log("|---|---|---|---|---|");
for (const jobs of jobsList) {
  const out = mkdtempSync(join(tmpdir(), "blahg-build-bench-out-"));
  try {
    for (const kind of ["cold", "unchanged"] as const) {
      const run = timed(process.execPath, [cli, "build", "--config", config, "--data", dir, "--out", out, "--jobs", String(jobs), "--keep-going"]);
      const counts = /([0-9]+ written, [0-9]+ unchanged, [0-9]+ removed)/.exec(run.output)?.[1] ?? run.output;
      console.log(`| ${kind}, ${jobs} thread${jobs === 1 ? "" : "s"} | ${run.wall.toFixed(1)} s | ${run.cpu.toFixed(1)} s | ${run.peakMb.toFixed(0)} MB | ${counts} |`);
    }
    const size = execFileSync("du", ["-sm", out], { encoding: "utf8" }).split("\t")[0];
    if (jobs === jobsList[0]) console.log(`\noutput: ${size} MB\n`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
rmSync(config, { force: true });

const hugo = spawnSync("hugo", ["version"], { encoding: "utf8" });
const hugoCorpus = fileURLToPath(new URL("./hugo-corpus.js", import.meta.url));
const importer = fileURLToPath(new URL("../src/cli/import.js", import.meta.url));
if (hugo.status !== 0) console.log("\nHugo: not installed (apt-get install hugo); no comparison.");
else if (!existsSync(hugoCorpus) || !existsSync(importer)) console.log(`\nHugo (${hugo.stdout.trim()}): installed, but the Hugo corpus generator or \`blahg import hugo\` is not in this tree yet; no comparison.`);
else {
  const site = join(tmpdir(), `blahg-hugo-site-${process.pid}`);
  const blog = join(tmpdir(), `blahg-from-hugo-${process.pid}`);
  const hugoOut = mkdtempSync(join(tmpdir(), "hugo-out-"));
  const blahgOut = mkdtempSync(join(tmpdir(), "blahg-out-"));
  try {
    timed(process.execPath, [hugoCorpus, "--posts", String(posts), "--out", site]);
    const h = timed("hugo", ["--quiet", "--source", site, "--destination", hugoOut]);
    const imported = timed(process.execPath, [cli, "import", "hugo", site, blog]);
    const built = timed(process.execPath, [cli, "build", "--config", join(blog, "config.lisp"), "--out", blahgOut, "--keep-going"]);
    const wall = imported.wall + built.wall;
    console.log(`\n| ${posts} Markdown posts | wall | CPU | peak memory |\n|---|---|---|---|`);
    console.log(`| hugo --source SITE --destination OUT | ${h.wall.toFixed(1)} s | ${h.cpu.toFixed(1)} s | ${h.peakMb.toFixed(0)} MB |`);
    console.log(`| blahg import hugo SITE BLOG | ${imported.wall.toFixed(1)} s | ${imported.cpu.toFixed(1)} s | ${imported.peakMb.toFixed(0)} MB |`);
    console.log(`| blahg build --config BLOG/config.lisp --out OUT | ${built.wall.toFixed(1)} s | ${built.cpu.toFixed(1)} s | ${built.peakMb.toFixed(0)} MB |`);
    console.log(`| blahg ÷ hugo | ${(wall / h.wall).toFixed(2)} (target ≤ 0.5) | | ${(Math.max(imported.peakMb, built.peakMb) / h.peakMb).toFixed(2)} (target ≤ 0.3; the two run one after the other) |`);
  } finally {
    for (const d of [site, blog, hugoOut, blahgOut]) rmSync(d, { recursive: true, force: true });
  }
}
