/**
 * Serving speed, side by side in one run: blahg serving a generated blog of
 * 10,000 posts, and nginx serving byte-identical copies of the same pages as
 * static files, both loaded by the same wrk with the same connections. Also
 * the time from start to the first served request, and resident memory.
 * Targets: at least half of nginx's requests per second on the story page,
 * the index and the Atom feed; start-up under 1 s; memory under 150 MB.
 *
 * Needs wrk and nginx (Debian packages). Run: npm run build && node dist/bench/http.bench.js [POSTS]
 */

import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateCorpus } from "./corpus.js";

const POSTS = Number(process.argv[2] ?? 10_000);
const DURATION = process.env.BENCH_SECONDS ?? "8";
const CONNECTIONS = "50";
const root = fileURLToPath(new URL("../../", import.meta.url));
const corpus = join(root, "bench", "corpus", POSTS >= 1000 ? `${POSTS / 1000}k` : String(POSTS));

function which(command: string): string | undefined {
  for (const dir of ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"]) if (existsSync(join(dir, command))) return join(dir, command);
  return undefined;
}

function get(url: string): Promise<{ status: number; body: Buffer; type: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), type: String(res.headers["content-type"]) }));
    })
      .on("error", reject)
      .end();
  });
}

/**
 * Steady state: the search index is built in slices on the serving thread after start-up, and
 * serving figures are taken once it is done (its time is reported beside start-up).
 */
