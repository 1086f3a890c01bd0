import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import type markdownItType from "markdown-it";
import type { MarkdownIt, Token } from "markdown-it";
import footnote from "markdown-it-footnote";
import { installFastTokens } from "../src/markup/markdown/fast-tokens.js";
import { generateTypicalPosts } from "../bench/typical-corpus.js";

// This file runs in a process of its own: markdown-it starts with its own push methods.

const require = createRequire(import.meta.url);
const markdownIt = require("markdown-it") as typeof markdownItType;
const spec = require("commonmark-spec") as { tests: Array<{ markdown: string }> };

function parser(): MarkdownIt {
  return new markdownIt("default", { html: true, linkify: true, typographer: true }).use(footnote);
}

/** Every token of a parse as text: fields in order, children included, and the class. */
function dump(tokens: readonly Token[], TokenClass: object): string {
  for (const t of tokens) {
    assert.equal(Object.getPrototypeOf(t), (TokenClass as { prototype: object }).prototype);
    if (t.children) dump(t.children, TokenClass);
  }
  return JSON.stringify(tokens);
}

describe("markdown-it's tokens made faster", () => {
  const md = parser();
  const Token = new md.core.State("", md, {}).Token;
  const samples = [
    ...spec.tests.map((t) => t.markdown),
    ...[...generateTypicalPosts(60, 3)].map((p) => p.markdown),
    "Foot[^1] and **strong *nested* `code`** ~~x~~ https://example.org \"quotes\" -- (c)\n\n[^1]: Note with [link][ref].\n\n[ref]: /u 'T'\n",
  ];
  const before = samples.map((s) => dump(md.parse(s, {}), Token));
  const renderedBefore = samples.map((s) => md.render(s));

  it("are installed over the markdown-it they were written for", () => {
    assert.equal(installFastTokens(md), true);
  });

  it("make the same token streams, field for field and in the same class, and the same HTML", () => {
    samples.forEach((s, i) => {
      assert.equal(dump(md.parse(s, {}), Token), before[i], s);
      assert.equal(md.render(s), renderedBefore[i], s);
    });
    // A parser made afterwards gets them too: the states are shared.
    const other = parser();
    samples.forEach((s, i) => assert.equal(other.render(s), renderedBefore[i], s));
  });

  it("leave tokens with markdown-it's methods", () => {
    const [open] = md.parse("# x\n", {});
    open!.attrSet("id", "a");
    open!.attrJoin("class", "b");
    assert.deepEqual(open!.attrs, [["id", "a"], ["class", "b"]]);
    assert.equal(open!.attrGet("id"), "a");
  });
});
