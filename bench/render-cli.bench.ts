/**
 * `blahg render --out` as a user runs it: a fresh process per run, so
 * start-up, module loading and JIT warm-up are included. Two corpora:
 * "typical", 2,000 posts shaped like a real technical blog's
 * (./typical-corpus.ts: 2-20 KB, prose, a third with code, a tenth with
 * a few formulas) as fmt3 and as Markdown; and "generated", 2,000 posts of
 * 5-20 KB of the formula-heavy generated corpus (with their listing files)
 * and the same posts as Markdown (./markdown-corpus.ts). For each, one body
 * of 2.6 MB in each format made of its posts one after the other. Rates are MB of input per second of
 * wall time, and per second of CPU time of the whole process (all threads),
 * which a loaded machine inflates far less. Targets (issue 11): 50 MB/s
 * over the 2,000 posts, 25 MB/s on the 2.6 MB body.
 * Outputs go to a fresh directory under --out-root (default: the
 * temporary directory holding the inputs) and are deleted only when the
 * benchmark ends: on ext4 without a journal, creating files right after
 * deleting many costs several times more system time (the inode
 * allocator's `recently_deleted` scan), which would be measured instead of
 * blahg. `--out-root /dev/shm` measures the renderer without the disk.
 * Run: npm run build && node dist/bench/render-cli.bench.js [--cli path/to/cli.js] [--runs N] [--corpus typical,generated] [--only TEXT] [--out-root DIR]
 */

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { generateCorpusPosts } from "./corpus.js";
import { asMarkdown } from "./markdown-corpus.js";
import { generateTypicalPosts } from "./typical-corpus.js";

const { values } = parseArgs({
  options: {
    cli: { type: "string" },
    runs: { type: "string", default: "3" },
    corpus: { type: "string", default: "typical,generated" },
    // Runs only the cases whose name contains this text.
    only: { type: "string", default: "" },
    "out-root": { type: "string" },
  },
});
const corpora = values.corpus.split(",");
const cli = values.cli ?? fileURLToPath(new URL("../src/cli/cli.js", import.meta.url));
const runs = Math.max(1, Number(values.runs));

const POSTS = 2_000;
const LARGE = 2_600_000;
const root = mkdtempSync(join(tmpdir(), "blahg-render-bench-"));
const outRoot = values["out-root"] === undefined ? join(root, "out") : mkdtempSync(join(values["out-root"], "blahg-render-bench-out-"));
process.on("exit", () => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outRoot, { recursive: true, force: true });
});

/** Writes `files` (path → contents) under `root`; returns the paths of the bodies. */
function writeTree(files: Array<{ path: string; content: string }>, isBody: (path: string) => boolean): string[] {
  const bodies: string[] = [];
  for (const { path, content } of files) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    if (isBody(path)) bodies.push(file);
  }
  return bodies;
}

/** One large body: posts one after the other, as the format benchmarks build it. */
function large(parts: readonly string[], separator: string): string {
  let body = "";
  for (let i = 0; body.length < LARGE; i++) body += parts[i % parts.length] + separator;
  return body;
}

/**
 * A case: its name, and either the command line's options (`blahg render OPTIONS --out DIR FILES`)
 * or a bound: a script run in a fresh process on the same files instead of blahg.
 */
type Case = [name: string, options: string[] | Bound, files: string[]];
interface Bound {
  script: string;
}

/** markdown-it alone (`html: true`, no plugins, nothing written) on the files: what no Markdown renderer built on it can beat. */
const MARKDOWN_IT_ALONE: Bound = {
  script: `import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
const MarkdownIt = createRequire(${JSON.stringify(fileURLToPath(import.meta.url))})("markdown-it");
const md = new MarkdownIt("default", { html: true });
for (const file of FILES) md.render(readFileSync(file, "utf8"));`,
};

