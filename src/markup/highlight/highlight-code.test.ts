import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { canonicalLanguage, highlightCode, languageOfFileName } from "./highlight-code.js";

/** The visible text of highlighted HTML: spans removed, XML entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<span class="[a-z0-9_ -]+">|<\/span>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");
}

describe("highlightCode", () => {
  it("highlights C into hljs spans and names the language", () => {
    const r = highlightCode('int main(void) { return puts("<hi>") && 0; }\n', "c");
    assert.equal(r.language, "c");
    assert.match(r.html, /<span class="hljs-type">int<\/span>/);
    assert.match(r.html, /<span class="hljs-keyword">return<\/span>/);
    assert.match(r.html, /<span class="hljs-string">&quot;&lt;hi&gt;&quot;<\/span>/);
    assert.match(r.html, / &amp;&amp; /);
  });

  it("accepts aliases and any case, giving the canonical name", () => {
    assert.equal(highlightCode("x = 1", "py").language, "python");
    assert.equal(highlightCode("let x = 1", "JS").language, "javascript");
    assert.equal(highlightCode("<a/>", "html").language, "xml");
    assert.equal(highlightCode("ls", "sh").language, "bash");
    assert.equal(canonicalLanguage("C++"), "cpp");
  });

  it("leaves unknown or absent languages as plain escaped code", () => {
    for (const language of [undefined, "", "nosuchlanguage", "constructor", "__proto__"]) {
      const r = highlightCode("a < b && c > \"d\"", language);
      assert.equal(r.language, undefined);
      assert.equal(r.html, "a &lt; b &amp;&amp; c &gt; &quot;d&quot;");
    }
  });

  it("keeps the code's text exactly and emits only hljs spans (property)", () => {
    const languages = fc.constantFrom("c", "python", "javascript", "bash", "xml", "lisp", "sql", "rust", "latex", undefined);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), languages, (code, language) => {
        const r = highlightCode(code, language);
        assert.equal(visibleText(r.html), code);
        const withoutSpans = r.html.replace(/<span class="[a-z0-9_ -]+">|<\/span>/g, "");
        assert.doesNotMatch(withoutSpans, /[<>"]/);
      }),
      { numRuns: 300 },
    );
  });
});

describe("languageOfFileName", () => {
  it("names the language from the extension, in any case, with or without a directory", () => {
    assert.equal(languageOfFileName("hello.c"), "c");
    assert.equal(languageOfFileName("src/Main.JAVA"), "java");
    assert.equal(languageOfFileName("a.b/x.py"), "python");
    assert.equal(languageOfFileName("x.hpp"), "cpp");
    assert.equal(languageOfFileName("Makefile"), "makefile");
    assert.equal(languageOfFileName("run.sh"), "bash");
  });

  it("gives undefined for unknown extensions and names without one", () => {
    assert.equal(languageOfFileName("notes.txt"), undefined);
    assert.equal(languageOfFileName("README"), undefined);
    assert.equal(languageOfFileName(".c"), undefined);
    assert.equal(languageOfFileName("x."), undefined);
    assert.equal(languageOfFileName(""), undefined);
  });
});
