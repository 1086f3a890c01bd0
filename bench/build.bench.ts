/**
 * `blahg build` on the generated corpus (bench/corpus.ts, 10,000 fmt3 posts
 * by default): a cold build into an empty directory and a second build with
 * nothing changed, with one rendering thread and with two, each a separate
 * process timed by /usr/bin/time (wall, CPU, peak resident memory; the
 * threads share the process, so its peak is the build's). Against Hugo in
 * the same run when `hugo` is installed and the Hugo corpus generator
 * (bench/hugo-corpus.ts) and `blahg import hugo` are there; otherwise says
 * why not.
 * `--work-dir DIR` puts the corpora and outputs there (default: the system's temporary
 * directory; /dev/shm takes the file system out of the comparison, see bench/RESULTS.md on this
 * VM's ext4), `--rounds N` repeats the Hugo comparison, `--hugo-only` skips the fmt3 builds.
 * Each tool's run starts after a `sync`, so one's dirty pages are not written back during the next.
 * Run: npx tsc -p tsconfig.json && node dist/bench/build.bench.js [--posts N] [--jobs 1,2] [--work-dir DIR] [--rounds N] [--hugo-only]
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
const jobsList = args.includes("--hugo-only") ? [] : option("--jobs", "1,2").split(",").map(Number);
const workDir = option("--work-dir", tmpdir());
const rounds = Number(option("--rounds", "1"));
const cli = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
const dir = join(fileURLToPath(new URL("../../bench/corpus/", import.meta.url)), posts >= 1000 ? `${posts / 1000}k` : String(posts));

interface Run {
  wall: number;
  cpu: number;
  user: number;
  sys: number;
  peakMb: number;
  output: string;
}

/** Runs a command under /usr/bin/time: wall seconds, CPU seconds (user + system), peak RSS. */
function timed(command: string, argv: string[]): Run {
  spawnSync("sync");
  const result = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S %M", command, ...argv], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const m = /TIME ([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9]+)\s*$/.exec(result.stderr);
  if (result.status !== 0 || !m) throw new Error(`${command} ${argv.join(" ")} failed:\n${result.stderr.slice(-2000)}`);
  const [user, sys] = [Number(m[2]), Number(m[3])];
  return { wall: Number(m[1]), cpu: user + sys, user, sys, peakMb: Number(m[4]) / 1024, output: result.stdout.trim() };
}

if (jobsList.length > 0 && !existsSync(join(dir, "posts"))) await generateCorpus(dir, { posts });
const config = join(workDir, `blahg-build-bench-${process.pid}.lisp`);
writeFileSync(config, '((base-url . "https://bench.example") (html-index-stories . 10) (feed-index-stories . 15))\n');

if (jobsList.length > 0) {
  console.log(`## blahg build, ${posts} posts (load average at start ${loadavg()[0]!.toFixed(1)})\n`);
  console.log("| build | wall | CPU (user + sys) | peak memory | files |");
  console.log("|---|---|---|---|---|");
}
for (const jobs of jobsList) {
  const out = mkdtempSync(join(workDir, "blahg-build-bench-out-"));
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
  const site = join(workDir, `blahg-hugo-site-${process.pid}`);
  // Each round writes into directories of its own, all deleted at the end: on ext4 without a journal, files created just after many were deleted cost far more (see RESULTS).
  const dirsOf = (round: number) => ({
    blog: join(workDir, `blahg-from-hugo-${process.pid}-${round}`),
    hugoOut: join(workDir, `hugo-out-${process.pid}-${round}`),
    blahgOut: join(workDir, `blahg-out-${process.pid}-${round}`),
  });
  const row = (what: string, run: Run): string => `| ${what} | ${run.wall.toFixed(1)} s | ${run.user.toFixed(1)} + ${run.sys.toFixed(1)} s | ${run.peakMb.toFixed(0)} MB |`;
  try {
    timed(process.execPath, [hugoCorpus, "--posts", String(posts), "--out", site]);
    console.log(`\n## Against Hugo (${hugo.stdout.trim().split(" ").slice(0, 2).join(" ")}), ${posts} Markdown posts, in ${workDir} (load average at start ${loadavg()[0]!.toFixed(1)})`);
    for (let round = 1; round <= rounds; round++) {
      const { blog, hugoOut, blahgOut } = dirsOf(round);
      const h = timed("hugo", ["--quiet", "--source", site, "--destination", hugoOut]);
      const imported = timed(process.execPath, [cli, "import", "hugo", site, blog]);
      const built = timed(process.execPath, [cli, "build", "--config", join(blog, "config.lisp"), "--out", blahgOut, "--keep-going"]);
      const wall = imported.wall + built.wall;
      console.log(`\n| round ${round} | wall | CPU (user + sys) | peak memory |\n|---|---|---|---|`);
      console.log(row("`hugo --quiet --source SITE --destination OUT`", h));
      console.log(row("`blahg import hugo SITE BLOG`", imported));
      console.log(row("`blahg build --config BLOG/config.lisp --out OUT --keep-going`", built));
      console.log(`| blahg ÷ hugo | ${(wall / h.wall).toFixed(2)} (target ≤ 0.5) | ${((imported.cpu + built.cpu) / h.cpu).toFixed(2)} | ${(Math.max(imported.peakMb, built.peakMb) / h.peakMb).toFixed(2)} (target ≤ 0.3; the two run one after the other) |`);
    }
    const { hugoOut, blahgOut } = dirsOf(rounds);
    const files = (dir: string): string => `${execFileSync("find", [dir, "-type", "f"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }).split("\n").filter(Boolean).length} files, ${execFileSync("du", ["-sm", dir], { encoding: "utf8" }).split("\t")[0]} MB`;
    console.log(`\noutput: Hugo ${files(hugoOut)}; blahg ${files(blahgOut)} (load average at end ${loadavg()[0]!.toFixed(1)})`);
  } finally {
    rmSync(site, { recursive: true, force: true });
    for (let round = 1; round <= rounds; round++) for (const d of Object.values(dirsOf(round))) rmSync(d, { recursive: true, force: true });
  }
}
