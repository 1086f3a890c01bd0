import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TemplateProblem } from "./problem.js";
import { compileTemplateSet } from "./template-set.js";
import { trustedHtml, type TemplateMap } from "./value.js";

interface Rendered {
  out: string;
  problems: string[];
}

/** Renders template `main` of `templates` with `vars`; problems as `code@template:line:col`. */
function render(templates: Record<string, string>, vars: TemplateMap): Rendered {
  const { set, diagnostics } = compileTemplateSet(Object.entries(templates).map(([name, source]) => ({ name, source })));
  assert.deepEqual(diagnostics.filter((d) => d.severity === "error"), []);
  const problems: TemplateProblem[] = [];
  const out = set.render("main", vars, { onProblem: (p) => problems.push(p) });
  return { out, problems: problems.map((p) => `${p.code}@${p.template ?? "<root>"}:${p.line}:${p.column}`) };
}

function renderMain(source: string, vars: TemplateMap = {}, more: Record<string, string> = {}): string {
  return render({ main: source, ...more }, vars).out;
}

type Case = [what: string, source: string, vars: TemplateMap, expected: string, more?: Record<string, string>];

function table(cases: Case[]): void {
  for (const [what, source, vars, expected, more] of cases) {
    it(`${what}: ${JSON.stringify(source)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(renderMain(source, vars, more), expected);
    });
  }
}

describe("{name}: print a variable or include a template", () => {
  table([
    ["copies literal text, punctuation and words", "a|b%c(d),e\n", {}, "a|b%c(d),e\n"],
    ["prints text escaped for HTML", "<{x}>", { x: "<b>&" }, "<&lt;b&gt;&amp;>"],
    ["prints HTML as is", "<{x}>", { x: trustedHtml("<b>&amp;") }, "<<b>&amp;>"],
    ["prints an integer in decimal", "{n}", { n: 42 }, "42"],
    ["prints an empty string", "[{x}]", { x: "" }, "[]"],
    ["prints a bigint in decimal", "{now}", { now: 1_453_284_000_123_456_789n }, "1453284000123456789"],
    ["prints a large number without exponent", "{n}", { n: 2 ** 64 - 2 ** 11 }, "18446744073709549568"],
    ["prints a negative integer as the uint64 it would be in C", "{n}", { n: -1 }, "18446744073709551615"],
    ["includes a template when no variable has the name", "a{part}c", {}, "abc", { part: "b" }],
    ["lets a variable shadow a template of the same name", "{part}", { part: "var" }, "var", { part: "tmpl" }],
    ["renders an included template with the current variables", "{part}", { x: "1" }, "<1>", { part: "<{x}>" }],
    ["does not re-parse printed variables", "{x}", { x: "{y}" }, "{y}"],
    ["renders a missing template as empty", "a{nothing}b", {}, "ab"],
    ["ignores Object.prototype names", "[{constructor}]", {}, "[]"],
  ]);

  it("reports a missing template as a warning at the include", () => {
    assert.deepEqual(render({ main: "\n  {nothing}" }, {}).problems, ["template/missing-template@main:2:3"]);
  });

  const unprintable: [string, TemplateMap][] = [
    ["a list", { x: ["a"] }],
    ["null", { x: null }],
    ["a map", { x: { a: "b" } }],
    ["a fraction", { x: 1.5 }],
    ["NaN", { x: NaN }],
  ];
  for (const [what, vars] of unprintable) {
    it(`renders ${what} as empty and reports it (blahgd aborts)`, () => {
      assert.deepEqual(render({ main: "a{x}b" }, vars), { out: "ab", problems: ["template/unprintable-value@main:1:2"] });
    });
  }
});

describe("{name|filters}: pipelines", () => {
  table([
    ["escapes a string", "{t|escape}", { t: `<a href="x">Tom & Jerry's</a>` }, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry's&lt;/a&gt;"],
    ["url-escapes a string", "{t|urlescape}", { t: "C++ & ü" }, "C%2B%2B+%26+%C3%BC"],
    ["formats a date", "{t|date}", { t: 1451606400 }, "January  1, 2016"],
    ["formats a time", "{t|time}", { t: 1451606400 + 9 * 3600 + 5 * 60 }, "09:05"],
    ["chains filters left to right", "{t|zulu|escape}", { t: 0 }, "1970-01-01T00:00:00Z"],
    ["chains rfc822 and escape", "{t|rfc822|urlescape}", { t: 1453284000 }, "Wed%2C+20+Jan+2016+10%3A00%3A00+%2B0000"],
    ["skips unknown filters silently", "{t|upper|escape}", { t: "a&b" }, "a&amp;b"],
    ["prints an integer through only unknown filters", "{n|nosuch}", { n: 7 }, "7"],
    ["prints nothing for a missing variable (no include)", "[{part|escape}]", {}, "[]", { part: "tmpl" }],
    ["filters a bigint time", "{t|zulu}", { t: 1453284000n }, "2016-01-20T10:00:00Z"],
  ]);

  const bad: [string, string, TemplateMap, string][] = [
    ["escape on an integer", "{n|escape}", { n: 1 }, "template/filter-input@main:1:4"],
    ["urlescape on an integer", "{n|urlescape}", { n: 1 }, "template/filter-input@main:1:4"],
    ["date on a string", "{s|date}", { s: "2016" }, "template/filter-input@main:1:4"],
    ["a date filter after a string filter", "{s|escape|zulu}", { s: "x" }, "template/filter-input@main:1:11"],
    ["a pipeline on null", "{x|escape}", { x: null }, "template/filter-input@main:1:1"],
    ["a pipeline on a list", "{x|nosuch}", { x: [] }, "template/filter-input@main:1:1"],
    ["date on nanoseconds", "{now|date}", { now: 1_700_000_000_000_000_000n }, "template/time-out-of-range@main:1:6"],
  ];
  for (const [what, source, vars, problem] of bad) {
    it(`renders ${what} as empty and reports it`, () => {
      assert.deepEqual(render({ main: `a${source}b` }, vars), { out: "ab", problems: [problem.replace(/:(\d+)$/, (_, c: string) => `:${Number(c) + 1}`)] });
    });
  }
});

