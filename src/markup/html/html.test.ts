import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { formatById, formatOfFile } from "../formats.js";
import { htmlToText, decodeEntities } from "./plain-text.js";
import { wpautop } from "./wpautop.js";
import { renderImportedHtml } from "./format.js";

describe("wpautop", () => {
  it("makes a paragraph of each run of text between blank lines and a <br /> of a single line break", () => {
    assert.equal(wpautop("One\ntwo\n\nThree"), "<p>One<br />\ntwo</p>\n<p>Three</p>\n");
  });

  it("never wraps block elements in a paragraph", () => {
    assert.equal(wpautop("Intro\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\nAfter"), "<p>Intro</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>After</p>\n");
    assert.equal(wpautop("<h2>Title</h2>\nText"), "<h2>Title</h2>\n<p>Text</p>\n");
    assert.equal(wpautop("<div>in a div</div>"), "<div>in a div</div>\n");
  });

  it("gives the text inside a blockquote its paragraphs", () => {
    assert.equal(wpautop("<blockquote>A quote.</blockquote>"), "<blockquote><p>A quote.</p></blockquote>\n");
    assert.equal(wpautop("<blockquote>One\n\nTwo</blockquote>"), "<blockquote><p>One</p>\n<p>Two</p></blockquote>\n");
  });

  it("leaves <pre> exactly as written, blank lines included", () => {
    assert.equal(wpautop("Code:\n<pre>a\n\n  b\n</pre>\nDone"), "<p>Code:</p>\n<pre>a\n\n  b\n</pre>\n<p>Done</p>\n");
  });

  it("keeps inline elements and images inside the paragraph", () => {
    assert.equal(wpautop('Look: <img src="a.jpg"\n alt="x" /> <em>nice</em>'), '<p>Look: <img src="a.jpg"  alt="x" /> <em>nice</em></p>\n');
  });

  it("keeps paragraphs that are already there", () => {
    assert.equal(wpautop("<p>Done already.</p>\n\n<p>Twice.</p>"), "<p>Done already.</p>\n<p>Twice.</p>\n");
  });

  it("treats CR LF line ends as line ends and an empty body as empty", () => {
    assert.equal(wpautop("a\r\n\r\nb"), "<p>a</p>\n<p>b</p>\n");
    assert.equal(wpautop(" \n\n "), "");
  });

  it("never throws and always keeps the text, whatever the input", () => {
    const pieces = ["a", "b c", "\n", "\n\n", "<p>", "</p>", "<div>", "</div>", "<pre>", "</pre>", "<blockquote>", "</blockquote>", "<br>", "<!--", "-->", "<", ">", "<em>", "</em>", "\uF8FF", "1", "\r"];
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.constantFrom(...pieces), { maxLength: 50 }).map((p) => p.join("")), fc.string({ maxLength: 200 })), (source) => {
        const out = wpautop(source);
        const words = (s: string): string => htmlToText(s).replace(/\s+/g, "");
        if (!/[<>]|<!--/.test(source)) assert.equal(words(out), words(source));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the HTML format", () => {
  it("is in the registry as post.html", () => {
    assert.equal(formatById("html").bodyFile, "post.html");
    assert.equal(formatOfFile("x.html")?.id, "html");
  });

  it("removes block editor comments and keeps the block editor's own paragraphs", () => {
    const body = "<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:image {\"id\":3} /-->\n<!-- wp:paragraph -->\n<p>Two\nlines</p>\n<!-- /wp:paragraph -->";
    const html = renderImportedHtml(body);
    assert.doesNotMatch(html, /wp:/);
    assert.equal(html, "<p>One</p>\n\n<p>Two\nlines</p>\n");
  });

  it("reads its front matter as Markdown's, pages included", () => {
    const meta = formatById("html").scanMeta(Buffer.from("---\ntitle: About\ntype: page\nparent: 2\norder: 3\n---\nHi\n"));
    assert.equal(meta.ok, true);
    assert.deepEqual(meta.meta, { tags: [], title: "About", page: true, parent: 2, order: 3 });
  });

  it("renders HTML with paragraphs and plain text for summaries", () => {
    const r = formatById("html").render("---\ntitle: T\n---\nCafé &amp; <b>crème</b>\n\nSecond &hellip;", {}, { html: true, text: true });
    assert.equal(r.html, "<p>Café &amp; <b>crème</b></p>\n<p>Second &hellip;</p>\n");
    assert.equal(r.text, "Café & crème\n\nSecond …\n");
  });

  it("skips the content of scripts, styles and comments in plain text and decodes references", () => {
    assert.equal(htmlToText("<p>a<script>x<y</script>b<!-- c --></p><style>p{}</style>"), "ab\n");
    assert.equal(decodeEntities("&#x1F600; &#0; &bogus; &lt;"), "😀 \ufffd &bogus; <");
  });
});
