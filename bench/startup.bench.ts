/**
 * Start-up and memory of a big blog (issue 13), measured on the real server
 * in a child process: the time from spawning `blahg serve` to its first
 * story page, with and without the start-up snapshot (`<data>/.blahg-index`),
 * the time until the search index (`<data>/.blahg-search`) is complete, the
 * peak resident memory (VmHWM) and the resident memory after a few hundred
 * varied requests (stories, index pages, month archives, tag pages, feeds,
 * searches) made once the search index is complete. Targets: a restart serves its first story in under 1 s; under
 * 200 MB after the requests, under 300 MB at the peak.
 *
 * A cold OS cache needs `echo 3 > /proc/sys/vm/drop_caches`, which only root
 * may do: without it that row is skipped and says so.
 *
 * Run: npm run build && node dist/bench/startup.bench.js [--posts 10000,50000] [--corpus-root DIR] [--restarts 3] [--warm-only]
 * Corpora are generated into <corpus-root>/<N/1000>k on first use (default
 * bench/corpus/) and reused; 50,000 posts take some minutes and 650 MB.
 */

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateCorpus } from "./corpus.js";

const { values } = parseArgs({
  options: {
    posts: { type: "string", default: "10000,50000" },
    "corpus-root": { type: "string" },
    restarts: { type: "string", default: "3" },
    requests: { type: "string", default: "300" },
    // Dropping the OS cache slows every other process on the machine: skip it on a shared one.
    "warm-only": { type: "boolean", default: false },
  },
});
const root = fileURLToPath(new URL("../../", import.meta.url));
const corpusRoot = values["corpus-root"] ?? join(root, "bench", "corpus");
const RESTARTS = Number(values.restarts);
const REQUESTS = Number(values.requests);
const SNAPSHOT_NAME = ".blahg-index";
const SEARCH_INDEX_NAME = ".blahg-search";
const SEARCH_WORDS = ["system", "queue", "memory", "kernel", "\"the lock\"", "network packet", "cache", "design"];

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    })
      .on("error", reject)
      .end();
  });
}