describe("{list%template}: foreach", () => {
  table([
    ["renders the template once per map element, with its entries in scope", "{posts%story}", { posts: [{ id: 1 }, { id: 2 }] }, "[1][2]", { story: "[{id}]" }],
    ["binds string elements under the list's own name", "<{tags%tag}>", { tags: ["a", "b&c"] }, "<(a)(b&amp;c)>", { tag: "({tags|escape})" }],
    ["lets element entries shadow outer variables", "{title}:{posts%story}:{title}", { title: "page", posts: [{ title: "post" }] }, "page:post:page", { story: "{title}" }],
    ["sees outer variables inside the loop", "{posts%story}", { baseurl: "B", posts: [{ id: 1 }] }, "B/?p=1", { story: "{baseurl}/?p={id}" }],
    ["nests loops (tags of each post)", "{posts%story}", { posts: [{ tags: ["x", "y"] }, { tags: [] }, { tags: ["z"] }] }, "[xy][][z]", { story: "[{tags%tag}]", tag: "{tags}" }],
    ["renders a missing list as empty", "[{posts%story}]", {}, "[]", { story: "x" }],
    ["renders an empty list as empty", "[{posts%story}]", { posts: [] }, "[]", { story: "x" }],
    ["restores the scope after the loop", "{tags%tag}|{tags|nosuch}", { tags: ["a"] }, "a|", { tag: "{tags}" }],
    ["falls back to the outer variable when an element lacks it", "{posts%story}", { n: 0, posts: [{ n: 1 }, {}] }, "10", { story: "{n}" }],
  ]);

  it("binds strings under the list's name even inside an included template", () => {
    assert.equal(renderMain("{tags%tag}", { tags: ["a", "b"] }, { tag: "{inner}", inner: "<{tags}>" }), "<a><b>");
  });

  it("skips elements that are neither maps nor strings, reporting each", () => {
    assert.deepEqual(render({ main: "{xs%t}", t: "." }, { xs: ["a", 1, null, ["x"], { k: "v" }] }), {
      out: "..",
      problems: ["template/bad-list-element@main:1:1", "template/bad-list-element@main:1:1", "template/bad-list-element@main:1:1"],
    });
  });

  it("reports a variable that is not a list", () => {
    assert.deepEqual(render({ main: "[{x%t}]", t: "." }, { x: "str" }), { out: "[]", problems: ["template/not-a-list@main:1:2"] });
  });

  it("reports a missing loop template once, not once per element", () => {
    assert.deepEqual(render({ main: "[{x%nope}]" }, { x: ["a", "b"] }), { out: "[]", problems: ["template/missing-template@main:1:2"] });
  });
});

