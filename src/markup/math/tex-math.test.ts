import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { readFileSync } from "node:fs";
import { clearTexMathMemo, MAX_TEX_LENGTH, renderTexMath, renderTexMathUncached } from "./tex-math.js";

/** Problems that keep an HTML fragment from being well-formed XML (feeds embed it). */
function xmlFragmentProblems(fragment: string): string[] {
  const problems: string[] = [];
  const result = XMLValidator.validate(`<root>${fragment}</root>`);
  if (result !== true) problems.push(`${result.err.code}: ${result.err.msg}`);
  for (const m of fragment.matchAll(/&([^;\s<]*);?/g)) {
    if (!/^(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+)$/.test(m[1]!) || !m[0].endsWith(";")) {
      problems.push(`entity ${m[0]} is not XML`);
    }
  }
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(fragment)) problems.push("control character");
  return problems;
}

describe("renderTexMath", () => {
  it("renders an inline formula as a MathML element without display=block", () => {
    const r = renderTexMath("x^2 + y^2 = z^2", false);
    assert.equal(r.error, undefined);
    assert.match(r.html, /^<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"[ >]/);
    assert.doesNotMatch(r.html, /display="block"/);
    assert.match(r.html, /<msup><mi>x<\/mi><mn[^>]*>2<\/mn><\/msup>/);
    assert.deepEqual(xmlFragmentProblems(r.html), []);
  });

  it("renders a display formula with display=block", () => {
    const r = renderTexMath("\\sum_{i=1}^n i = \\frac{n(n+1)}{2}", true);
    assert.equal(r.error, undefined);
    assert.match(r.html, /^<math [^>]*display="block"/);
    assert.match(r.html, /<mfrac>/);
  });

  it("escapes text and operators so the output stays well-formed", () => {
    const r = renderTexMath("a < b \\text{ \\& \"c\" <d>}", false);
    assert.equal(r.error, undefined);
    assert.deepEqual(xmlFragmentProblems(r.html), []);
    assert.match(r.html, /&lt;/);
    assert.match(r.html, /&amp;/);
  });

  it("shows an unreadable formula as its escaped source with the reason and the offset", () => {
    const r = renderTexMath("a + \\nosuchcommand{<b>}", false);
    assert.ok(r.error);
    assert.match(r.error.message, /nosuchcommand/);
    assert.equal(r.error.offset, 4);
    assert.equal(
      r.html,
      `<code class="math-error" title="Unsupported function name: \\nosuchcommand">$a + \\nosuchcommand{&lt;b&gt;}$</code>`,
    );
    assert.deepEqual(xmlFragmentProblems(r.html), []);
  });

  it("delimits a failed display formula with $$", () => {
    const r = renderTexMath("\\frac{1}{", true);
    assert.ok(r.error);
    assert.match(r.html, /^<code class="math-error" title="[^"]*">\$\$\\frac\{1\}\{\$\$<\/code>$/);
  });

  it("refuses macro definitions, naming the command and its offset", () => {
    for (const [tex, command, offset] of [
      ["x \\def\\a{b} \\a", "def", 2],
      ["\\newcommand{\\R}{\\mathbb{R}}", "newcommand", 0],
      ["\\let\\x=y", "let", 0],
      ["\\global\\def\\a{}", "global", 0],
    ] as const) {
      const r = renderTexMath(tex, false);
      assert.ok(r.error, tex);
      assert.match(r.error.message, new RegExp(`\\\\${command}\\b`));
      assert.equal(r.error.offset, offset);
    }
  });

  it("reads \\\\def as a line break followed by letters, not as a definition", () => {
    const r = renderTexMath("\\begin{aligned}a\\\\def\\end{aligned}", true);
    assert.equal(r.error, undefined);
  });

  it("refuses characters XML cannot carry and does not copy them into the output", () => {
    const r = renderTexMath("a\u0001b", false);
    assert.ok(r.error);
    assert.equal(r.error.offset, 1);
    assert.deepEqual(xmlFragmentProblems(r.html), []);
  });

  it("refuses a formula whose \\char makes a character XML cannot carry", () => {
    for (const tex of ["\\char0", '\\char"D800', '\\char"FFFF', '\\text{\\char"1}', '\\char"110000']) {
      const r = renderTexMath(tex, false);
      assert.ok(r.error, tex);
      assert.deepEqual(xmlFragmentProblems(r.html), [], tex);
    }
    assert.equal(renderTexMath('\\char"1F600', false).error, undefined);
  });

  it("refuses a formula over the length limit without reading it", () => {
    const r = renderTexMath("x+".repeat(MAX_TEX_LENGTH), false);
    assert.ok(r.error);
    assert.match(r.error.message, /longer than/);
  });

  it("does not trust links, classes or styles in a formula", () => {
    for (const tex of ["\\href{javascript:alert(1)}{x}", "\\url{http://e.x}", "\\class{c}{x}", "\\style{color:red}{x}"]) {
      const r = renderTexMath(tex, false);
      assert.ok(r.error, tex);
      assert.doesNotMatch(r.html, /<a |href=|style="color/);
    }
  });

  it("contains hostile formulas: deep nesting, expansion loops and huge sizes", () => {
    // Under the length limit, so that Temml reads them and overflows its stack.
    const deep = renderTexMath("{".repeat(6_000) + "x" + "}".repeat(3_000), false);
    assert.match(deep.error?.message ?? "", /nested too deeply/);
    const nested = renderTexMath("\\sqrt{".repeat(1_400) + "x" + "}".repeat(1_400), false);
    assert.match(nested.error?.message ?? "", /nested too deeply/);
    // \dots and friends are built-in macros: a long run of them exhausts the expansion budget.
    const expansions = renderTexMath("\\dots ".repeat(1_200), false);
    assert.ok(expansions.error);
    assert.match(expansions.error.message, /expansions/);
    const huge = renderTexMath("\\rule{100000em}{100000em}\\hspace{99999pt}", false);
    assert.equal(huge.error, undefined);
    assert.doesNotMatch(huge.html, /100000em|99999pt/);
  });

  it("never throws, always gives well-formed XML and output proportional to the input (property)", () => {
    const pieces = fc.constantFrom(
      "x", "1", "+", "^", "_", "{", "}", "\\frac", "\\sqrt", "[", "]", "&", "\\\\", "\\left(", "\\right)",
      "\\begin{matrix}", "\\end{matrix}", "\\text{", "<", ">", "\"", "'", "$", "%", "#", "~", " ", "\n",
      "\\def\\a{\\a\\a}", "\\a", "\\mathbb{R}", "\\operatorname{f}", "\\dots", "\\\\def", "\u0000", "\uD800",
      "\\begin{cases}", "\\end{cases}", "\\overbrace{", "\\hat", "\\sum", "\\int", "\\color{red}", "\\rule{1em}{1em}",
      "\\char", "\\char\"", "0", "D800", "FFFE", "\\csname", "\\endcsname", "\\expandafter",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 60 }), fc.boolean(), (parts, display) => {
        const tex = parts.join("");
        const r = renderTexMath(tex, display);
        assert.deepEqual(xmlFragmentProblems(r.html), [], r.html);
        assert.ok(r.html.length < 2_000 + 400 * tex.length, "output grows with the input, not beyond");
        if (r.error) assert.ok(r.html.startsWith('<code class="math-error"'));
        else assert.ok(r.html.startsWith("<math "));
      }),
      { numRuns: 400 },
    );
  });
});