async function waitForSearchIndex(port: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    const page = await get(`http://127.0.0.1:${port}/?s=bench`);
    if (!page.body.toString("utf8").includes("still being built")) return performance.now() - start;
    if (performance.now() - start > 300_000) throw new Error("the search index was not built within 5 minutes");
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function waitFor(url: string, limitMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    try {
      if ((await get(url)).status === 200) return performance.now() - start;
    } catch {
      // not listening yet
    }
    if (performance.now() - start > limitMs) throw new Error(`${url} did not answer within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface WrkResult {
  rps: number;
  p50: string;
  p99: string;
}

function progress(message: string): void {
  process.stderr.write(`[http bench] ${message}\n`);
}

function wrk(url: string): WrkResult {
  progress(`wrk ${url}`);
  const out = execFileSync("wrk", ["-t1", `-c${CONNECTIONS}`, `-d${DURATION}s`, "--latency", url], { encoding: "utf8" });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p50 = /\s50%\s+(\S+)/.exec(out)?.[1] ?? "?";
  const p99 = /\s99%\s+(\S+)/.exec(out)?.[1] ?? "?";
  return { rps, p50, p99 };
}

/** Every process started, so that a failure leaves none running. */
const children: ChildProcess[] = [];

function startBlahg(port: number, workers: number): { child: ChildProcess; started: number } {
  const args = [join(root, "dist/src/cli/main.js"), "serve", "--data", corpus, "--port", String(port), "--log-level", "warn", "--base-url", "http://127.0.0.1:" + port];
  if (workers > 1) args.push("--workers", String(workers));
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  return { child, started };
}

function nginxConfig(dir: string, port: number, workers: number): string {
  return `worker_processes ${workers};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/t1; proxy_temp_path ${dir}/t2; fastcgi_temp_path ${dir}/t3; uwsgi_temp_path ${dir}/t4; scgi_temp_path ${dir}/t5;
  types { text/html html; application/atom+xml xml; }
  server { listen 127.0.0.1:${port}; root ${dir}/html; }
}
`;
}

async function main(): Promise<void> {
  if (!which("wrk") || !which("nginx")) {
    console.log("| serving | skipped: needs wrk and nginx (apt install wrk nginx) |");
    return;
  }
  if (!existsSync(join(corpus, "posts"))) {
    console.error(`generating ${POSTS} posts in ${corpus} ...`);
    await generateCorpus(corpus, { posts: POSTS });
  }
  const port = 18080;
  const nginxPort = 18081;
  const pages = { "story page": "/?p=100", index: "/", "Atom feed": "/?feed=atom" } as const;

  // Start-up time and memory, single process.
  const first = startBlahg(port, 1);
  const startup = await waitFor(`http://127.0.0.1:${port}/`, 30_000);
  await new Promise((r) => setTimeout(r, 3000)); // let the background body check finish
  const searchReadyMs = await waitForSearchIndex(port);
  const rssIdle = rssMegabytes(first.child.pid!);

  // Static copies of the exact bytes blahg serves.
  const dir = mkdtempSync(join(tmpdir(), "blahg-bench-nginx-"));
  // nginx's workers drop root for "nobody", who must be able to read the copies.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, "html"), { mode: 0o755 });
  const files: Record<string, string> = {};
  for (const [name, path] of Object.entries(pages)) {
    const page = await get(`http://127.0.0.1:${port}${path}`);
    if (page.status !== 200) throw new Error(`${path}: ${page.status}`);
    const file = name.replace(/\W+/g, "-") + (page.type.includes("xml") ? ".xml" : ".html");
    writeFileSync(join(dir, "html", file), page.body);
    files[name] = file;
  }

  const rows: string[] = [];
  let memoryAfterLoad = 0;
  for (const workers of [1, 2]) {
    const blahg = workers === 1 ? first : startBlahg(port, workers);
    if (workers > 1) {
      await waitFor(`http://127.0.0.1:${port}/`, 30_000);
      await waitForSearchIndex(port);
    }
    writeFileSync(join(dir, "nginx.conf"), nginxConfig(dir, nginxPort, workers));
    const nginx = spawn(which("nginx")!, ["-p", dir, "-c", join(dir, "nginx.conf")], { stdio: "ignore" });
    children.push(nginx);
    await waitFor(`http://127.0.0.1:${nginxPort}/${files.index}`, 10_000);
    for (const [name, path] of Object.entries(pages)) {
      wrk(`http://127.0.0.1:${port}${path}`); // warm-up and fill the caches
      const ours = wrk(`http://127.0.0.1:${port}${path}`);
      const theirs = wrk(`http://127.0.0.1:${nginxPort}/${files[name as keyof typeof pages]}`);
      const size = readFileSync(join(dir, "html", files[name as keyof typeof pages]!)).length;
      rows.push(
        `| ${name} (${(size / 1024).toFixed(1)} KiB) | ${workers} | ${Math.round(ours.rps)} | ${ours.p50} / ${ours.p99} | ${Math.round(theirs.rps)} | ${theirs.p50} / ${theirs.p99} | ${(ours.rps / theirs.rps).toFixed(2)} |`,
      );
    }
    if (workers === 1) memoryAfterLoad = rssMegabytes(blahg.child.pid!);
    nginx.kill("SIGTERM");
    progress("stopping blahg");
    if (blahg.child.exitCode === null) {
      const exited = new Promise((r) => blahg.child.once("exit", r));
      blahg.child.kill("SIGTERM");
      await exited;
    }
  }
  rmSync(dir, { recursive: true, force: true });

  console.log(`| serving ${POSTS} posts (wrk -t1 -c${CONNECTIONS} -d${DURATION}s, same machine) | processes | blahg req/s | blahg p50 / p99 | nginx static req/s | nginx p50 / p99 | blahg ÷ nginx |`);
  console.log("|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
  console.log(`\n| start-up with ${POSTS} posts | value |\n|---|---|`);
  console.log(`| spawn to first served request | ${startup.toFixed(0)} ms |`);
  console.log(`| search index built after (serving meanwhile) | ${(searchReadyMs / 1000).toFixed(1)} s |`);
  console.log(`| resident memory when idle after start | ${rssIdle.toFixed(0)} MB |`);
  console.log(`| resident memory after the load above (one process) | ${memoryAfterLoad.toFixed(0)} MB |`);
}

try {
  await main();
} finally {
  for (const child of children) child.kill("SIGKILL");
}
