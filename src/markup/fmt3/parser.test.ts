import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseFmt3, renderFmt3 } from "./index.js";

function blahgd(src: string): string | undefined {
  return renderFmt3(src, "blahgd").output;
}

function firstError(src: string): { line: number; column: number; message: string } | undefined {
  const d = parseFmt3(src).diagnostics.find((x) => x.severity === "error");
  return d && { line: d.line, column: d.column, message: d.message };
}

describe("fmt3 parser: the worked examples of spec 5.8", () => {
  const cases: Array<[string, string]> = [
    ["hello\n", "<p>hello </p>\n"],
    ["\\abbrev[abc]{def}\n", '<p><abbr title="abc">def</abbr> </p>\n'],
    ["\\item{foo}\n\\item[label]{bar}\n", "<p><li>foo</li> <dt>label</dt><dd>bar</dd> </p>\n"],
    ["\\textbf{foo\nbar}\n", "<p><strong>foo bar</strong> </p>\n"],
    ["foo\n\n\n\n\n\n\nbar\n", "<p>foo</p>\n<p>bar </p>\n"],
    ["It's -- a ``test''...", "<p>It&rsquo;s &ndash; a &ldquo;test&rdquo;&hellip;</p>\n"],
    ['a <b> "c" 50\\% ~d', "<p>a &lt;b&gt; &quot;c&quot; 50% &nbsp;d</p>\n"],
    ["a\n%c\nb\n", "<p>a  b </p>\n"],
    ["a \\\\\nb\n", "<p>a <br/> b </p>\n"],
    ["a\n\\begin{itemize}\n\\item{one}\n\\item{two}\n\\end{itemize}\nb\n", "<p>a </p><ul> <li>one</li> <li>two</li> </ul><p> b </p>\n"],
    ["foo\n\\begin{verbatim}\n<h1>abc</h1>\n\\end{verbatim}\nbaz\n", "<p>foo </p>\n<h1>abc</h1>\n<p> baz </p>\n"],
    ["blah\n\\begin{listing}\nfoobar\n\\end{listing}\nxyzzy\n", "<p>blah </p><pre>\nfoobar\n</pre><p> xyzzy </p>\n"],
  ];
  for (const [src, html] of cases) {
    it(`renders ${JSON.stringify(src)} as blahgd does`, () => assert.equal(blahgd(src), html));
  }
});

describe("fmt3 parser: lexical rules", () => {
  it("treats a newline, spaces and a newline as one line break, not a paragraph break", () => {
    assert.equal(blahgd("a\n  \nb"), "<p>a    b</p>\n");
  });
  it("lets a paragraph break swallow the spaces that follow it", () => {
    assert.equal(blahgd("a\n\n   b"), "<p>a</p>\n<p>b</p>\n");
  });
  it("keeps a whitespace-only paragraph, as blahgd does", () => {
    assert.equal(blahgd("   \n\nx\n"), "<p>   </p>\n<p>x </p>\n");
  });
  it("splits long runs of dashes greedily", () => {
    assert.equal(blahgd("----"), "<p>&mdash;-</p>\n");
    assert.equal(blahgd("-----"), "<p>&mdash;&ndash;</p>\n");
  });
  it("treats & as a table cell separator everywhere", () => {
    assert.equal(blahgd("a & b"), "<p>a </td><td> b</p>\n");
  });
  it("reads \\textbf1 as the (unknown) command textbf1", () => {
    assert.equal(blahgd("\\textbf1"), "<p>[INVAL CMD 'textbf1']</p>\n");
  });
  it("emits the degree sign before its argument", () => {
    assert.equal(blahgd("\\degree{C}"), "<p>\u00b0C</p>\n");
  });
  it("reads special commands raw up to the first brace and drops their newlines", () => {
    const { document } = parseFmt3("\\title{A <b>\nc}\\tag{x}\\tag{Y}\\published{2013-04-24 17:56}\\twitterphoto{a/b.jpg}");
    assert.deepEqual(document?.meta, {
      title: "A <b>c",
      tags: ["x", "Y"],
      published: "2013-04-24 17:56",
      twitterImage: { kind: "photo", value: "a/b.jpg" },
    });
  });
  it("keeps the last title and the last twitter image", () => {
    const { document } = parseFmt3("\\title{a}\\title{b}\\twitterphoto{p}\\twitterimg{u}");
    assert.equal(document?.meta.title, "b");
    assert.deepEqual(document?.meta.twitterImage, { kind: "url", value: "u" });
  });
  it("uses \"(null)\" for \\post and \\taglink without a configured base URL, as blahgd's printf does", () => {
    assert.equal(blahgd("\\post{1}\\taglink{x}\\wiki{y}"), '<p><a href="(null)/?p=1">1</a><a href="(null)/?tag=x">x</a><a href="/y"><img src="/wiki.png" alt="Wikipedia article:" />&nbsp;y</a></p>\n');
  });
  it("cuts \\post links at 1023 bytes like blahgd's 1024-byte buffer", () => {
    const out = renderFmt3(`\\post{${"x".repeat(2000)}}`, "blahgd", { urls: { base: "" } }).output!;
    assert.equal(out, `<p>${'<a href="/?p='.concat("x".repeat(2000)).slice(0, 1023)}</p>\n`);
  });
});

