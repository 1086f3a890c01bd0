import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { TemplateProblem } from "./problem.js";
import { TemplateScope } from "./scope.js";
import { compileTemplateSet, DEFAULT_MAX_DEPTH, idsWritten, type TemplateSource } from "./template-set.js";
import type { TemplateMap, TemplateValue } from "./value.js";

function sources(templates: Record<string, string>): TemplateSource[] {
  return Object.entries(templates).map(([name, source]) => ({ name, source }));
}

function problemsOf(f: (onProblem: (p: TemplateProblem) => void) => string): { out: string; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const out = f((p) => problems.push(p));
  return { out, problems };
}

describe("TemplateSet.render", () => {
  it("renders a page by including the page's template", () => {
    const { set } = compileTemplateSet(sources({ index: "{header}<main>{title|escape}</main>", header: "<h1>Blahg</h1>" }));
    assert.equal(set.render("index", { title: "a<b" }), "<h1>Blahg</h1><main>a&lt;b</main>");
  });

  it("lets a variable named like the page shadow the page template, as blahgd does", () => {
    const { set } = compileTemplateSet(sources({ index: "template" }));
    assert.equal(set.render("index", { index: "variable" }), "variable");
  });

  it("renders a missing page template as empty and reports it", () => {
    const { set } = compileTemplateSet([]);
    const { out, problems } = problemsOf((onProblem) => set.render("404", {}, { onProblem }));
    assert.equal(out, "");
    assert.deepEqual(problems.map((p) => [p.code, p.severity, p.template, p.line, p.column]), [
      ["template/missing-template", "warning", undefined, 1, 1],
    ]);
  });

  it("refuses a page name that is not a word", () => {
    const { set } = compileTemplateSet(sources({ "a b": "x" }));
    const { out, problems } = problemsOf((onProblem) => set.render("a b", {}, { onProblem }));
    assert.equal(out, "");
    assert.equal(problems[0]?.code, "template/bad-root-name");
  });

  it("accepts a TemplateScope: request scope 0 plus a page scope", () => {
    const { set } = compileTemplateSet(sources({ index: "{baseurl}/{title}" }));
    const request = new TemplateScope({ baseurl: "http://b", title: "global" });
    assert.equal(set.render("index", request.child({ title: "Blahg" })), "http://b/Blahg");
    assert.equal(set.render("index", request), "http://b/global");
  });

  it("leaves the caller's scope as it was after a foreach", () => {
    const { set } = compileTemplateSet(sources({ index: "{posts%s}", s: "{id}" }));
    const scope = new TemplateScope({ posts: [{ id: 1 }] });
    assert.equal(set.render("index", scope), "1");
    assert.equal(scope.depth, 1);
  });

  it("records every template a render used, missing ones too, but not shadowed or skipped ones", () => {
    const { set } = compileTemplateSet(
      sources({
        index: "{header}{posts%story}{sidebar}{ifset(nope)}{hidden}{endif()}{gone}",
        header: "h",
        story: "{tags%tag}",
        tag: "{tags}",
        sidebar: "s",
      }),
    );
    const used = new Set<string>();
    set.render("index", { posts: [{ tags: ["a"] }], sidebar: "var" }, { used });
    assert.deepEqual([...used].sort(), ["gone", "header", "index", "story", "tag"]);
  });

  it("compiles once and renders many times with different variables", () => {
    const { set } = compileTemplateSet(sources({ p: "{n}" }));
    assert.deepEqual([1, 2, 3].map((n) => set.render("p", { n })), ["1", "2", "3"]);
  });

  it("prints nanosecond `now` from scope 0 as an exact decimal", () => {
    const { set } = compileTemplateSet(sources({ commentform: `<input name="d" value="{now}">` }));
    assert.equal(set.render("commentform", { now: 1453284000123456789n }), `<input name="d" value="1453284000123456789">`);
  });
});