function procStatus(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

interface Server {
  child: ChildProcess;
  port: number;
  started: number;
  /** Stopped by the bench (an exit before is reported). */
  stopping: boolean;
}

/** A port free now (the server is told to use it, so that it can be asked from the moment it listens). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, "dist", "src", "cli", "main.js"), "serve", "--data", dataDir, "--port", String(port), "--host", "127.0.0.1", "--log-level", "warn"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const server = { child, port, started, stopping: false };
  child.once("exit", (code, signal) => {
    if (!server.stopping) console.error(`blahg serve exited unasked (code ${code}, signal ${signal})`);
  });
  return server;
}

/** Milliseconds from spawning to the first 200 of `path` (and how many 503s came before it, polling every 5 ms). */
async function firstAnswer(server: Server, path: string): Promise<{ ms: number; unavailable: number }> {
  let unavailable = 0;
  for (;;) {
    const status = await get(server.port, path).then((r) => r.status, () => 0);
    if (status === 200) return { ms: performance.now() - server.started, unavailable };
    if (status === 503) unavailable++;
    else if (status !== 0) throw new Error(`${path} answered ${status}`);
    if (server.child.exitCode !== null) throw new Error(`blahg serve exited (${server.child.exitCode})`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.stopping = true;
    server.child.once("exit", () => resolve());
    server.child.kill("SIGTERM");
  });
}

/** A few hundred requests of every kind a visitor makes, spread over the whole blog. */
async function variedRequests(server: Server, ids: readonly number[], count: number): Promise<void> {
  const index = await get(server.port, "/");
  const tags = [...new Set([...index.body.matchAll(/[?&]tag=([^"&#]+)/g)].map((m) => m[1]!))];
  let seed = 7;
  const pick = <T>(items: readonly T[]): T => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return items[seed % items.length]!;
  };
  for (let i = 0; i < count; i++) {
    const kind = i % 10;
    const path =
      kind < 5 ? `/?p=${pick(ids)}`
      : kind === 5 ? `/?paged=${i % 7}`
      : kind === 6 ? `/?m=${2012 + (i % 14)}${String(1 + (i % 12)).padStart(2, "0")}`
      : kind === 7 && tags.length > 0 ? `/?tag=${pick(tags)}&paged=${i % 3}`
      : kind === 8 ? "/?feed=atom"
      : i % 20 === 19 ? `/?s=${encodeURIComponent(pick(SEARCH_WORDS))}`
      : `/?p=${pick(ids)}&feed=atom`;
    let status = (await get(server.port, path)).status;
    // A first start serves the posts loaded so far; a story still on its way is a 503: ask again.
    while (status === 503) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await get(server.port, path)).status;
    }
    if (status !== 200 && status !== 404) throw new Error(`${path} answered ${status}`);
  }
}

interface Run {
  firstStory: number;
  unavailable: number;
  /** Milliseconds from spawning until the search page no longer says the index is being built. */
  searchReady: number;
  peak: number;
  afterRequests: number;
}

async function searchReady(server: Server): Promise<number> {
  for (;;) {
    const { status, body } = await get(server.port, "/?s=system");
    if (status === 200 && !body.includes("still being built")) return performance.now() - server.started;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * One start of the server: its first story page, the search index, the varied requests, its
 * memory. `waitForSnapshot`: a first start then keeps the server until it has written its
 * snapshot (after the background check), so that the next start is a restart.
 */
async function run(dataDir: string, storyPath: string, ids: readonly number[], waitForSnapshot = false): Promise<Run> {
  const server = await startServer(dataDir);
  try {
    const { ms, unavailable } = await firstAnswer(server, storyPath);
    const ready = await searchReady(server);
    await variedRequests(server, ids, REQUESTS);
    const pid = server.child.pid!;
    const result = { firstStory: ms, unavailable, searchReady: ready, peak: procStatus(pid, "VmHWM"), afterRequests: procStatus(pid, "VmRSS") };
    if (waitForSnapshot) {
      const deadline = performance.now() + 600_000;
      while (!existsSync(join(dataDir, SNAPSHOT_NAME)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      // Let it finish the background check, which records which bodies parse.
      await new Promise((r) => setTimeout(r, 3000));
    }
    return result;
  } finally {
    await stop(server);
  }
}

function dropCaches(): boolean {
  try {
    writeFileSync("/proc/sys/vm/drop_caches", "3\n");
    return true;
  } catch {
    return false;
  }
}

const mb = (n: number): string => `${n.toFixed(0)} MB`;
const ms = (n: number): string => `${n.toFixed(0)} ms`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

console.log(`| posts | start | first story page | 503s before it | search index complete | peak RSS | RSS after ${REQUESTS} requests |`);
console.log("|---|---|---|---|---|---|---|");
for (const posts of values.posts.split(",").map(Number)) {
  const dataDir = join(corpusRoot, posts >= 1000 ? `${posts / 1000}k` : String(posts));
  if (!existsSync(join(dataDir, "posts"))) {
    console.error(`generating ${posts} posts in ${dataDir} ...`);
    await generateCorpus(dataDir, { posts });
  }
  const ids = readdirSync(join(dataDir, "posts")).map(Number).filter(Number.isInteger);
  // The newest posts are what visitors open first; any will do.
  const storyPath = `/?p=${ids[ids.length >> 1]}`;
  const row = (start: string, r: Run): void =>
    console.log(`| ${posts} | ${start} | ${ms(r.firstStory)} | ${r.unavailable} | ${ms(r.searchReady)} | ${mb(r.peak)} | ${mb(r.afterRequests)} |`);

  rmSync(join(dataDir, SNAPSHOT_NAME), { force: true });
  rmSync(join(dataDir, SEARCH_INDEX_NAME), { force: true });
  row("first start, no snapshot (warm OS cache)", await run(dataDir, storyPath, ids, true));
  const restarts: Run[] = [];
  for (let i = 0; i < RESTARTS; i++) restarts.push(await run(dataDir, storyPath, ids));
  row(`restart with the snapshot (warm OS cache), median of ${RESTARTS}`, {
    firstStory: median(restarts.map((r) => r.firstStory)),
    unavailable: median(restarts.map((r) => r.unavailable)),
    searchReady: median(restarts.map((r) => r.searchReady)),
    peak: median(restarts.map((r) => r.peak)),
    afterRequests: median(restarts.map((r) => r.afterRequests)),
  });
  if (!values["warm-only"] && dropCaches()) {
    row("restart with the snapshot, cold OS cache", await run(dataDir, storyPath, ids));
    rmSync(join(dataDir, SNAPSHOT_NAME), { force: true });
    rmSync(join(dataDir, SEARCH_INDEX_NAME), { force: true });
    dropCaches();
    row("first start, no snapshot, cold OS cache", await run(dataDir, storyPath, ids, true));
  } else {
    console.log(`| ${posts} | cold OS cache | not measured: /proc/sys/vm/drop_caches is not writable here | | | | |`);
  }
}