describe("conditionals", () => {
  table([
    ["ifset is true for a set variable", "{ifset(x)}yes{endif()}", { x: "" }, "yes"],
    ["ifset is true even for null", "{ifset(x)}yes{endif()}", { x: null }, "yes"],
    ["ifset is false for a missing variable", "[{ifset(x)}yes{endif()}]", {}, "[]"],
    ["ifset does not see templates", "[{ifset(t)}yes{endif()}]", {}, "[]", { t: "tmpl" }],
    ["else inverts the condition", "{ifset(x)}yes{else()}no{endif()}", {}, "no"],
    ["a second else inverts it back", "{ifset(x)}1{else()}2{else()}3{endif()}", {}, "2"],
    ["a second else inverts it back (true case)", "{ifset(x)}1{else()}2{else()}3{endif()}", { x: 1 }, "13"],
    ["ifeq compares integers", "{ifeq(moreposts,1)}older{endif()}", { moreposts: 1 }, "older"],
    ["ifeq is false for different integers", "[{ifeq(moreposts,1)}older{endif()}]", { moreposts: 0 }, "[]"],
    ["ifgt compares greater", "{ifgt(numcom,0)}list{else()}none{endif()}", { numcom: 3 }, "list"],
    ["ifgt is false for equal values", "{ifgt(numcom,0)}list{else()}none{endif()}", { numcom: 0 }, "none"],
    ["iflt compares less", "{iflt(a,b)}lt{else()}ge{endif()}", { a: 1, b: 2 }, "lt"],
    ["compares two variables", "{ifeq(a,b)}eq{endif()}", { a: 5, b: 5 }, "eq"],
    ["compares two literals", "{ifgt(10,9)}gt{endif()}", {}, "gt"],
    ["reads a literal as decimal (010 is ten)", "{ifeq(a,010)}ten{endif()}", { a: 10 }, "ten"],
    ["counts a missing variable as 0", "{ifeq(nothing,0)}zero{endif()}", {}, "zero"],
    ["treats a non-number word as a variable name", "{ifeq(a,1x)}eq{endif()}", { a: 3, "1x": 3 }, "eq"],
    ["compares unsigned: a negative number is huge", "{ifgt(n,1000)}big{endif()}", { n: -1 }, "big"],
    ["compares a bigint with a number", "{ifgt(now,1)}later{endif()}", { now: 1_700_000_000_000_000_000n }, "later"],
    ["compares bigint equality with a number", "{ifeq(a,5)}eq{endif()}", { a: 5n }, "eq"],
    ["compares a bigint with a big literal", "{ifeq(now,1700000000000000001)}eq{endif()}", { now: 1_700_000_000_000_000_001n }, "eq"],
    ["compares near 2^64 exactly", "{iflt(a,18446744073709551615)}lt{endif()}", { a: 18446744073709551614n }, "lt"],
    ["nests conditions", "{ifset(a)}A{ifset(b)}B{else()}b{endif()}a{endif()}", { a: 1 }, "Aba"],
    ["keeps inner conditions inside a false region off", "{ifset(a)}A{ifset(b)}B{else()}b{endif()}a{else()}n{endif()}", { b: 1 }, "n"],
    ["matches else and endif to the inner condition in a false region", "[{ifset(a)}{ifset(b)}1{else()}2{endif()}3{endif()}4]", {}, "[4]"],
    ["silently extends an unclosed if to the end of the file", "a{ifset(x)}b", {}, "a"],
    ["ends the unclosed if at the end of its own file only", "{part}c", {}, "ac", { part: "a{ifset(x)}b" }],
    ["starts an included template with an empty condition stack", "{ifset(a)}{part}{endif()}", { a: 1 }, "in", { part: "in" }],
  ]);

  it("skips includes and loops in a false region entirely", () => {
    const used = new Set<string>();
    const { set } = compileTemplateSet([
      { name: "main", source: "{ifset(x)}{part}{xs%item}{endif()}" },
      { name: "part", source: "p" },
      { name: "item", source: "i" },
    ]);
    assert.equal(set.render("main", { xs: ["a"] }, { used }), "");
    assert.deepEqual([...used], ["main"]);
  });

  it("counts a string argument as 0 and reports it (blahgd aborts)", () => {
    assert.deepEqual(render({ main: "{ifeq(s,0)}zero{endif()}" }, { s: "5" }), {
      out: "zero",
      problems: ["template/not-an-integer@main:1:1"],
    });
  });
});