describe("templates with syntax errors", () => {
  it("keeps the set usable: the broken template renders as empty, the others normally", () => {
    const { set, diagnostics } = compileTemplateSet([
      { name: "index", source: "[{style}]{footer}" },
      { name: "style", source: "a\nbody { color: red }", path: "themes/x/html/style.tmpl" },
      { name: "footer", source: "f" },
    ]);
    assert.deepEqual(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}`), [
      "themes/x/html/style.tmpl:2:6: template/literal-open-brace",
    ]);
    assert.equal(set.isBroken("style"), true);
    assert.equal(set.has("style"), true);
    const { out, problems } = problemsOf((onProblem) => set.render("index", {}, { onProblem }));
    assert.equal(out, "[]f");
    assert.deepEqual(problems.map((p) => `${p.code}@${p.template}:${p.line}:${p.column}`), ["template/broken-template@index:1:2"]);
  });

  it("names the template in diagnostics when it has no path", () => {
    const { diagnostics } = compileTemplateSet(sources({ story: "{a b}" }));
    assert.equal(diagnostics[0]?.file, "story");
  });

  it("warns about an unknown filter without breaking the template", () => {
    const { set, diagnostics } = compileTemplateSet(sources({ p: "\n {t|upper}" }));
    assert.deepEqual(diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`), ["2:5 warning template/unknown-filter"]);
    assert.equal(set.render("p", { t: "x" }), "\n x");
  });

  it("keeps the last of two templates with the same name, with a warning", () => {
    const { set, diagnostics } = compileTemplateSet([
      { name: "a", source: "1" },
      { name: "a", source: "2" },
    ]);
    assert.equal(set.render("a", {}), "2");
    assert.deepEqual(diagnostics.map((d) => d.code), ["template/duplicate-template"]);
  });
});

