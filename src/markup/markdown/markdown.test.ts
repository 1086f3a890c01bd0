import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { markdownFormat } from "./format.js";
import type { RenderContext } from "../format.js";
import { countWork } from "../../../test/support/work-count.js";

const html = (source: string, context: RenderContext = {}): string => markdownFormat.render(source, context, { html: true, text: false }).html!;
const text = (source: string): string => markdownFormat.render(source, {}, { html: false, text: true }).text!;

describe("Markdown's GitHub extensions", () => {
  it("render tables with alignment, their header cells heading columns", () => {
    assert.equal(
      html("| a | b |\n|:--|--:|\n| 1 | 2 |\n"),
      '<table tabindex="0">\n<thead>\n<tr>\n<th style="text-align:left" scope="col">a</th>\n<th style="text-align:right" scope="col">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td style="text-align:left">1</td>\n<td style="text-align:right">2</td>\n</tr>\n</tbody>\n</table>\n',
    );
  });

  it("render strikethrough", () => {
    assert.equal(html("~~gone~~\n"), "<p><s>gone</s></p>\n");
  });

  it("render task lists as disabled checkboxes named by their item's text, only at the start of an item", () => {
    assert.equal(
      html("- [ ] open\n- [x] done\n- not [ ] a task\n"),
      '<ul class="contains-task-list">\n' +
        '<li class="task-list-item"><input class="task-list-item-checkbox" type="checkbox" disabled aria-label="open"> open</li>\n' +
        '<li class="task-list-item"><input class="task-list-item-checkbox" type="checkbox" checked disabled aria-label="done"> done</li>\n' +
        "<li>not [ ] a task</li>\n</ul>\n",
    );
  });

  it("render footnotes with ids unique to the post", () => {
    const out = html("Text.[^a]\n\n[^a]: Note.\n", { postId: 7 });
    assert.match(out, /<sup class="footnote-ref"><a href="#fn-7-1" id="fnref-7-1">\[1\]<\/a><\/sup>/);
    assert.match(out, /<li id="fn-7-1" class="footnote-item"><p>Note\./);
  });

  it("link bare URLs and addresses only when linkify is on (CommonMark has no autolink literals)", () => {
    assert.equal(html("see https://example.org/x and a@example.org\n"), "<p>see https://example.org/x and a@example.org</p>\n");
    assert.equal(
      html("see https://example.org/x and a@example.org\n", { linkify: true }),
      '<p>see <a href="https://example.org/x">https://example.org/x</a> and <a href="mailto:a@example.org">a@example.org</a></p>\n',
    );
    // Unlike GitHub's autolink literals, markdown-it's linkify wants a scheme: www.example.com stays text.
    assert.equal(html("www.example.com\n", { linkify: true }), "<p>www.example.com</p>\n");
    assert.equal(html("<https://example.org>\n"), '<p><a href="https://example.org">https://example.org</a></p>\n');
  });
});

describe("Markdown headings", () => {
  it("get ids from their text, unique within the post", () => {
    assert.equal(html("# Hello, *World*!\n\n## Hello World\n\n# Ünïcode 2\n\n# !!!\n"), '<h1 id="hello-world">Hello, <em>World</em>!</h1>\n<h2 id="hello-world-1">Hello World</h2>\n<h1 id="ünïcode-2">Ünïcode 2</h1>\n<h1 id="section">!!!</h1>\n');
  });

  it("start one level below the post title and stop at h6", () => {
    assert.equal(html("# a\n\n##### e\n\n###### f\n", { titleLevel: 1 }), '<h2 id="a">a</h2>\n<h6 id="e">e</h6>\n<h6 id="f">f</h6>\n');
    assert.equal(html("# a\n", { titleLevel: 2 }), '<h3 id="a">a</h3>\n');
  });
});

describe("Markdown's other settings", () => {
  it("pass raw HTML through, as fmt3's verbatim does", () => {
    assert.equal(html('<div class="x"><script>alert(1)</script></div>\n\nA <span>b</span>\n'), '<div class="x"><script>alert(1)</script></div>\n<p>A <span>b</span></p>\n');
  });

  it("leave quotes alone unless the typographer is on", () => {
    assert.equal(html('"Hi" -- it\'s\n'), "<p>&quot;Hi&quot; -- it's</p>\n");
    assert.equal(html('"Hi" -- it\'s\n', { typographer: true }), "<p>\u201cHi\u201d \u2013 it\u2019s</p>\n");
  });

  it("highlight fenced code with a language into spans with classes, and escape the rest", () => {
    assert.equal(html("```js\nlet a = 1 < 2;\n```\n"), '<pre tabindex="0"><code class="language-js"><span class="hljs-keyword">let</span> a = <span class="hljs-number">1</span> &lt; <span class="hljs-number">2</span>;\n</code></pre>\n');
    assert.equal(html("```\n<b>\n```\n"), "<pre tabindex=\"0\"><code>&lt;b&gt;\n</code></pre>\n");
    assert.equal(html("```nosuchlanguage\n<b>\n```\n"), '<pre tabindex="0"><code class="language-nosuchlanguage">&lt;b&gt;\n</code></pre>\n');
  });
});