describe("the formula memo", () => {
  it("never changes a result: memoised and fresh renders are identical, in any order and with repeats (property)", () => {
    const pieces = fc.constantFrom(
      "x", "n", "1", "+", "=", "^", "_", "{", "}", "\\frac", "\\sqrt", "&", "\\\\", "\\left(", "\\right)",
      "\\begin{aligned}", "\\end{aligned}", "\\tag{1}", "\\label{a}", "\\text{", "<", "$", "\\def", "\u0000", "\\sum", "\\color{red}",
    );
    const formula = fc.record({ tex: fc.array(fc.oneof(pieces, fc.string({ maxLength: 4 })), { maxLength: 12 }).map((p) => p.join("")), display: fc.boolean() });
    fc.assert(
      fc.property(fc.array(formula, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 16 }), fc.boolean(), (formulas, order, clearFirst) => {
        if (clearFirst) clearTexMathMemo();
        // Every formula once, then repeats in an arbitrary order, so some come from the memo.
        const sequence = [...formulas, ...order.map((i) => formulas[i % formulas.length]!)];
        for (const { tex, display } of sequence) assert.deepEqual(renderTexMath(tex, display), renderTexMathUncached(tex, display));
      }),
      { numRuns: 300 },
    );
  });

  it("gives the real-world formulas the same MathML from the memo as from Temml", () => {
    const fixture = readFileSync(new URL("../../../../test/fixtures/tex-math/real-world.tex", import.meta.url), "utf8");
    const formulas = fixture.split(/^# .*$/m).slice(1).map((entry) => entry.split("\n").filter((l) => !l.startsWith("%")).join(""));
    assert.ok(formulas.length > 50);
    clearTexMathMemo();
    for (const display of [false, true]) {
      const cold = formulas.map((tex) => renderTexMath(tex, display));
      const warm = formulas.map((tex) => renderTexMath(tex, display));
      const fresh = formulas.map((tex) => renderTexMathUncached(tex, display));
      assert.deepEqual(warm, fresh);
      assert.deepEqual(cold, fresh);
    }
  });

  it("hands out results that callers cannot change for the next one", () => {
    const r = renderTexMath("\\frac{a}{", false);
    assert.ok(r.error);
    assert.throws(() => {
      (r as { html: string }).html = "changed";
    }, TypeError);
    assert.equal(renderTexMath("\\frac{a}{", false).html, renderTexMathUncached("\\frac{a}{", false).html);
  });
});