describe("fmt3 parser: where blahg does better than blahgd", () => {
  it("reads CR LF line ends as newlines instead of truncating the post", () => {
    assert.equal(blahgd("line1\r\nline2\r\n\r\nline3"), "<p>line1 line2</p>\n<p>line3</p>\n");
  });
  it("keeps 4-byte UTF-8 characters (emoji) as text", () => {
    assert.equal(blahgd("a 😀 b"), "<p>a 😀 b</p>\n");
  });
  it("does not make an empty paragraph of a comment line between blank lines", () => {
    assert.equal(blahgd("abc\n\n%\n\ndef\n"), "<p>abc</p>\n<p>def </p>\n");
  });
  it("ignores blank lines at the start of a post", () => {
    assert.equal(blahgd("\n\nabc"), "<p>abc</p>\n");
  });
  it("renders an empty file as an empty body", () => {
    assert.deepEqual(renderFmt3("", "blahgd"), { output: "", meta: { tags: [] }, diagnostics: [] });
  });
  it("accepts empty arguments", () => {
    assert.equal(blahgd("\\img[]{x}\\textbf{}"), '<p><img src="x" alt="" /><strong></strong></p>\n');
  });
  it("drops control characters with a warning instead of stopping there", () => {
    const result = renderFmt3("a\u0007b", "blahgd");
    assert.equal(result.output, "<p>ab</p>\n");
    assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.line, d.column]), [["warning", 1, 2]]);
  });
});

describe("fmt3 parser: syntax errors are diagnostics with a place", () => {
  const cases: Array<[string, number, number, RegExp]> = [
    ["a_b", 1, 2, /unexpected '_'/],
    ["x\ny ^", 2, 3, /unexpected '\^'/],
    ["a { b", 1, 3, /unexpected '\{'/],
    ["a } b", 1, 3, /unexpected '\}'/],
    ["a [b]", 1, 3, /unexpected '\['/],
    ["\\textbf{a\n\nb}", 1, 10, /blank line/],
    ["\\textbf{abc", 1, 8, /unclosed '\{'/],
    ["\\link[abc", 1, 6, /unclosed '\['/],
    ["\\link[a] {b}", 1, 9, /must be followed by a \{argument\}/],
    ["\\textbf x", 1, 1, /\\textbf needs a \{argument\}/],
    ["\\item foo", 1, 1, /\\item needs/],
    ["\\bug[x]{1}", 1, 1, /takes no \[optional\]/],
    ["\\leftarrow{x}", 1, 1, /takes no \{argument\}/],
    ["a \\# b", 1, 3, /backslash cannot be followed by '#'/],
    ["a\\", 1, 2, /backslash at the end/],
    ["price $5", 1, 7, /unterminated math/],
    ["$$", 1, 1, /unterminated display math/],
    ["a $$x$ b", 1, 3, /unterminated display math/],
    ["\\begin{verbatim}abc", 1, 1, /unterminated verbatim/],
    ["\\title{abc", 1, 1, /unterminated \\title/],
  ];
  for (const [src, line, column, message] of cases) {
    it(`reports ${JSON.stringify(src)} at ${line}:${column}`, () => {
      const error = firstError(src);
      assert.ok(error, "expected an error");
      assert.deepEqual([error.line, error.column], [line, column]);
      assert.match(error.message, message);
      assert.equal(parseFmt3(src).document, undefined);
    });
  }
  it("warns about unknown commands and environments but still renders them as blahgd does", () => {
    const result = renderFmt3("\\foo \\begin{bar}", "blahgd");
    assert.equal(result.output, "<p>[INVAL CMD 'foo'] [INVAL ENVIRON 'bar']</p>\n");
    assert.deepEqual(result.diagnostics.map((d) => d.code), ["fmt3/unknown-command", "fmt3/unknown-environment"]);
  });
  it("rejects pathologically deep nesting without overflowing the stack", () => {
    const src = "\\textbf{".repeat(5000) + "x" + "}".repeat(5000);
    assert.match(firstError(src)?.message ?? "", /nested too deeply/);
  });
});

