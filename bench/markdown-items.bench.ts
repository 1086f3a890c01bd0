/**
 * The pieces of the Markdown hot path, each against what it replaces, in one
 * process and interleaved (so that a busy machine slows both alike), on the
 * bodies of the typical corpus and of the Hugo corpus:
 * - link normalizers: every destination and autolink text the corpus's
 *   links give, through markdown-it's own normalizeLink / normalizeLinkText
 *   and through fast-links.ts;
 * - highlighting: every fenced listing through highlight.js with its own
 *   tree emitter and with html-emitter.ts;
 * - parsing: markdown-it's parse (fast tokens in both) with its own block
 *   and inline states and delimiter scan and with fast-block.ts and
 *   fast-inline.ts.
 * CPU time (user + system), median of interleaved passes.
 * Run: npm run build && node dist/bench/markdown-items.bench.js [--posts 2000] [--passes 7]
 */

import { createRequire } from "node:module";
import { loadavg } from "node:os";
import type { HLJSApi, HLJSOptions, LanguageFn } from "highlight.js";
import type markdownItType from "markdown-it";
import type { MarkdownIt, StateInline } from "markdown-it";
import { canonicalLanguage } from "../src/markup/highlight/highlight-code.js";
import { HtmlEmitter } from "../src/markup/highlight/html-emitter.js";
import { installFastBlock } from "../src/markup/markdown/fast-block.js";
import { installFastInline } from "../src/markup/markdown/fast-inline.js";
import { installFastLinks } from "../src/markup/markdown/fast-links.js";
import { installFastTokens } from "../src/markup/markdown/fast-tokens.js";
import { generateHugoPosts } from "./hugo-corpus.js";
import { generateTypicalPosts } from "./typical-corpus.js";

const require = createRequire(import.meta.url);
const markdownIt = require("markdown-it") as typeof markdownItType;

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1]!;
}
const posts = Number(argument("posts", "2000"));
const passes = Number(argument("passes", "7"));

const corpora: Array<[string, string[]]> = [
  ["typical", [...generateTypicalPosts(posts, 11)].map((p) => p.markdown)],
  ["hugo", [...generateHugoPosts({ posts, seed: 1 })].map((p) => String(p.files[0]!.content).replace(/\{\{< highlight (\w+) >\}\}/g, "```$1").replace(/\{\{< \/highlight >\}\}/g, "```"))],
];

function cpuMs(operation: () => void): number {
  const start = process.cpuUsage();
  operation();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Median CPU milliseconds of `a` and of `b`, run alternately after one warm-up each. */
function compare(a: () => void, b: () => void): [number, number] {
  a();
  b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < passes; i++) {
    as.push(cpuMs(a));
    bs.push(cpuMs(b));
  }
  const median = (xs: number[]): number => xs.sort((x, y) => x - y)[xs.length >> 1]!;
  return [median(as), median(bs)];
}

const rows: string[] = [];
const row = (what: string, count: string, [before, after]: [number, number]): void => {
  rows.push(`| ${what} | ${count} | ${before.toFixed(1)} ms | ${after.toFixed(1)} ms | ${(100 - (after / before) * 100).toFixed(0)} % |`);
};

// Parsing first: the originals are taken before anything installs the fast state.
const plain = new markdownIt("default", { html: true });
installFastTokens(plain);
const OriginalState = plain.inline.State;
const originalScan = (OriginalState.prototype as StateInline).scanDelims;
const fast = new markdownIt("default", { html: true });
installFastBlock(fast);
installFastInline(fast);
const fastScan = (OriginalState.prototype as StateInline).scanDelims;
const asStock = (md: MarkdownIt): void => {
  (OriginalState.prototype as StateInline).scanDelims = originalScan;
  md.inline.State = OriginalState;
};

for (const [name, bodies] of corpora) {
  row(`${name}: markdown-it parse, block and inline states and delimiter scan`, `${bodies.length} bodies`, compare(
    () => {
      asStock(plain);
      for (const body of bodies) plain.parse(body, {});
    },
    () => {
      (OriginalState.prototype as StateInline).scanDelims = fastScan;
      for (const body of bodies) fast.parse(body, {});
    },
  ));
}
(OriginalState.prototype as StateInline).scanDelims = fastScan;

// Link normalizers: the arguments markdown-it gives them on the corpus.
const stockLinks = new markdownIt("default", { html: true });
const fastLinks = new markdownIt("default", { html: true });
installFastLinks(fastLinks);
for (const [name, bodies] of corpora) {
  const links: string[] = [];
  const texts: string[] = [];
  const spy = new markdownIt("default", { html: true });
  spy.normalizeLink = (url) => (links.push(url), url);
  spy.normalizeLinkText = (url) => (texts.push(url), url);
  for (const body of bodies) spy.parse(body, {});
  row(`${name}: normalizeLink and normalizeLinkText`, `${links.length} + ${texts.length} calls`, compare(
    () => {
      for (const url of links) stockLinks.normalizeLink(url);
      for (const url of texts) stockLinks.normalizeLinkText(url);
    },
    () => {
      for (const url of links) fastLinks.normalizeLink(url);
      for (const url of texts) fastLinks.normalizeLinkText(url);
    },
  ));
}

// Highlighting: every listing of the corpus, highlight.js with its emitter and with ours.
function highlighter(emitter: boolean): HLJSApi {
  const hljs = (require("highlight.js/lib/core") as HLJSApi).newInstance();
  if (emitter) hljs.configure({ __emitter: HtmlEmitter as unknown as HLJSOptions["__emitter"] });
  return hljs;
}
const stockHljs = highlighter(false);
const ourHljs = highlighter(true);
for (const [name, bodies] of corpora) {
  const listings: Array<[string, string]> = [];
  for (const body of bodies) {
    for (const [, language, code] of body.matchAll(/^```(\w+)\n([\s\S]*?)\n```$/gm)) {
      const canonical = canonicalLanguage(language);
      if (canonical === undefined) continue;
      for (const hljs of [stockHljs, ourHljs]) if (!hljs.getLanguage(canonical)) hljs.registerLanguage(canonical, require(`highlight.js/lib/languages/${canonical}`) as LanguageFn);
      listings.push([`${code}\n`, canonical]);
    }
  }
  const chars = listings.reduce((n, [code]) => n + code.length, 0);
  const highlightAll = (hljs: HLJSApi) => () => {
    for (const [code, language] of listings) hljs.highlight(code, { language, ignoreIllegals: true });
  };
  row(`${name}: highlight.js on every listing, its tree emitter against HtmlEmitter`, `${listings.length} listings, ${(chars / listings.length).toFixed(0)} chars average`, compare(highlightAll(stockHljs), highlightAll(ourHljs)));
}

console.log(`| Markdown hot path, item by item (${posts} posts per corpus; CPU time, median of ${passes} interleaved passes; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}) | work per pass | before | after | less |`);
console.log("|---|---|---|---|---|");
for (const r of rows) console.log(r);
