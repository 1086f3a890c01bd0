import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import fc from "fast-check";
import type markdownItType from "markdown-it";
import type { MarkdownIt, StateBlock, Token } from "markdown-it";
import footnote from "markdown-it-footnote";
import { installFastBlock } from "../src/markup/markdown/fast-block.js";
import { generateTypicalPosts } from "../bench/typical-corpus.js";
import { generateHugoPosts } from "../bench/hugo-corpus.js";

const require = createRequire(import.meta.url);
const markdownIt = require("markdown-it") as typeof markdownItType;
const spec = require("commonmark-spec") as { tests: Array<{ markdown: string }> };

function parser(): MarkdownIt {
  return new markdownIt("default", { html: true, linkify: true, typographer: true }).use(footnote);
}

type StateClass = new (src: string, md: MarkdownIt, env: unknown, tokens: unknown[]) => StateBlock;

/** A state's own fields and their values, in order (the Token class by identity). */
function fields(state: StateBlock): Array<[string, unknown]> {
  return Object.entries(state).map(([key, value]) => [key, key === "md" || key === "env" || key === "tokens" || key === "Token" ? value : JSON.stringify(value)]);
}

/** Lines of every kind of indentation and ending. */
const LINE_PIECES = ["", " ", "  ", "    ", "\t", " \t", "\t ", "a", "# h", "- x", "```", "\r", "\n", "\n\n", "\r\n", "\u00A0", "😀", "\uD800", "\f", "\v"];
const source = fc.oneof(fc.array(fc.constantFrom(...LINE_PIECES), { maxLength: 30 }).map((parts) => parts.join("")), fc.string({ unit: "binary", maxLength: 60 }));

describe("markdown-it's block state made faster", () => {
  const md = parser();
  const Original = md.block.State as unknown as StateClass;
  const samples = [
    ...spec.tests.map((t) => t.markdown),
    ...[...generateTypicalPosts(60, 3)].map((p) => p.markdown),
    ...[...generateHugoPosts({ posts: 40, seed: 3 })].map((p) => String(p.files[0]!.content)),
    "\tcode\n  \t- item\n\n> quote\n    indented\n\t\t\tdeep\nno newline at the end",
  ];
  const before = samples.map((s) => JSON.stringify(md.parse(s, {}) as Token[]));
  const renderedBefore = samples.map((s) => md.render(s));

  it("is installed over the markdown-it it was written for", () => {
    assert.equal(installFastBlock(md), true);
    assert.notEqual(md.block.State, Original);
  });

  it("makes states with the same fields, in the same order and with the same values, of the same class, for any source", () => {
    const Fast = md.block.State as unknown as StateClass;
    fc.assert(
      fc.property(source, (src) => {
        const env = {};
        const tokens: unknown[] = [];
        const original = new Original(src, md, env, tokens);
        const fast = new Fast(src, md, env, tokens);
        assert.equal(Object.getPrototypeOf(fast), Object.getPrototypeOf(original));
        assert.deepEqual(fields(fast), fields(original));
      }),
      { numRuns: 10_000 },
    );
  });

  it("makes the same token streams and the same HTML, in this parser and in parsers made afterwards", () => {
    samples.forEach((s, i) => {
      assert.equal(JSON.stringify(md.parse(s, {})), before[i], s);
      assert.equal(md.render(s), renderedBefore[i], s);
    });
    const other = parser();
    assert.equal(installFastBlock(other), true);
    samples.forEach((s, i) => assert.equal(other.render(s), renderedBefore[i], s));
  });
});
