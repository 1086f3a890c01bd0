import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findIncludeCycles } from "./include-cycles.js";
import { parseTemplate } from "./parser.js";

function cycles(templates: Record<string, string>): string[] {
  const parsed = Object.entries(templates).map(([name, source]) => ({ name, file: `${name}.tmpl`, ast: parseTemplate(source).ast }));
  return findIncludeCycles(parsed).map((d) => `${d.file}:${d.line}:${d.column} ${d.message.replace(/\).*/, ")")}`);
}

describe("findIncludeCycles", () => {
  it("warns about a template that includes itself unconditionally", () => {
    assert.deepEqual(cycles({ a: "x\n {a}" }), ["a.tmpl:2:2 templates include each other unconditionally (a -> a)"]);
  });

  it("warns about a cycle through several templates, once", () => {
    assert.deepEqual(cycles({ a: "{b}", b: "{c}", c: "{a}" }), [
      "c.tmpl:1:1 templates include each other unconditionally (a -> b -> c -> a)",
    ]);
  });

  it("accepts includes guarded by a condition or made by a foreach", () => {
    assert.deepEqual(cycles({ a: "{ifset(x)}{a}{endif()}{xs%a}" }), []);
  });

  it("accepts a diamond of includes", () => {
    assert.deepEqual(cycles({ index: "{header}{story}", story: "{header}", header: "h" }), []);
  });

  it("ignores names that are not templates of the set", () => {
    assert.deepEqual(cycles({ a: "{title}" }), []);
  });
});
