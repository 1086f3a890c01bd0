import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lookupVariable, lookupVariableGuarded, TemplateScope } from "./scope.js";

describe("TemplateScope", () => {
  it("looks a name up from the innermost frame outward", () => {
    const scope = new TemplateScope({ title: "outer", baseurl: "http://x" }, { title: "inner" });
    assert.equal(scope.get("title"), "inner");
    assert.equal(scope.get("baseurl"), "http://x");
    assert.equal(scope.get("missing"), undefined);
  });

  it("sets into the innermost frame, as blahgd does", () => {
    const scope = new TemplateScope({ a: "0" });
    scope.push().set("a", "1");
    assert.equal(scope.get("a"), "1");
    scope.pop();
    assert.equal(scope.get("a"), "0");
  });

  it("copies a caller's frame before setting into it, leaving the caller's object alone", () => {
    const page = { title: "x" };
    const scope = new TemplateScope({}, page);
    scope.set("title", "y").set("curpage", 0);
    assert.equal(scope.get("title"), "y");
    assert.deepEqual(page, { title: "x" });
  });

  it("makes a child over shared outer frames without changing the parent", () => {
    const request = new TemplateScope({ baseurl: "b" });
    const page = request.child({ title: "t" });
    page.set("curpage", 2);
    assert.equal(page.get("baseurl"), "b");
    assert.equal(page.get("curpage"), 2);
    assert.equal(request.get("curpage"), undefined);
    assert.equal(request.depth, 1);
    assert.equal(page.depth, 2);
  });

  it("counts a set null value as set", () => {
    assert.equal(new TemplateScope({ x: null }).has("x"), true);
  });

  it("creates a frame when set is called on an empty stack", () => {
    const scope = new TemplateScope({});
    scope.pop();
    scope.set("a", "1");
    assert.equal(scope.get("a"), "1");
  });

  it("never finds Object.prototype properties such as constructor", () => {
    const scope = new TemplateScope({ a: "1" });
    assert.equal(scope.get("constructor"), undefined);
    assert.equal(scope.get("toString"), undefined);
    assert.equal(scope.get("__proto__"), undefined);
    assert.equal(new TemplateScope({ ["constructor"]: "c" }).get("constructor"), "c");
  });
});

describe("lookupVariable", () => {
  it("skips undefined values and keeps looking outward", () => {
    const frames = [{ a: "outer" }, { a: undefined as unknown as string }];
    assert.equal(lookupVariable(frames, "a"), "outer");
    assert.equal(lookupVariableGuarded(frames, "a"), "outer");
  });
});
