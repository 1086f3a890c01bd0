/**
 * Markdown rendering speed against fmt3 on comparable content: the words of
 * the corpus's typical fmt3 posts, rewritten as Markdown with the same kinds
 * of markup (headings, emphasis, code, links, lists, code blocks, inline
 * math), rendered through the format registry as pages do. Also one body of
 * 2.5 MB, for linear time.
 * Run: npm run build && node dist/bench/markdown.bench.js
 */

import { formatById, type RenderContext } from "../src/markup/formats.js";
import { generateCorpusPosts } from "./corpus.js";
import { asMarkdown } from "./markdown-corpus.js";
import { formatMeasurement, measure } from "./measure.js";

const fmt3 = formatById("fmt3");
const markdown = formatById("markdown");
const context: RenderContext = {
  urls: { base: "https://blog.example", wiki: "https://wiki", bug: "https://bugs", photo: "https://photos" },
  readListing: () => ({ text: "int main(void) { return 0; }\n" }),
  titleLevel: 1,
};

const texBodies: string[] = [];
for (const post of generateCorpusPosts({ posts: 200, seed: 7 })) {
  const tex = post.files.find((f) => f.path.endsWith("/post.tex"));
  if (tex && tex.content.length >= 5_000 && tex.content.length <= 20_000) texBodies.push(tex.content);
}
const mdBodies = texBodies.map(asMarkdown);
const bytes = (xs: string[]): number => xs.reduce((n, b) => n + Buffer.byteLength(b), 0);
let large = "";
for (let i = 0; large.length < 2_500_000; i++) large += mdBodies[i % mdBodies.length] + "\n";

function renderAll(format: typeof fmt3, sources: string[], html: boolean): void {
  for (const source of sources) {
    if (!format.render(source, context, { html, text: !html }).ok) throw new Error("a benchmark body failed to render");
  }
}

console.log(`| Markdown vs fmt3 (${texBodies.length} posts: fmt3 ${(bytes(texBodies) / texBodies.length / 1000).toFixed(1)} KB, as Markdown ${(bytes(mdBodies) / mdBodies.length / 1000).toFixed(1)} KB average; one Markdown body of ${(Buffer.byteLength(large) / 1e6).toFixed(2)} MB) | throughput | time per op |`);
console.log("|---|---|---|");
console.log(formatMeasurement(measure("typical posts, fmt3 render html", () => renderAll(fmt3, texBodies, true), { bytes: bytes(texBodies) })));
console.log(formatMeasurement(measure("same posts as Markdown, render html", () => renderAll(markdown, mdBodies, true), { bytes: bytes(mdBodies) })));
console.log(formatMeasurement(measure("same posts as Markdown, render text", () => renderAll(markdown, mdBodies, false), { bytes: bytes(mdBodies) })));
console.log(formatMeasurement(measure("2.5 MB Markdown body, render html", () => renderAll(markdown, [large], true), { bytes: Buffer.byteLength(large) })));
