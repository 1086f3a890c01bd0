/**
 * Hostile input for Markdown posts: no front matter or body makes scanning,
 * checking or rendering throw, every problem has a place inside the file,
 * and pathological inputs (deep nesting, thousands of dollars or brackets,
 * alias bombs in front matter) finish; run time is bounded by the input's
 * size, which the benchmark measures rather than a timed test.
 */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { formatById } from "../src/markup/formats.js";

const markdown = formatById("markdown");

const PIECES = [
  "---\n", "...\n", "title: x\n", "date: 2024-01-01\n", "tags: [a, b\n", "tags:\n  - a\n", "draft: yes\n", "comments: maybe\n", "a: &x [1]\n", "b: *x\n",
  "key: {\n", ": :\n", "\t", " ", "\n", "\n\n", "# ", "## ", "> ", "- ", "1. ", "* ", "[ ] ", "[x] ", "```", "```math\n", "```js\n", "~~~", "    code\n",
  "$", "$$", "\\$", "$x^2$", "$\\frac{1}{", "\\begin{x}", "\\def\\a{\\a}\\a", "*", "_", "~~", "`", "[", "]", "(", ")", "<", ">", "<div>", "</div>",
  "<script>", "&", "&amp;", "|", "| a | b |\n|---|---|\n", "[^1]", "[^1]: note\n", "![a](b)", "[l](javascript:alert(1))", "<https://x>", "www.x.org",
  "word", "é", "😀", "\r\n", "\u0000", "\uFEFF", "\\",
];

const anyText = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join("")),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => `---\n${parts.join("")}\n---\n${parts.reverse().join("")}`),
);

function lineCount(source: string): number {
  return source.split(/\r\n|\r|\n/).length;
}

describe("Markdown posts under hostile input", () => {
  it("never throw, and place every problem inside the file", () => {
    fc.assert(
      fc.property(anyText, (source) => {
        const scanned = markdown.scanMeta(Buffer.from(source));
        const checked = markdown.check(source, {});
        const rendered = markdown.render(source, { postId: 1, titleLevel: 1, linkify: true, typographer: true }, { html: true, text: true, textLimit: 100 });
        // Only the front matter makes a body unusable, and scanning finds it; a body is rendered
        // only when scanning found it usable (render skips the front matter unread).
        assert.equal(checked.ok, scanned.ok);
        if (scanned.ok) assert.equal(rendered.ok, true);
        for (const d of [...scanned.diagnostics, ...checked.diagnostics, ...rendered.diagnostics]) {
          assert.ok(d.line >= 1 && d.line <= lineCount(source) + 1, `line ${d.line}: ${d.message}`);
          assert.ok(d.column >= 1, `column ${d.column}`);
        }
        if (rendered.ok) assert.equal(typeof rendered.html, "string");
      }),
      { numRuns: 1500 },
    );
  });

  it("finish on pathological inputs", () => {
    const inputs = [
      "$a ".repeat(50_000),
      "$$a ".repeat(30_000),
      "[".repeat(50_000) + "]".repeat(50_000),
      "> ".repeat(10_000) + "deep",
      "- ".repeat(10_000) + "deep",
      "*a ".repeat(30_000),
      "$\\frac{".repeat(5_000) + "$",
      "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ntitle: t\n---\nbody\n",
      "---\n" + "k: v\n".repeat(20_000) + "---\n",
    ];
    for (const source of inputs) {
      const result = markdown.render(source, {}, { html: true, text: true });
      assert.equal(typeof result.ok, "boolean");
    }
  });
});
