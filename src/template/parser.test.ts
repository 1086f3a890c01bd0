import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TemplateNode } from "./ast.js";
import { parseTemplate } from "./parser.js";

/** A compact, position-free rendering of the tree, for table tests. */
function shape(nodes: readonly TemplateNode[]): string {
  return nodes
    .map((n) => {
      switch (n.kind) {
        case "text":
          return JSON.stringify(n.value);
        case "variable-or-include":
          return `V(${n.name})`;
        case "pipeline":
          return `P(${n.name}|${n.filters.map((f) => f.name).join("|")})`;
        case "foreach":
          return `F(${n.list}%${n.template})`;
        case "if": {
          const c = n.condition;
          const cond =
            c.kind === "ifset"
              ? `ifset ${c.name}`
              : `${c.kind} ${[c.left, c.right].map((o) => (o.kind === "literal" ? `#${o.value}` : o.name)).join(" ")}`;
          return `If(${cond}; ${shape(n.then)}; ${shape(n.else)})`;
        }
      }
    })
    .join(" ");
}

function errors(source: string): string[] {
  return parseTemplate(source, "t.tmpl").diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);
}

describe("parseTemplate", () => {
  const forms: [string, string][] = [
    ["plain text", '"plain text"'],
    ["{name}", "V(name)"],
    ["{404}", "V(404)"],
    ["a{x}b", '"a" V(x) "b"'],
    ["{title|escape}", "P(title|escape)"],
    ["{time|zulu|escape}", "P(time|zulu|escape)"],
    ["{posts%story}", "F(posts%story)"],
    ["{ifset(x)}y{endif()}", 'If(ifset x; "y"; )'],
    ["{ifeq(moreposts,1)}a{else()}b{endif()}", 'If(ifeq moreposts #1; "a"; "b")'],
    ["{ifgt(numcom,0)}a{endif()}", 'If(ifgt numcom #0; "a"; )'],
    ["{iflt(a,b)}x{endif()}", "If(iflt a b; \"x\"; )"],
    ["{ifeq(a,007)}x{endif()}", 'If(ifeq a #7; "x"; )'],
    ["{ifeq(a,1x)}x{endif()}", 'If(ifeq a 1x; "x"; )'],
    // Past 2^64-1 a number does not parse (strtoull), so it names a variable.
    ["{ifeq(a,18446744073709551616)}x{endif()}", 'If(ifeq a 18446744073709551616; "x"; )'],
    ["{ifeq(a,18446744073709551615)}x{endif()}", 'If(ifeq a #18446744073709551615; "x"; )'],
    ["{ifset(a)}1{else()}2{else()}3{endif()}", 'If(ifset a; "13"; "2")'],
    ["{ifset(a)}1{ifset(b)}2{endif()}3{endif()}", 'If(ifset a; "1" If(ifset b; "2"; ) "3"; )'],
    ["{ifset(a)}open at end", 'If(ifset a; "open at end"; )'],
    ["{endif}", "V(endif)"],
  ];
  for (const [source, expected] of forms) {
    it(`parses ${JSON.stringify(source)}`, () => {
      const r = parseTemplate(source);
      assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
      assert.equal(shape(r.ast.body), expected);
    });
  }

  it("records 1-based line and column of each command", () => {
    const r = parseTemplate("ab\n  {x}");
    const node = r.ast.body[1];
    assert.equal(node?.kind, "variable-or-include");
    if (node?.kind === "variable-or-include") assert.deepEqual(node.position, { offset: 5, line: 2, column: 3 });
  });

  const bad: [string, string, string[]][] = [
    ["a literal '{' (CSS)", "p\nbody { color: red; }", ["2:6 error template/literal-open-brace"]],
    ["a literal '}'", "x }", ["1:3 error template/stray-close-brace"]],
    ["{ x } (whitespace after '{')", "{ x }", ["1:1 error template/literal-open-brace"]],
    ["{a b}", "..{a b}", ["1:5 error template/unexpected-token"]],
    ["{x } (whitespace before '}')", "{x }", ["1:3 error template/unexpected-token"]],
    ["{} (empty braces)", "{}", ["1:1 error template/literal-open-brace"]],
    ["an unclosed brace at the end", "ok\n {x", ["2:2 error template/unclosed-brace"]],
    ["a lone '{' at the end", "ok {", ["1:4 error template/unclosed-brace"]],
    ["a pipeline without a filter", "{x|}", ["1:4 error template/unexpected-token"]],
    ["a foreach without a template", "{x%}", ["1:4 error template/unexpected-token"]],
    ["a foreach with two templates", "{x%a%b}", ["1:5 error template/unexpected-token"]],
    ["a trailing comma", "{ifeq(a,)}", ["1:9 error template/unexpected-token"]],
    ["a call without ')'", "{ifset(a}", ["1:9 error template/unexpected-token"]],
    ["a '{' inside braces", "{a{b}}", ["1:3 error template/unexpected-token", "1:6 error template/stray-close-brace"]],
    ["an unknown function", "\n\t{foo(a)}", ["2:3 error template/unknown-function"]],
    ["ifset with two arguments", "{ifset(a,b)}{endif()}", ["1:2 error template/wrong-arity"]],
    ["ifeq with one argument", "{ifeq(a)}{endif()}", ["1:2 error template/wrong-arity"]],
    ["else with an argument", "{ifset(a)}{else(a)}{endif()}", ["1:12 error template/wrong-arity"]],
    ["endif() without if", "x\n{endif()}", ["2:1 error template/endif-without-if"]],
    ["else() without if", "{else()}", ["1:1 error template/else-without-if"]],
    ["a second endif()", "{ifset(a)}{endif()}{endif()}", ["1:20 error template/endif-without-if"]],
    ["an unclosed if (a warning only)", "a\n{ifset(x)}b", ["2:1 warning template/unclosed-if"]],
  ];
  for (const [what, source, expected] of bad) {
    it(`reports ${what} at its exact line and column`, () => {
      assert.deepEqual(errors(source), expected);
    });
  }

  it("reports every error of a file, not only the first", () => {
    assert.deepEqual(errors("{a b}\n}\n{ifx()}\n{ok}"), [
      "1:3 error template/unexpected-token",
      "2:1 error template/stray-close-brace",
      "3:2 error template/unknown-function",
    ]);
  });

  it("names the file in each diagnostic", () => {
    assert.equal(parseTemplate("}", "html/x.tmpl").diagnostics[0]?.file, "html/x.tmpl");
  });

  it("says that whitespace is not allowed inside braces", () => {
    assert.match(parseTemplate("{a b}").diagnostics[0]?.message ?? "", /no whitespace/);
  });
});
