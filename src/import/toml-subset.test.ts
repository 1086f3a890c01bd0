import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseTomlSubset } from "./toml-subset.js";

describe("the TOML subset", () => {
  it("reads strings, numbers, booleans, dates and arrays", () => {
    const { table, problems } = parseTomlSubset(
      [
        'title = "Tab\\there \\u00e9"',
        "literal = 'C:\\path'",
        "count = 1_000",
        "ratio = -0.5",
        "draft = true",
        "date = 2021-05-06T10:00:00Z",
        "day = 2021-05-06",
        'tags = ["a", "b",', '  "c", # a comment', "]",
        'multi = """', "one", 'two"""',
        "empty = []",
      ].join("\n"),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual({ ...table }, {
      title: "Tab\there é",
      literal: "C:\\path",
      count: 1000,
      ratio: -0.5,
      draft: true,
      date: "2021-05-06T10:00:00Z",
      day: "2021-05-06",
      tags: ["a", "b", "c"],
      multi: "one\ntwo",
      empty: [],
    });
  });

  it("puts keys under [table] headers and dotted keys into nested tables", () => {
    const { table, problems } = parseTomlSubset('baseURL = "x"\n[permalinks]\n  posts = "/:year/:slug/"\n[params.author]\nname = "Sam"\nsite.name = "n"\n');
    assert.deepEqual(problems, []);
    assert.equal((table.permalinks as Record<string, unknown>).posts, "/:year/:slug/");
    assert.equal(((table.params as Record<string, unknown>).author as Record<string, unknown>).name, "Sam");
    assert.equal((((table.params as Record<string, unknown>).author as Record<string, unknown>).site as Record<string, unknown>).name, "n");
  });

  it("reports inline tables and arrays of tables as unsupported, with their line, and keeps reading", () => {
    const { table, problems } = parseTomlSubset('a = 1\nb = { x = 1 }\n[[menu]]\nname = "m"\n');
    assert.equal(table.a, 1);
    assert.equal(problems.length, 2);
    assert.deepEqual(problems.map((p) => [p.line, p.unsupported]), [[2, true], [3, true]]);
  });

  it("reports syntax errors with line and column", () => {
    const { problems } = parseTomlSubset('ok = 1\ntitle = "unterminated\nx = 2\n');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 2);
    assert.equal(problems[0]!.unsupported, false);
    assert.match(problems[0]!.message, /unterminated string/);
  });

  it("reports a key defined twice", () => {
    const { problems } = parseTomlSubset("a = 1\na = 2\n");
    assert.match(problems[0]!.message, /defined twice/);
  });

  it("never throws on any input, and does not take the prototype's keys as its own", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const { table } = parseTomlSubset(text);
        assert.equal(typeof table, "object");
      }),
      { numRuns: 2000 },
    );
    const { table } = parseTomlSubset('__proto__ = "x"\nconstructor = 1\n');
    assert.equal(table["__proto__"], "x");
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it("survives deeply nested arrays without exhausting the stack", () => {
    const { problems } = parseTomlSubset(`a = ${"[".repeat(100000)}`);
    assert.equal(problems.length, 1);
  });
});
