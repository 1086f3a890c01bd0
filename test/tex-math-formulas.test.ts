/**
 * Real-world formulas (physics, statistics, CS papers, textbook mathematics)
 * through the TeX converter: each one must render to MathML without error and
 * be well-formed XML, with spot checks of the structure; and formulas that
 * must fail do so cleanly, as their escaped source.
 */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { renderTexMath } from "../src/markup/math/tex-math.js";
import { fixturesDir } from "./support/paths.js";

interface Entry {
  name: string;
  tex: string;
  display: boolean;
}

/** Entries of a formula file: `# name` or `# name (display)`, then the TeX lines; `%` lines are comments. */
function readFormulas(file: string): Entry[] {
  const entries: Entry[] = [];
  for (const line of readFileSync(join(fixturesDir, "tex-math", file), "utf8").split("\n")) {
    if (line.startsWith("%")) continue;
    const header = /^# (.*?)( \(display\))?$/.exec(line);
    if (header) entries.push({ name: header[1]!, tex: "", display: header[2] !== undefined });
    else if (entries.length > 0 && line.trim() !== "") entries[entries.length - 1]!.tex += (entries[entries.length - 1]!.tex ? "\n" : "") + line;
  }
  return entries;
}

function wellFormed(html: string): string | true {
  const result = XMLValidator.validate(`<root>${html}</root>`);
  return result === true ? true : `${result.err.code}: ${result.err.msg}`;
}

const formulas = readFormulas("real-world.tex");
const byName = new Map(formulas.map((f) => [f.name, f]));

function render(name: string): string {
  const entry = byName.get(name);
  assert.ok(entry, `no formula named ${name}`);
  return renderTexMath(entry.tex, entry.display).html;
}

describe("real-world formulas", () => {
  it("are at least fifty", () => assert.ok(formulas.length >= 50, `${formulas.length} formulas`));

  for (const { name, tex, display } of formulas) {
    it(`renders ${name} to well-formed MathML`, () => {
      const { html, error } = renderTexMath(tex, display);
      assert.equal(error, undefined, error?.message);
      assert.match(html, display ? /^<math [^>]*display="block"/ : /^<math (?![^>]*display=)/);
      assert.ok(html.endsWith("</math>"));
      assert.equal(wellFormed(html), true);
    });
  }

  it("gives a matrix as an mtable with its rows and cells", () => {
    const html = render("Rotation matrix");
    assert.match(html, /<mtable>/);
    assert.equal(html.match(/<mtr>/g)?.length, 2);
    assert.equal(html.match(/<mtd[ >]/g)?.length, 4);
  });

  it("gives cases as an mtable beside a brace", () => {
    const html = render("Absolute value by cases");
    assert.match(html, /<mo[^>]*>\{<\/mo><mtable/);
    assert.equal(html.match(/<mtr>/g)?.length, 2);
  });

  it("gives aligned equations one row each", () => {
    assert.equal(render("Maxwell's equations").match(/<mtr>/g)?.length, 4);
  });

  it("gives blackboard bold as the double-struck letters", () => {
    assert.match(render("Set-builder notation"), /ℚ[^]*ℤ[^]*ℕ/);
  });

  it("gives fractions, roots and binomials their elements", () => {
    assert.match(render("Quadratic formula"), /<mfrac>[^]*<msqrt>/);
    assert.match(render("Nth root and cube root"), /<mroot>/);
    assert.match(render("Binomial theorem"), /<mfrac linethickness="0px">/);
  });

  it("puts limits under and over big operators in display math", () => {
    assert.match(render("Binomial theorem"), /<munderover><mo[^>]*>∑<\/mo>/);
    assert.match(render("Big operators in display"), /<munderover><mo[^>]*>⋃<\/mo>/);
  });

  it("keeps text as mtext, operator names as upright identifiers, and braces over and under", () => {
    assert.match(render("Master theorem cases"), /<mtext>if\s<\/mtext>/);
    assert.match(render("Variance"), /<mi>Var<\/mi>/);
    const braces = render("Overbrace and underbrace");
    assert.match(braces, /<munder>/);
    assert.match(braces, /<mover>/);
  });

  it("writes accents as an mover over their base", () => {
    const html = render("Accents");
    assert.match(html, /<mover><mi>a<\/mi><mo[^>]*>ˆ<\/mo><\/mover>/);
    assert.match(html, /<mover><mi>v<\/mi><mo[^>]*>→<\/mo><\/mover>/);
  });
});

describe("formulas that must fail", () => {
  for (const { name, tex } of readFormulas("must-fail.tex")) {
    it(`shows ${name} as its escaped source, with a reason`, () => {
      const { html, error } = renderTexMath(tex, false);
      assert.ok(error, "expected an error");
      assert.ok(error.message.length > 0);
      if (error.offset !== undefined) assert.ok(error.offset >= 0 && error.offset <= tex.length);
      assert.match(html, /^<code class="math-error" title="[^"<]*">\$[^<]*\$<\/code>$/);
      assert.equal(wellFormed(html), true);
      assert.doesNotMatch(html, /<math|<a |href="/);
    });
  }
});
