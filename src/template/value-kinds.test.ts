import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OutputKind } from "./output.js";
import type { TemplateProblem } from "./problem.js";
import { compileTemplateSet } from "./template-set.js";
import { Html, trustedHtml, type TemplateMap } from "./value.js";

function render(output: OutputKind, source: string, vars: TemplateMap, more: Record<string, string> = {}): { out: string; problems: string[] } {
  const files = Object.entries({ main: source, ...more }).map(([name, src]) => ({ name, source: src }));
  const { set, diagnostics } = compileTemplateSet(files, { output });
  assert.deepEqual(diagnostics.filter((d) => d.code !== "template/unknown-filter"), []);
  const problems: TemplateProblem[] = [];
  const out = set.render("main", vars, { onProblem: (p) => problems.push(p) });
  return { out, problems: problems.map((p) => p.code) };
}

type Case = [what: string, source: string, vars: TemplateMap, expected: string, more?: Record<string, string>];

function table(output: OutputKind, cases: Case[]): void {
  for (const [what, source, vars, expected, more] of cases) {
    it(`${what}: ${JSON.stringify(source)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(render(output, source, vars, more), { out: expected, problems: [] });
    });
  }
}

const MALLORY = "Mallory <b>";
const BODY = trustedHtml('<p>Tom &amp; "Jerry"</p>');

describe("HTML values", () => {
  it("are made by trustedHtml and keep their markup", () => {
    const h = trustedHtml("<p>x</p>");
    assert.ok(h instanceof Html);
    assert.equal(h.html, "<p>x</p>");
    assert.equal(String(h), "<p>x</p>");
  });
});

describe("values printed into an HTML page", () => {
  table("html", [
    ["prints text escaped", "<p title=\"{x}\">{x}</p>", { x: `${MALLORY} & "q"` }, '<p title="Mallory &lt;b&gt; &amp; &quot;q&quot;">Mallory &lt;b&gt; &amp; &quot;q&quot;</p>'],
    ["prints HTML as is", "<div>{body}</div>", { body: BODY }, '<div><p>Tom &amp; "Jerry"</p></div>'],
    ["prints integers in decimal", "{n}/{big}", { n: 42, big: 18446744073709551615n }, "42/18446744073709551615"],
    ["escapes text once with |escape, never twice", "{x|escape}", { x: MALLORY }, "Mallory &lt;b&gt;"],
    ["escapes HTML's markup with |escape (blahgd's {body|escape})", "{body|escape}", { body: BODY }, "&lt;p&gt;Tom &amp;amp; &quot;Jerry&quot;&lt;/p&gt;"],
    ["escapes again when a template asks twice", "{x|escape|escape}", { x: "<" }, "&amp;lt;"],
    ["url-escapes text", "{x|urlescape}", { x: "a b<&" }, "a+b%3C%26"],
    ["url-escapes HTML's markup", "{body|urlescape}", { body: trustedHtml("<p>") }, "%3Cp%3E"],
    ["url-escapes what escape made", "{x|escape|urlescape}", { x: "<" }, "%26lt%3B"],
    ["formats dates as text with nothing to escape", "{t|date} {t|time} {t|zulu} {t|rfc822}", { t: 1451606400 },
      "January  1, 2016 00:00 2016-01-01T00:00:00Z Fri, 01 Jan 2016 00:00:00 +0000"],
    ["keeps the kind through unknown filters (text)", "{x|nosuch}", { x: MALLORY }, "Mallory &lt;b&gt;"],
    ["keeps the kind through unknown filters (HTML)", "{body|nosuch}", { body: BODY }, '<p>Tom &amp; "Jerry"</p>'],
    ["binds an HTML list element under the list's name, as a string element", "{xs%item}", { xs: [trustedHtml("<i>a</i>"), "<i>"] },
      "[<i>a</i>][&lt;i&gt;]", { item: "[{xs}]" }],
    ["sees an HTML value with ifset", "{ifset(body)}set{endif()}", { body: trustedHtml("") }, "set"],
    ["lets an HTML variable shadow a template", "{part}", { part: trustedHtml("<hr>") }, "<hr>", { part: "template" }],
  ]);

  it("reports HTML where an integer is needed (ifeq) and counts it as 0", () => {
    assert.deepEqual(render("html", "{ifeq(body,0)}zero{endif()}", { body: BODY }), { out: "zero", problems: ["template/not-an-integer"] });
  });

  it("reports HTML through a date filter", () => {
    assert.deepEqual(render("html", "[{body|date}]", { body: BODY }), { out: "[]", problems: ["template/filter-input"] });
  });
});

describe("values printed into an XML feed", () => {
  table("xml", [
    ["escapes text and drops what XML forbids", "<t a=\"{x}\">{x}</t>", { x: "Eve ]]> & \x01\uFFFE\uD800 \uD83D\uDE00" },
      '<t a="Eve ]]&gt; &amp;  \uD83D\uDE00">Eve ]]&gt; &amp;  \uD83D\uDE00</t>'],
    ["keeps text escaped inside CDATA, as type=\"html\" readers want it", "<![CDATA[By: {x}]]>", { x: "Eve ]]> &" }, "<![CDATA[By: Eve ]]&gt; &amp;]]>"],
    ["prints HTML as is, minus forbidden characters and a CDATA end", "<![CDATA[{body}]]>", { body: trustedHtml("<p>a\x01]]>b\uFFFF</p>") },
      "<![CDATA[<p>a]]&gt;b</p>]]>"],
    ["escapes text once with |escape and drops forbidden characters", "{x|escape}", { x: "Mallory <b>\x0b" }, "Mallory &lt;b&gt;"],
    ["escapes HTML's markup with |escape (the default theme's feed bodies)", "{body|escape}", { body: trustedHtml("<p>\x1f&amp;</p>") }, "&lt;p&gt;&amp;amp;&lt;/p&gt;"],
    ["url-escapes text", "{x|urlescape}", { x: "\x01<" }, "%01%3C"],
    ["prints integers in decimal", "{n}", { n: 7 }, "7"],
  ]);
});

describe("a template set's output", () => {
  const out = (format: string | undefined, output?: OutputKind) =>
    compileTemplateSet([{ name: "main", source: "{x}" }], { format, output }).set;
  it("is XML for atom and rss2, HTML for html and for an unlabelled set", () => {
    assert.deepEqual([out("atom").output, out("rss2").output, out("html").output, out(undefined).output], ["xml", "xml", "html", "html"]);
  });

  it("can be chosen explicitly", () => {
    assert.equal(out("html", "xml").render("main", { x: "\x01<" }), "&lt;");
  });
});