/** Only the output files, empty, through a temporary name and a rename as blahg writes them: the file system's share. */
const CREATING_FILES: Bound = {
  script: `import { mkdirSync, renameSync, writeFileSync } from "node:fs";
mkdirSync(OUT, { recursive: true });
FILES.forEach((file, i) => { writeFileSync(OUT + "/." + i + ".tmp", "", { flag: "wx" }); renameSync(OUT + "/." + i + ".tmp", OUT + "/" + i + ".html"); });`,
};

const cases: Case[] = [];

if (corpora.includes("typical")) {
  const tex: Array<{ path: string; content: string }> = [];
  const md: Array<{ path: string; content: string }> = [];
  for (const post of generateTypicalPosts(POSTS, 11)) {
    tex.push({ path: `typical/fmt3/posts/${post.id}/post.tex`, content: post.tex });
    md.push({ path: `typical/markdown/posts/${post.id}/post.md`, content: post.markdown });
  }
  const texBodies = writeTree(tex, () => true);
  const mdBodies = writeTree(md, () => true);
  const [largeTex] = writeTree([{ path: "typical/large/fmt3/post.tex", content: large(tex.map((f) => f.content), "\n") }], () => true);
  const [largeMd] = writeTree([{ path: "typical/large/markdown/post.md", content: large(md.map((f) => f.content), "\n") }], () => true);
  cases.push(
    [`typical: ${POSTS} fmt3 posts, --mode html`, ["--mode", "html"], texBodies],
    [`typical: ${POSTS} fmt3 posts, --mode blahgd`, ["--mode", "blahgd"], texBodies],
    [`typical: ${POSTS} Markdown posts`, ["--mode", "html"], mdBodies],
    ["typical: one 2.6 MB fmt3 body, --mode html", ["--mode", "html"], [largeTex!]],
    ["typical: one 2.6 MB fmt3 body, --mode blahgd", ["--mode", "blahgd"], [largeTex!]],
    ["typical: one 2.6 MB Markdown body", ["--mode", "html"], [largeMd!]],
    [`typical, bound: markdown-it alone on the ${POSTS} Markdown posts, one thread`, MARKDOWN_IT_ALONE, mdBodies],
    ["typical, bound: markdown-it alone on the 2.6 MB Markdown body", MARKDOWN_IT_ALONE, [largeMd!]],
    [`typical, bound: creating ${POSTS} empty output files, nothing rendered`, CREATING_FILES, texBodies],
  );
}

if (corpora.includes("generated")) {
  const fmt3Files: Array<{ path: string; content: string }> = [];
  const mdFiles: Array<{ path: string; content: string }> = [];
  const typicalTex: string[] = [];
  for (const post of generateCorpusPosts({ posts: Math.ceil(POSTS * 1.2), seed: 11 })) {
    if (typicalTex.length === POSTS) break;
    const tex = post.files.find((f) => f.path.endsWith("/post.tex"))!.content;
    if (tex.length < 5_000 || tex.length > 20_000) continue;
    typicalTex.push(tex);
    for (const f of post.files) if (!f.path.includes("/comments/") && !f.path.endsWith(".lisp")) fmt3Files.push({ path: `fmt3/${f.path}`, content: f.content });
    mdFiles.push({ path: `markdown/posts/${post.id}/post.md`, content: asMarkdown(tex) });
  }
  if (typicalTex.length < POSTS) throw new Error(`the corpus gave only ${typicalTex.length} posts of 5-20 KB`);
  const fmt3Bodies = writeTree(fmt3Files, (p) => p.endsWith("/post.tex"));
  const mdBodies = writeTree(mdFiles, () => true);
  const [largeTex] = writeTree([{ path: "large/fmt3/post.tex", content: large(typicalTex, "\n\n") }], () => true);
  const [largeMd] = writeTree([{ path: "large/markdown/post.md", content: large(mdFiles.map((f) => f.content), "\n") }], () => true);
  cases.push(
    [`generated: ${POSTS} fmt3 posts, --mode html`, ["--mode", "html"], fmt3Bodies],
    [`generated: ${POSTS} fmt3 posts, --mode blahgd`, ["--mode", "blahgd"], fmt3Bodies],
    [`generated: ${POSTS} Markdown posts`, ["--mode", "html"], mdBodies],
    ["generated: one 2.6 MB fmt3 body, --mode html", ["--mode", "html"], [largeTex!]],
    ["generated: one 2.6 MB fmt3 body, --mode blahgd", ["--mode", "blahgd"], [largeTex!]],
    ["generated: one 2.6 MB Markdown body", ["--mode", "html"], [largeMd!]],
  );
}