describe("Markdown math", () => {
  const mathml = /^<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"/;

  it("renders $...$ inline", () => {
    const out = html("a $x^2$ b\n");
    assert.match(out, /^<p>a <math xmlns="[^"]+"><msup><mi>x<\/mi><mn[^>]*>2<\/mn><\/msup><\/math> b<\/p>\n$/);
  });

  it("renders $$...$$ inline, as a block of lines and in a fenced math block, as display math", () => {
    assert.match(html("a $$x$$ b\n"), /<p>a <math [^>]*display="block"/);
    for (const source of ["$$\nx + 1\n$$\n", "$$x + 1$$\n", "```math\nx + 1\n```\n"]) {
      const out = html(source);
      assert.match(out, mathml, source);
      assert.match(out, /display="block"/, source);
      assert.match(out, /<mi>x<\/mi><mo>\+<\/mo><mn>1<\/mn>/, source);
    }
  });

  it("keeps lone dollars as dollars: $5 and $6, a space after the opening or before the closing $", () => {
    assert.equal(html("It costs $5 and $6.\n"), "<p>It costs $5 and $6.</p>\n");
    assert.equal(html("$ x$ and $x $\n"), "<p>$ x$ and $x $</p>\n");
    assert.equal(html("$x$5\n"), "<p>$x$5</p>\n");
  });

  it("makes \\$ a dollar sign, outside and inside math", () => {
    assert.equal(html("\\$x\\$\n"), "<p>$x$</p>\n");
    assert.match(html("$a\\$b$\n"), /^<p><math /);
  });

  it("leaves math in code alone", () => {
    assert.equal(html("`$x$`\n"), "<p><code>$x$</code></p>\n");
  });

  it("reports a math error at its line and column in post.md and shows the source", () => {
    const source = "---\ntitle: t\n---\nFirst line.\n\nSome $\\frac{1}{$ here.\n";
    const result = markdownFormat.render(source, {}, { html: true, text: false });
    assert.ok(result.ok);
    assert.equal(result.diagnostics.length, 1);
    const [d] = result.diagnostics;
    assert.equal(d?.code, "markdown/math");
    assert.equal(d?.line, 6);
    assert.ok(d!.column >= 7 && d!.column <= 17, `column ${d!.column}`);
    assert.match(result.html!, /<code class="math-error"[^>]*>\$\\frac\{1\}\{\$<\/code>/);
  });

  it("does linear work on a paragraph of lone dollars", () => {
    const dollars = (n: number): string => "$a ".repeat(n) + "\n";
    const small = countWork(() => html(dollars(1000)));
    const large = countWork(() => html(dollars(8000)));
    assert.equal(large.result, `<p>${dollars(8000).trimEnd()}</p>\n`);
    // Eight times the dollars, about eight times the work; searching the rest of the paragraph for a closing $ at every one would do 64 times.
    assert.ok(large.work < 10 * small.work, `${small.work} operations for 1,000 dollars but ${large.work} for 8,000`);
  });
});

describe("Markdown as plain text", () => {
  it("keeps the words of blocks, code and math, and drops raw HTML", () => {
    assert.equal(text("# Title\n\nSome *words* and `code`.\n\n<div>raw</div>\n\n- $x$\n\n```\ncode block\n```\n"), "Title\n\nSome words and code.\n\nx\n\ncode block\n");
  });

  it("leaves out the front matter", () => {
    assert.equal(text("---\ntitle: T\n---\nBody.\n"), "Body.\n");
  });
});

describe("Markdown code blocks and tables on a narrow screen", () => {
  it("take keyboard focus so that they can be scrolled without a mouse", () => {
    assert.match(html("    indented code\n"), /^<pre tabindex="0"><code>/);
    assert.match(html("```\nfenced\n```\n"), /^<pre tabindex="0"><code>/);
    assert.match(html("| a |\n|---|\n| 1 |\n"), /^<table tabindex="0">/);
  });

  it("leave the author's raw HTML as written", () => {
    assert.equal(html("<pre>raw</pre>\n"), "<pre>raw</pre>\n");
  });
});

describe("task list checkboxes' names", () => {
  it("are the item's text, escaped, with its spaces folded and a long one cut", () => {
    const out = html(`- [ ] ship <b>v2</b> & \`"quotes"\`\n  over two lines\n- [x] ${"x".repeat(300)}\n- [ ] **\n`);
    assert.match(out, /aria-label="ship v2 &amp; &quot;quotes&quot; over two lines"/);
    assert.match(out, new RegExp(`aria-label="${"x".repeat(199)}\u2026"`));
    assert.equal([...out.matchAll(/aria-label="/g)].length, 3);
  });
});
