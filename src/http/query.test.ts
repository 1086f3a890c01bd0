import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseQuery, parseUnsigned, urlDecode } from "./query.js";

describe("query strings, as blahgd parses them", () => {
  it("decodes names and values, + as a space, %XX in either case", () => {
    assert.deepEqual(parseQuery("tag=a+b%2fc%2F&x=%C3%A9"), new Map([["tag", "a b/c/"], ["x", "é"]]));
  });
  it("gives a name without = a null value and name= an empty string", () => {
    assert.deepEqual(parseQuery("p&tag="), new Map([["p", null], ["tag", ""]]));
  });
  it("lets the last of duplicate names win", () => {
    assert.deepEqual(parseQuery("p=1&p=2"), new Map([["p", "2"]]));
  });
  it("calls a value holding another = malformed", () => {
    assert.equal(parseQuery("p=1=2"), "malformed");
  });
  it("drops only the pair with a bad % escape", () => {
    assert.deepEqual(parseQuery("p=%zz&tag=x&m=%4"), new Map([["tag", "x"]]));
  });
  it("turns bytes that are not UTF-8 into U+FFFD instead of failing", () => {
    assert.equal(urlDecode("%FF"), "\ufffd");
  });
});

describe("strtoull-style integers", () => {
  const cases: Array<[string | null, bigint | undefined]> = [
    ["1", 1n], ["+1", 1n], [" 1", 1n], ["\t+42", 42n], ["007", 7n], ["18446744073709551615", 18446744073709551615n],
    ["18446744073709551616", undefined], ["-1", undefined], ["1x", undefined], ["", undefined], ["+", undefined], [null, undefined], ["1 ", undefined],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)} as ${expected}`, () => assert.equal(parseUnsigned(input), expected));
  }
});
