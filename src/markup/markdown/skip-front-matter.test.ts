import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { htmlFormat } from "../html/format.js";
import { markdownFormat } from "./format.js";
import { readFrontMatter, skipFrontMatter } from "./front-matter.js";

const html = (source: string): string | undefined => markdownFormat.render(source, {}, { html: true, text: false }).html;

describe("rendering skips the front matter without reading it", () => {
  it("leaves exactly the body readFrontMatter leaves, whatever the text (property)", () => {
    const pieces = fc.constantFrom("---", "...", "--- ", "\n", "\r\n", "\r", "\uFEFF", "title: x", "tags: [a, b]", "Foo", "# c", ": ", "'k': v", "\"k\":", " ", "\t", "[", "a");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 14 }), (parts) => {
        const source = parts.join("");
        assert.equal(skipFrontMatter(source), readFrontMatter(source).body);
      }),
      { numRuns: 3000 },
    );
  });

  it("renders a body with front matter as the same body without it", () => {
    const body = "# Title\n\nSome *text* with $x^2$ and `code`.\n\n```c\nint x;\n```\n";
    for (const front of ["---\ntitle: Hello\ntags: [a, b]\n---\n", "---\r\ntitle: Hello\r\n...\r\n", "\uFEFF---\ntitle: x\n---\n", "---   \n# a comment\ntitle: x\n---\n"]) {
      const lines = front.split("\n").length - 1;
      assert.equal(html(front + body), html("\n".repeat(lines) + body), JSON.stringify(front));
    }
    assert.equal(html(body), '<h1 id="title">Title</h1>\n<p>Some <em>text</em> with ' + html("$x^2$")!.slice(3, -5) + " and <code>code</code>.</p>\n" + html("```c\nint x;\n```\n"));
  });

  it("keeps as Markdown what is not front matter: a break and a heading, an unclosed or empty block", () => {
    assert.equal(html("---\nFoo\n---\n"), '<hr>\n<h2 id="foo">Foo</h2>\n');
    assert.equal(html("---\ntitle: x\nno end\n"), "<hr>\n<p>title: x\nno end</p>\n");
    assert.equal(html("---\n---\nx\n"), "<hr>\n<hr>\n<p>x</p>\n");
  });

  it("renders the body of a front matter that is broken, which only check refuses", () => {
    const source = "---\ntitle: [unclosed\n---\nBody\n";
    assert.equal(markdownFormat.check(source, {}).ok, false);
    assert.equal(html(source), "<p>Body</p>\n");
    assert.equal(htmlFormat.check(source, {}).ok, false);
    assert.equal(htmlFormat.render(source, {}, { html: true, text: false }).html, "<p>Body</p>\n");
  });
});