describe("fmt3 parser: formulas beyond blahgd's math grammar", () => {
  const rejected: Array<[string, number, RegExp]> = [
    ["x $a ! b$ y", 6, /'!' is not allowed in math/],
    ["x $\\alpha$ y", 4, /unknown math command \\alpha/],
    ["x $(a$ y", 6, /expected '\)'/],
  ];
  for (const [src, column, blahgdSays] of rejected) {
    it(`keeps ${JSON.stringify(src)} with its source instead of failing the post`, () => {
      const { document, diagnostics } = parseFmt3(src);
      assert.ok(document);
      assert.deepEqual(diagnostics, []);
      const math = document.paragraphs[0]!.children.find((n) => n.type === "math");
      assert.ok(math?.type === "math");
      assert.equal(math.expr, undefined);
      assert.equal(math.source, src.slice(3, src.lastIndexOf("$")));
      assert.match(math.blahgdError?.message ?? "", blahgdSays);
    });
    it(`warns in blahgd mode where blahgd would refuse ${JSON.stringify(src)}, and renders it with the TeX converter`, () => {
      const result = renderFmt3(src, "blahgd");
      const warning = result.diagnostics.find((d) => d.code === "fmt3/not-blahgd-math");
      assert.ok(warning);
      assert.equal(warning.severity, "warning");
      assert.deepEqual([warning.line, warning.column], [1, column]);
      assert.match(warning.message, blahgdSays);
      assert.match(result.output ?? "", /<math xmlns=|<code class="math-error"/);
    });
  }

  it("keeps blahgd's exact MathML in blahgd mode for what blahgd's grammar accepts", () => {
    assert.equal(blahgd("$2^{3}$"), "<p><math><msup><mrow><mn>2</mn></mrow><mrow><mn>3</mn></mrow></msup></math></p>\n");
  });

  it("reads $$...$$ as display math, which blahgd's grammar never accepted", () => {
    const { document } = parseFmt3("a\n$$\\sum_{i=1}^n i$$\nb");
    const math = document?.paragraphs[0]!.children.find((n) => n.type === "math");
    assert.ok(math?.type === "math");
    assert.equal(math.display, true);
    assert.equal(math.source, "\\sum_{i=1}^n i");
    assert.equal(math.sourcePos, 4);
    assert.equal(math.expr, undefined);
  });

  it("renders every formula with the TeX converter in html mode, display math as a block", () => {
    const result = renderFmt3("$a - b$ and $$\\mathbb{R}$$ and $\\alpha$", "html");
    assert.deepEqual(result.diagnostics, []);
    const out = result.output ?? "";
    assert.equal(out.match(/<math xmlns=/g)?.length, 3);
    assert.match(out, /<math [^>]*display="block"[^>]*><mi>ℝ<\/mi><\/math>/);
    assert.match(out, /<mo>−<\/mo>/);
  });

  it("reports a formula the TeX converter cannot read at its place, shows its source and still renders the post", () => {
    const result = renderFmt3("First line\nsee $x + \\nosuch{y}$ here", "html");
    assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.code, d.line, d.column]), [["warning", "fmt3/tex", 2, 10]]);
    assert.match(result.diagnostics[0]!.message, /\\nosuch/);
    assert.match(result.output ?? "", /see <code class="math-error" title="[^"]*">\$x \+ \\nosuch\{y\}\$<\/code> here/);
  });

  it("writes formulas as their TeX source in text mode", () => {
    assert.equal(renderFmt3("so $\\frac{a}{b}$ and $$\\sqrt{2}$$.", "text").output, "so \\frac{a}{b} and \\sqrt{2}.");
  });
});

describe("fmt3 parser: listings", () => {
  const readListing = (name: string) => ({ text: `// ${name}\nint x;` });
  it("highlights \\begin{listing}[c] in html mode, dropping the hint, and keeps blahgd's bytes in blahgd mode", () => {
    const src = "\\begin{listing}[c]\nint x;\n\\end{listing}";
    assert.equal(renderFmt3(src, "html").output, '<pre tabindex="0"><code class="language-c">\n<span class="hljs-type">int</span> x;\n</code></pre>\n');
    assert.equal(renderFmt3(src, "blahgd").output, "<p></p><pre>[c]\nint x;\n</pre><p></p>\n");
    assert.equal(renderFmt3(src, "text").output, "int x;");
  });
  it("keeps an unknown hint as text and the listing plain", () => {
    assert.equal(renderFmt3("\\begin{listing}[klingon]\nx\n\\end{listing}", "html").output, "<pre tabindex=\"0\">[klingon]\nx\n</pre>\n");
  });
  it("leaves a listing without a language plain and escaped", () => {
    assert.equal(renderFmt3("\\begin{listing}\nif (a < b) {}\n\\end{listing}", "html").output, "<pre tabindex=\"0\">\nif (a &lt; b) {}\n</pre>\n");
  });
  it("highlights \\listing{file} by the file's extension, or by its optional argument", () => {
    assert.match(renderFmt3("\\listing{a.c}", "html", { readListing }).output ?? "", /^<pre tabindex="0"><code class="language-c"><span class="hljs-comment">\/\/ a.c<\/span>/);
    assert.match(renderFmt3("\\listing[cpp]{a.txt}", "html", { readListing }).output ?? "", /^<pre tabindex="0"><code class="language-cpp">/);
    assert.match(renderFmt3("\\listing{a.txt}", "html", { readListing }).output ?? "", /^<pre tabindex="0">\/\/ a.txt\nint x;<\/pre>/);
  });
});