describe("runaway recursion", () => {
  it("abandons a self-including template and reports an error", () => {
    const { set, diagnostics } = compileTemplateSet(sources({ loop: "x{loop}" }));
    assert.deepEqual(diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`), ["1:2 warning template/include-cycle"]);
    const { out, problems } = problemsOf((onProblem) => set.render("loop", {}, { onProblem }));
    assert.equal(out, "");
    assert.deepEqual(problems.map((p) => [p.code, p.severity]), [["template/recursion-limit", "error"]]);
  });

  it("stops an exponential include tree at the first template too deep", () => {
    const { set } = compileTemplateSet(sources({ a: "{visit}{a}{a}{a}" }));
    // One visit per level on the way down; going on with the siblings would make it 3^levels.
    // A shallow limit first, so that such a regression fails here instead of running for ages.
    for (const maxDepth of [12, DEFAULT_MAX_DEPTH]) {
      let visits = 0;
      const values = {
        get visit(): string {
          visits++;
          return "";
        },
      };
      const { out, problems } = problemsOf((onProblem) => set.render("a", values, { onProblem, maxDepth }));
      assert.equal(out, "");
      assert.equal(problems.length, 1);
      assert.ok(visits <= maxDepth, `template a rendered ${visits} times under a limit of ${maxDepth} levels`);
    }
  });

  it("stops a foreach that finds its own list again in every element", () => {
    const { set } = compileTemplateSet(sources({ index: "{posts%story}", story: "{posts%story}" }));
    const { out, problems } = problemsOf((onProblem) => set.render("index", { posts: [{}, {}] }, { onProblem }));
    assert.equal(out, "");
    assert.equal(problems.length, 1);
  });

  it("allows recursion that ends, such as nested comment threads", () => {
    const { set } = compileTemplateSet(sources({ c: "({id}{ifset(replies)}{replies%c}{endif()})" }));
    const thread: TemplateMap = { id: 1, replies: [{ id: 2, replies: [{ id: 3, replies: [] }] }, { id: 4, replies: [] }] };
    assert.equal(set.render("c", thread), "(1(2(3))(4))");
  });

  it("survives a JavaScript stack overflow when maxDepth is set absurdly high", () => {
    const { set } = compileTemplateSet(sources({ loop: "{loop}" }));
    const { out, problems } = problemsOf((onProblem) => set.render("loop", {}, { onProblem, maxDepth: 1e9 }));
    assert.equal(out, "");
    assert.deepEqual(problems.map((p) => p.code), ["template/render-failed"]);
  });

  it("honours a custom maxDepth", () => {
    const { set } = compileTemplateSet(sources({ a: "{b}", b: "{c}", c: "deep" }));
    assert.equal(set.render("a", {}, { maxDepth: 3 }), "deep");
    assert.equal(set.render("a", {}, { maxDepth: 2 }), "");
  });
});

describe("robustness", () => {
  const templateChars = fc.constantFrom("{", "}", "|", "%", "(", ")", ",", " ", "\n", "a", "b", "x", "1", "0", "_",
    "ifset", "ifeq", "ifgt", "iflt", "else", "endif", "escape", "date", "zulu", "urlescape", "t", "é");
  const valueArb: fc.Arbitrary<TemplateValue> = fc.letrec<{ v: TemplateValue }>((tie) => ({
    v: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.string(),
      fc.nat(),
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
      fc.double(),
      fc.constant(null),
      fc.array(tie("v"), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom("a", "b", "x", "t", "constructor"), tie("v"), { maxKeys: 3 }),
    ),
  })).v;

  it("never throws compiling or rendering random template sources", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: templateChars, maxLength: 30 }), { minLength: 1, maxLength: 4 }),
        fc.dictionary(fc.constantFrom("a", "b", "x", "t", "t0", "t1"), valueArb, { maxKeys: 4 }),
        (texts, vars) => {
          const { set } = compileTemplateSet(texts.map((source, i) => ({ name: `t${i}`, source })));
          for (let i = 0; i < texts.length; i++) {
            const out = set.render(`t${i}`, vars, { onProblem: () => {}, used: new Set() });
            assert.equal(typeof out, "string");
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never throws rendering random well-formed commands against random values", () => {
    const piece = fc.constantFrom(
      "text ", "{x}", "{t0}", "{t1}", "{a|escape}", "{x|date|escape}", "{b|urlescape|zulu}", "{t|rfc822}",
      "{x%t0}", "{a%t1}", "{b%t1}", "{ifset(x)}", "{ifeq(a,1)}", "{ifgt(b,x)}", "{iflt(t,99999999999999999999)}",
      "{else()}", "{endif()}", "{now}", "{now|time}",
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(piece, { maxLength: 12 }).map((p) => p.join("")), { minLength: 2, maxLength: 3 }),
        fc.dictionary(fc.constantFrom("a", "b", "x", "t", "now"), valueArb, { maxKeys: 5 }),
        (texts, vars) => {
          const { set } = compileTemplateSet(texts.map((source, i) => ({ name: `t${i}`, source })));
          const out = set.render("t0", vars, { onProblem: () => {}, used: new Set(), maxDepth: 20 });
          assert.equal(typeof out, "string");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("renders any brace-free text unchanged", () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !s.includes("{") && !s.includes("}")), (s) => {
        const { set, diagnostics } = compileTemplateSet([{ name: "p", source: s }]);
        assert.deepEqual(diagnostics, []);
        assert.equal(set.render("p", {}), s);
      }),
    );
  });
});

describe("the ids a template set writes", () => {
  it("lists every id attribute of its HTML, placeholders as `*`, once each and sorted", () => {
    const { set } = compileTemplateSet([
      { name: "page", source: `<main id="main"><p id='intro'>{x}</p>{story}</main>` },
      { name: "story", source: `<article id="post-{id}" class="post"><li id = "comment-{commid|escape}">{body}</li><div data-id="no" id="main"></div>` },
    ]);
    assert.deepEqual(set.idsInUse, ["comment-*", "intro", "main", "post-*"]);
  });

  it("has none for feeds, whose ids are not HTML's", () => {
    const { set } = compileTemplateSet([{ name: "feed", source: `<entry id="x"><id>{id}</id></entry>` }], { format: "atom" });
    assert.deepEqual(set.idsInUse, []);
  });

  it("leaves out an id that is only a placeholder (it would reserve every number)", () => {
    assert.deepEqual(idsWritten([`<a id="{anchor}"></a><b id=""></b>`]), []);
  });
});
