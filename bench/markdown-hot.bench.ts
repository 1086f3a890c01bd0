/**
 * The Markdown hot path of `blahg build` and `blahg render`, in process: the
 * bodies of the typical corpus and of the Hugo corpus (its shortcodes
 * converted as the importer does, roughly), each rendered as the build
 * renders it (one parse written at title levels 1 and 2, plain text for the
 * summary). CPU time (user + system) of the first pass in the process (cold:
 * JIT and grammars included) and the median of the warm passes after it.
 * The memos of highlighted listings and TeX math are cleared before every
 * pass: a build renders each body once, so a warm pass must not find them.
 * Run: npm run build && node dist/bench/markdown-hot.bench.js [--posts 2000] [--passes 5] [--corpus typical|hugo|both]
 */

import { formatById, type RenderContext } from "../src/markup/formats.js";
import { clearHighlightMemo } from "../src/markup/highlight/highlight-code.js";
import { clearTexMathMemo } from "../src/markup/math/tex-math.js";
import { generateHugoPosts } from "./hugo-corpus.js";
import { generateTypicalPosts } from "./typical-corpus.js";

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1]!;
}

const posts = Number(argument("posts", "2000"));
const passes = Number(argument("passes", "5"));
const which = argument("corpus", "both");

/** The Hugo corpus's shortcodes as the importer turns them: highlight into a fence, ref into a post URL. */
function hugoBody(content: string): string {
  return content
    .replace(/\{\{< highlight (\w+) >\}\}/g, "```$1")
    .replace(/\{\{< \/highlight >\}\}/g, "```")
    .replace(/\{\{< ref "[^"]*" >\}\}/g, "/?p=1")
    .replace(/\{\{< figure src="([^"]*)" alt="([^"]*)"[^}]*>\}\}/g, "![$2]($1)");
}

function corpus(name: string): string[] {
  if (name === "typical") return [...generateTypicalPosts(posts, 11)].map((p) => p.markdown);
  return [...generateHugoPosts({ posts, seed: 1 })].map((p) => hugoBody(String(p.files[0]!.content)));
}

const markdown = formatById("markdown");
const urls = { base: "https://blog.example", wiki: "https://wiki", bug: "https://bugs", photo: "https://photos" };

function renderAll(bodies: readonly string[]): number {
  clearHighlightMemo();
  clearTexMathMemo();
  let chars = 0;
  bodies.forEach((source, i) => {
    const context: RenderContext = { urls, postId: i + 1, readListing: () => ({ text: "" }) };
    const places = [{ titleLevel: 1 as const }, { titleLevel: 2 as const, idPrefix: `post-${i + 1}-` }];
    const result = markdown.render(source, context, { html: true, text: true, textLimit: 300, places });
    if (!result.ok || !result.htmlAt) throw new Error("a benchmark body failed to render");
    chars += result.htmlAt[0]!.length + result.htmlAt[1]!.length;
  });
  return chars;
}

/** As a server renders a post for its page and then for a listing: one level per render, parsed each time. */
function renderApart(bodies: readonly string[]): void {
  clearHighlightMemo();
  clearTexMathMemo();
  bodies.forEach((source, i) => {
    const context: RenderContext = { urls, postId: i + 1, readListing: () => ({ text: "" }) };
    for (const place of [{ titleLevel: 1 as const }, { titleLevel: 2 as const, idPrefix: `post-${i + 1}-` }]) {
      if (!markdown.render(source, context, { html: true, text: true, textLimit: 300, places: [place] }).ok) throw new Error("a benchmark body failed to render");
    }
  });
}

function cpuSeconds(operation: () => unknown): number {
  const start = process.cpuUsage();
  operation();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

const names = which === "both" ? ["typical", "hugo"] : [which];
const sets = names.map((name) => ({ name, bodies: corpus(name) }));
console.log(`| Markdown hot path (in process, ${posts} posts each; load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")}) | MB | cold pass: CPU | warm passes: median CPU | warm CPU throughput |`);
console.log("|---|---|---|---|---|");
for (const { name, bodies } of sets) {
  const mb = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / 1e6;
  const cold = cpuSeconds(() => renderAll(bodies));
  const warm: number[] = [];
  for (let i = 0; i < passes; i++) warm.push(cpuSeconds(() => renderAll(bodies)));
  warm.sort((a, b) => a - b);
  const median = warm[warm.length >> 1]!;
  console.log(`| ${name}: render at levels 1 and 2 + summary text | ${mb.toFixed(2)} | ${cold.toFixed(2)} s | ${median.toFixed(3)} s | ${(mb / median).toFixed(1)} MB/s |`);
  const apart: number[] = [];
  for (let i = 0; i < passes; i++) apart.push(cpuSeconds(() => renderApart(bodies)));
  apart.sort((a, b) => a - b);
  const apartMedian = apart[apart.length >> 1]!;
  console.log(`| ${name}: each body rendered twice apart, level 1 then level 2 (as a server) | ${mb.toFixed(2)} | | ${apartMedian.toFixed(3)} s | ${(mb / apartMedian).toFixed(1)} MB/s |`);
}
