import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { convertLiquid } from "./liquid.js";

const links: Record<string, string> = { "2015-03-02-code": "/?p=2", "_posts/2015-03-02-code.md": "/?p=2" };
const convert = (body: string, format: "markdown" | "html" = "markdown") =>
  convertLiquid({ body, file: "post.md", bodyLine: 5, format, linkTo: (ref) => links[ref] });

describe("Liquid in Jekyll posts", () => {
  it("keeps what is between raw and endraw as literal text", () => {
    const { text, diagnostics } = convert("a {% raw %}{{ x }} {% if %}{% endraw %} b");
    assert.equal(text, "a {{ x }} {% if %} b");
    assert.deepEqual(diagnostics, []);
  });

  it("accepts whitespace control dashes", () => {
    assert.equal(convert("{%- raw -%}{{y}}{%- endraw -%}").text, "{{y}}");
  });

  it("turns highlight into a fenced code block with the language, longer than any backtick run inside", () => {
    const { text } = convert("Code:\n\n{% highlight ruby linenos %}\nputs `ls`\n```\n{% endhighlight %}\nafter");
    assert.equal(text, "Code:\n\n````ruby\nputs `ls`\n```\n````\nafter");
  });

  it("starts the fence on its own line when the tag follows text", () => {
    assert.equal(convert("see {% highlight c %}x{% endhighlight %} then").text, "see \n```c\nx\n```\n then");
  });

  it("writes highlight as an escaped pre element in HTML posts", () => {
    assert.equal(convert("{% highlight html %}\n<b>&</b>\n{% endhighlight %}", "html").text, '<pre><code class="language-html">&lt;b&gt;&amp;&lt;/b&gt;</code></pre>');
  });

  it("replaces post_url and link with the imported post's URL", () => {
    const { text, diagnostics } = convert("[a]({% post_url 2015-03-02-code %}) [b]({% link _posts/2015-03-02-code.md %})");
    assert.equal(text, "[a](/?p=2) [b](/?p=2)");
    assert.deepEqual(diagnostics, []);
  });

  it("keeps an unknown tag, an output and a link to a missing post as text and reports each with file, line and column", () => {
    const body = "one\n{% include x.html %}\n  {{ site.title }}\n{% post_url 1999-01-01-gone %}";
    const { text, diagnostics } = convert(body);
    assert.equal(text, body);
    assert.deepEqual(diagnostics.map((d) => [d.file, d.line, d.column, d.severity]), [["post.md", 6, 1, "warning"], ["post.md", 7, 3, "warning"], ["post.md", 8, 1, "warning"]]);
    assert.match(diagnostics[0]!.message, /include x\.html/);
  });

  it("reports a tag that is never closed and keeps the rest", () => {
    const { text, diagnostics } = convert("a {% raw");
    assert.equal(text, "a {% raw");
    assert.equal(diagnostics.length, 1);
  });

  it("changes nothing in text without braces, and never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const { text } = convert(s);
        if (!s.includes("{")) assert.equal(text, s);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom("{%", "%}", "{{", "}}", " raw ", " endraw ", " highlight ", " endhighlight ", " post_url ", "x", "\n", "`"), { maxLength: 40 }), (parts) => {
        convert(parts.join(""));
        convert(parts.join(""), "html");
      }),
      { numRuns: 2000 },
    );
  });
});
