/**
 * `npm run bench`: runs every benchmark, each in a fresh process so one
 * does not warm up or litter the heap of the next, and prints the tables
 * that go into bench/RESULTS.md. Name some to run only those:
 * `node dist/bench/run.js highlight tex-math`.
 */

import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";

const ALL = ["fmt3.bench.js", "markdown.bench.js", "markdown-hot.bench.js", "markdown-items.bench.js", "highlight.bench.js", "tex-math.bench.js", "render-cli.bench.js", "load.bench.js", "template.bench.js", "comment-body.bench.js", "sitemap.bench.js", "url-scheme.bench.js", "build.bench.js", "search.bench.js", "http.bench.js", "wordpress-import.bench.js", "import.bench.js"];
const wanted = process.argv.slice(2).map((name) => name.replace(/(\.bench)?(\.js)?$/, ".bench.js"));
const unknown = wanted.filter((name) => !ALL.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(", ")}; known: ${ALL.map((n) => n.replace(".bench.js", "")).join(", ")}`);
  process.exit(2);
}
const BENCHMARKS = wanted.length > 0 ? wanted : ALL;

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
for (const name of BENCHMARKS) {
  const file = fileURLToPath(new URL(name, import.meta.url));
  process.stdout.write(execFileSync(process.execPath, [file], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }) + "\n");
}
