/**
 * TeX math at render time: a math-heavy fmt3 post (prose with the 69
 * real-world formulas of the test fixtures, inline and display) rendered in
 * html mode (every formula through Temml); renderTexMath alone; and the
 * module's load time. Also the cost on the fmt3 benchmark's typical posts
 * (generated corpus, simple formulas that blahgd's grammar accepts), html
 * mode (Temml) against blahgd mode (blahgd's own MathML).
 * Run: npm run build && node dist/bench/tex-math.bench.js
 */

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderFmt3 } from "../src/markup/fmt3/index.js";
import { clearTexMathMemo, renderTexMath } from "../src/markup/math/tex-math.js";
import { generateCorpusPosts } from "./corpus.js";
import { measure } from "./measure.js";
import { cpuSecondsPerOp, medianLoadMs } from "./process-time.js";

/** The fixture's formulas: `# name` lines start an entry, `%` lines are comments. */
const formulas: Array<{ tex: string; display: boolean }> = [];
const fixture = fileURLToPath(new URL("../../test/fixtures/tex-math/real-world.tex", import.meta.url));
for (const line of readFileSync(fixture, "utf8").split("\n")) {
  if (line.startsWith("%") || line.trim() === "") continue;
  if (line.startsWith("# ")) formulas.push({ tex: "", display: line.endsWith("(display)") });
  else formulas[formulas.length - 1]!.tex += line;
}

// fmt3 text around each formula; `$` and `%` in TeX are fine inside math.
const post = formulas
  .map(({ tex, display }, i) => `Result ${i + 1} reads ${display ? `\n$$${tex}$$\n` : `$${tex}$`} and we move on to the next one.`)
  .join("\n\n");
const bytes = Buffer.byteLength(post);

const formulaBytes = formulas.reduce((n, f) => n + Buffer.byteLength(f.tex), 0);
const cold = (operation: () => unknown) => () => {
  clearTexMathMemo();
  return operation();
};
const allFormulas = (): void => {
  for (const { tex, display } of formulas) renderTexMath(tex, display);
};
const rows: Array<[string, () => unknown, number]> = [
  ["render html (every formula through Temml), memo cleared", cold(() => renderFmt3(post, "html")), bytes],
  ["render html, memo warm", () => renderFmt3(post, "html"), bytes],
  ["render blahgd (blahgd's own MathML where its grammar accepts a formula, Temml for the rest), memo cleared", cold(() => renderFmt3(post, "blahgd")), bytes],
  [`renderTexMath on the ${formulas.length} formulas alone, memo cleared`, cold(allFormulas), formulaBytes],
  [`renderTexMath on the ${formulas.length} formulas alone, memo warm`, allFormulas, formulaBytes],
];

console.log(`| TeX math (a ${(bytes / 1000).toFixed(1)} KB fmt3 post with ${formulas.length} real-world formulas) | wall throughput | wall time per op | CPU throughput | CPU time per op | CPU per formula |`);
console.log("|---|---|---|---|---|---|");
for (const [name, operation, size] of rows) {
  const wall = measure(name, operation).seconds;
  const cpu = cpuSecondsPerOp(operation);
  console.log(`| ${name} | ${(size / wall / 1e6).toFixed(2)} MB/s | ${(wall * 1e3).toFixed(2)} ms | ${(size / cpu / 1e6).toFixed(2)} MB/s | ${(cpu * 1e3).toFixed(2)} ms | ${(cpu * 1e6 / formulas.length).toFixed(0)} µs |`);
}

const load = medianLoadMs(fileURLToPath(new URL("../src/markup/math/tex-math.js", import.meta.url)));
console.log(`| load tex-math.js (Temml), fresh process, median of 7 | | ${load.toFixed(1)} ms | | | |`);

const typical: string[] = [];
for (const generated of generateCorpusPosts({ posts: 200, seed: 7 })) {
  const tex = generated.files.find((f) => f.path.endsWith("/post.tex"))?.content;
  if (tex !== undefined && tex.length >= 5_000 && tex.length <= 20_000) typical.push(tex);
}
const typicalBytes = typical.reduce((n, b) => n + Buffer.byteLength(b), 0);
const typicalFormulas = typical.reduce((n, b) => n + (b.match(/(?<!\\)\$/g)?.length ?? 0) / 2, 0);
console.log("");
console.log(`| fmt3 typical posts (${typical.length} posts, ${(typicalBytes / 1e6).toFixed(2)} MB, ${Math.round(typicalFormulas)} simple formulas) | wall throughput | CPU throughput |`);
console.log("|---|---|---|");
for (const [mode, memo] of [["blahgd", "cleared"], ["html", "cleared"], ["html", "warm"]] as const) {
  const render = () => {
    for (const body of typical) renderFmt3(body, mode);
  };
  const operation = memo === "cleared" ? cold(render) : render;
  const wall = measure(mode, operation).seconds;
  const cpu = cpuSecondsPerOp(operation, 7);
  console.log(`| render ${mode}${mode === "html" ? " (formulas through Temml)" : " (blahgd's MathML)"}, memo ${memo} | ${(typicalBytes / wall / 1e6).toFixed(1)} MB/s | ${(typicalBytes / cpu / 1e6).toFixed(1)} MB/s |`);
}
