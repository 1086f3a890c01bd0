import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import fc from "fast-check";
import type markdownItType from "markdown-it";
import type { MarkdownIt, StateInline, Token } from "markdown-it";
import footnote from "markdown-it-footnote";
import { installFastInline } from "../src/markup/markdown/fast-inline.js";
import { generateTypicalPosts } from "../bench/typical-corpus.js";
import { generateHugoPosts } from "../bench/hugo-corpus.js";

// This file runs in a process of its own: markdown-it starts with its own inline state.

const require = createRequire(import.meta.url);
const markdownIt = require("markdown-it") as typeof markdownItType;
const spec = require("commonmark-spec") as { tests: Array<{ markdown: string }> };

function parser(): MarkdownIt {
  return new markdownIt("default", { html: true, linkify: true, typographer: true }).use(footnote);
}

type StateClass = new (src: string, md: MarkdownIt, env: unknown, tokens: unknown[]) => StateInline;
type Scan = (this: StateInline, start: number, canSplitWord: boolean) => unknown;

/** Every token of a parse as text, children included. */
const dump = (tokens: readonly Token[]): string => JSON.stringify(tokens);

/** Text around delimiter runs: ASCII and Unicode punctuation and symbols, spaces of all kinds, letters, astral characters, lone surrogates. */
const AROUND = ["a", "Z", "1", " ", "\t", "\n", "\u00A0", "\u3000", ".", ",", "!", "(", ")", '"', "'", "«", "»", "—", "€", "£", "©", "→", "、", "。", "¿", "é", "ß", "中", "😀", "𝔸", "\uD800", "\uDC00", "\\", "`", "[", "]", "<", ">", "$"];
const RUNS = ["*", "**", "***", "_", "__", "~", "~~", "*_", "_*", "~~~"];
const inline = fc.array(fc.oneof(fc.constantFrom(...AROUND), fc.constantFrom(...RUNS), fc.string({ unit: "binary", maxLength: 4 })), { maxLength: 24 }).map((parts) => parts.join(""));

describe("markdown-it's inline state made faster", () => {
  const md = parser();
  const Original = md.inline.State as unknown as StateClass;
  const originalScan = Original.prototype.scanDelims as unknown as Scan;
  const samples = [
    ...spec.tests.map((t) => t.markdown),
    ...[...generateTypicalPosts(60, 3)].map((p) => p.markdown),
    ...[...generateHugoPosts({ posts: 40, seed: 3 })].map((p) => String(p.files[0]!.content)),
    "«*quoted*» —**dash**— 中*文*字 😀_x_😀 \uD800*y*\uDC00 ~~gone~~ a*b*c a_b_c (*(x)*) \"**\"q\"**\"\n",
  ];
  const before = samples.map((s) => dump(md.parse(s, {})));
  const renderedBefore = samples.map((s) => md.render(s));

  it("is installed over the markdown-it it was written for", () => {
    assert.equal(installFastInline(md), true);
    assert.notEqual(md.inline.State, Original);
  });

  it("makes states with the same fields, in the same order, of the same class", () => {
    const env = {};
    const tokens = [{}, {}] as unknown[];
    const original = new Original("a *b*", md, env, tokens) as unknown as Record<string, unknown>;
    const fast = new (md.inline.State as unknown as StateClass)("a *b*", md, env, tokens) as unknown as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(fast), Object.getPrototypeOf(original));
    assert.deepEqual(Object.keys(fast), Object.keys(original));
    for (const key of Object.keys(original)) {
      if (key === "tokens_meta") assert.deepEqual(fast[key], original[key]);
      else if (typeof original[key] === "object" && original[key] !== null) assert.ok(fast[key] === original[key] || JSON.stringify(fast[key]) === JSON.stringify(original[key]), key);
      else assert.equal(fast[key], original[key], key);
    }
    assert.equal((fast.tokens_meta as unknown[]).length, 2);
  });

  it("scans delimiter runs as markdown-it does, at every position of generated and hostile text", () => {
    const fastScan = Original.prototype.scanDelims as unknown as Scan;
    assert.notEqual(fastScan, originalScan);
    fc.assert(
      fc.property(inline, fc.boolean(), (src, canSplitWord) => {
        const state = new Original(src, md, {}, []);
        for (let start = 0; start < src.length; start++) {
          assert.deepEqual(fastScan.call(state, start, canSplitWord), originalScan.call(state, start, canSplitWord), `${JSON.stringify(src)} at ${start}`);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it("reads every character on either side of a run as markdown-it does", () => {
    const fastScan = Original.prototype.scanDelims as unknown as Scan;
    for (let code = 0; code <= 0x10ffff; code += code < 0x10000 ? 1 : 97) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const c = String.fromCodePoint(code);
      for (const src of [`${c}*`, `x${c}*`, `*${c}`]) {
        const start = src.indexOf("*");
        const state = new Original(src, md, {}, []);
        assert.deepEqual(fastScan.call(state, start, false), originalScan.call(state, start, false), `U+${code.toString(16)} in ${JSON.stringify(src)}`);
      }
    }
  });

  it("makes the same token streams and the same HTML, in this parser and in parsers made afterwards", () => {
    samples.forEach((s, i) => {
      assert.equal(dump(md.parse(s, {})), before[i], s);
      assert.equal(md.render(s), renderedBefore[i], s);
    });
    const other = parser();
    assert.equal(installFastInline(other), true);
    samples.forEach((s, i) => assert.equal(other.render(s), renderedBefore[i], s));
  });
});
