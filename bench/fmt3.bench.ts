/**
 * fmt3 rendering speed: typical posts (5-20 KB from the corpus generator)
 * and one 2.5 MB body, parsed and written in each mode. The target is
 * 50 MB/s or more for both, i.e. linear time.
 * Run: npm run build && node dist/bench/fmt3.bench.js
 */

import { parseFmt3, renderFmt3, type Fmt3Mode } from "../src/markup/fmt3/index.js";
import { generateCorpusPosts } from "./corpus.js";
import { formatMeasurement, measure } from "./measure.js";

const bodies: string[] = [];
for (const post of generateCorpusPosts({ posts: 200, seed: 7 })) {
  const tex = post.files.find((f) => f.path.endsWith("/post.tex"));
  if (tex) bodies.push(tex.content);
}
const typical = bodies.filter((b) => b.length >= 5_000 && b.length <= 20_000);
const typicalBytes = typical.reduce((n, b) => n + Buffer.byteLength(b), 0);
let large = "";
for (let i = 0; large.length < 2_500_000; i++) large += typical[i % typical.length] + "\n\n";
const largeBytes = Buffer.byteLength(large);

const options = { urls: { base: "https://blog.example", wiki: "https://wiki", bug: "https://bugs", photo: "https://photos" }, readListing: () => ({ text: "int main(void) { return 0; }\n" }) };

function renderAll(sources: string[], mode: Fmt3Mode | "parse"): void {
  for (const source of sources) {
    const ok = mode === "parse" ? parseFmt3(source).document !== undefined : renderFmt3(source, mode, options).output !== undefined;
    if (!ok) throw new Error("a benchmark body failed to parse");
  }
}

console.log(`| fmt3 (${typical.length} typical posts, ${(typicalBytes / typical.length / 1000).toFixed(1)} KB average; one body of ${(largeBytes / 1e6).toFixed(2)} MB) | throughput | time per op |`);
console.log("|---|---|---|");
for (const mode of ["parse", "blahgd", "html", "text"] as const) {
  console.log(formatMeasurement(measure(`typical posts, ${mode === "parse" ? "parse to a whole tree" : "render " + mode}`, () => renderAll(typical, mode), { bytes: typicalBytes })));
}
for (const mode of ["parse", "blahgd", "html"] as const) {
  console.log(formatMeasurement(measure(`2.5 MB body, ${mode === "parse" ? "parse to a whole tree" : "render " + mode}`, () => renderAll([large], mode), { bytes: largeBytes })));
}
