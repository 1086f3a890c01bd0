/**
 * `npm run bench`: runs every benchmark, each in a fresh process so one
 * does not warm up or litter the heap of the next, and prints the tables
 * that go into bench/RESULTS.md.
 */

import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";

const BENCHMARKS = ["fmt3.bench.js", "markdown.bench.js", "load.bench.js", "template.bench.js", "sitemap.bench.js", "http.bench.js"];

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
for (const name of BENCHMARKS) {
  const file = fileURLToPath(new URL(name, import.meta.url));
  process.stdout.write(execFileSync(process.execPath, [file], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }) + "\n");
}