/** Seconds: wall time, CPU time (user and system) and the system part of it (the kernel's work: files, memory). */
interface Sample {
  wall: number;
  cpu: number;
  system: number;
}

/** Runs `script` (an ES module) in a fresh process; returns wall and CPU seconds (user + system, every thread). */
function runScript(script: string, env: Record<string, string>): Sample & { status: number } {
  const started = performance.now();
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", `${script}
const u = process.cpuUsage();
process.stdout.write(JSON.stringify({ status: typeof status === "number" ? status : 0, cpu: (u.user + u.system) / 1e6, system: u.system / 1e6 }));`], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = (performance.now() - started) / 1000;
  const { status, cpu, system } = JSON.parse(out) as { status: number; cpu: number; system: number };
  return { wall, cpu, system, status };
}

/** The command line in a fresh process. */
function runCommand(args: string[]): Sample {
  const script = `const { main } = await import(${JSON.stringify(pathToFileURL(cli).href)});
import { readFileSync } from "node:fs";
const status = await main(JSON.parse(readFileSync(process.env.BLAHG_BENCH_ARGS, "utf8")));`;
  // Through a file: 2,000 paths are too long for one environment variable.
  const argsFile = join(root, "args.json");
  writeFileSync(argsFile, JSON.stringify(args));
  const { status, ...sample } = runScript(script, { BLAHG_BENCH_ARGS: argsFile });
  if (status !== 0) throw new Error(`blahg ${args.slice(0, 4).join(" ")} ... exited with ${status}`);
  return sample;
}

/** A bound's script on `files`, writing under `out`. */
function runBound(bound: Bound, files: readonly string[], out: string): Sample {
  const script = `import { readFileSync as readArgs } from "node:fs";
const FILES = JSON.parse(readArgs(process.env.BLAHG_BENCH_FILES, "utf8"));
const OUT = process.env.BLAHG_BENCH_OUT;
${bound.script}`;
  const filesFile = join(root, "files.json");
  writeFileSync(filesFile, JSON.stringify(files));
  return runScript(script, { BLAHG_BENCH_FILES: filesFile, BLAHG_BENCH_OUT: out });
}

function sizeOf(files: readonly string[]): number {
  return files.reduce((n, f) => n + statSync(f).size, 0);
}

console.log(`Outputs under ${outRoot}; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}.\n`);
console.log(`| blahg render --out (${cpus().length} cores; median of ${runs} fresh processes) | input | wall time | wall throughput | CPU time | of which system | CPU throughput |`);
console.log("|---|---|---|---|---|---|---|");
let outputs = 0;
for (const [name, options, files] of cases) {
  if (!name.includes(values.only)) continue;
  const bytes = sizeOf(files);
  const samples: Sample[] = [];
  for (let r = 0; r < runs; r++) {
    // A new directory every run, nothing deleted until the end (see the header).
    const out = join(outRoot, String(outputs++));
    samples.push(Array.isArray(options) ? runCommand(["render", ...options, "--out", out, ...files]) : runBound(options, files, out));
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  const wall = median(samples.map((s) => s.wall));
  const cpu = median(samples.map((s) => s.cpu));
  const system = median(samples.map((s) => s.system));
  console.log(`| ${name} | ${(bytes / 1e6).toFixed(2)} MB | ${wall.toFixed(2)} s | ${(bytes / wall / 1e6).toFixed(1)} MB/s | ${cpu.toFixed(2)} s | ${system.toFixed(2)} s | ${(bytes / cpu / 1e6).toFixed(1)} MB/s |`);
}
console.log(`\nLoad average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}.`);
