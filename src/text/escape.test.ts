import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { escapeHtml, escapeXml, htmlForXml, stripXmlForbidden } from "./escape.js";

/** XML 1.0's Char production, code point by code point (a lone surrogate is its own "code point" here). */
function xmlAllows(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
}

function referenceStrip(s: string): string {
  return Array.from(s).filter((c) => xmlAllows(c.codePointAt(0)!)).join("");
}

/** Strings made of the characters that matter here, surrogate halves and pairs included. */
const xmlish = fc.string({
  unit: fc.constantFrom("a", "é", " ", "\t", "\n", "\r", "\x00", "\x01", "\x0b", "\x1f", "\x7f", "&", "<", ">", '"', "]", "]]>",
    "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83D\uDE00", "\uFFFD", "\uFFFE", "\uFFFF"),
});

describe("stripXmlForbidden", () => {
  const cases: [string, string, string][] = [
    ["keeps tab, LF and CR, drops other C0 controls", "\x00a\x08\x09\x0a\x0b\x0c\x0d\x0e\x1f\x20", "a\t\n\r "],
    ["drops U+FFFE and U+FFFF, keeps U+FFFD", "\uFFFE\uFFFF\uFFFD", "\uFFFD"],
    ["drops a lone high surrogate at the end", "a\uD800", "a"],
    ["drops a lone low surrogate at the start", "\uDC00a", "a"],
    ["drops surrogates in the wrong order", "\uDC00\uD800", ""],
    ["keeps a pair after a lone high surrogate", "\uD800\uD83D\uDE00", "\uD83D\uDE00"],
    ["keeps DEL and C1 controls (XML 1.0 allows them)", "\x7f\x85", "\x7f\x85"],
  ];
  for (const [what, input, expected] of cases) {
    it(`${what}: ${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(stripXmlForbidden(input), expected);
    });
  }

  it("returns the very same string when nothing is forbidden", () => {
    const s = "plain \uD83D\uDE00 text";
    assert.equal(stripXmlForbidden(s), s);
  });

  it("removes exactly what XML 1.0's Char production leaves out, on any string", () => {
    fc.assert(fc.property(xmlish, (s) => stripXmlForbidden(s) === referenceStrip(s)), { numRuns: 2000 });
  });
});

describe("escapeXml", () => {
  it("escapes as escapeHtml does and drops forbidden characters", () => {
    assert.equal(escapeXml(`Eve ]]> & "q" <b>\x01\uFFFE`), "Eve ]]&gt; &amp; &quot;q&quot; &lt;b&gt;");
  });

  it("equals escapeHtml after the strip, on any string", () => {
    fc.assert(fc.property(xmlish, (s) => escapeXml(s) === escapeHtml(referenceStrip(s))), { numRuns: 2000 });
  });
});

describe("htmlForXml", () => {
  it("keeps markup, drops forbidden characters and writes ]]> as ]]&gt;", () => {
    assert.equal(htmlForXml("<p>a\x01]]>b\uDFFF</p>"), "<p>a]]&gt;b</p>");
  });

  it("returns the very same string for ordinary markup", () => {
    const s = "<p>Tom &amp; Jerry [1]</p>";
    assert.equal(htmlForXml(s), s);
  });

  it("never leaves a forbidden character or a ]]> that would end a CDATA section", () => {
    fc.assert(
      fc.property(xmlish, (s) => {
        const out = htmlForXml(s);
        return out === referenceStrip(out) && !out.includes("]]>") && out === referenceStrip(s).replaceAll("]]>", "]]&gt;");
      }),
      { numRuns: 2000 },
    );
  });
});
