import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeValue, isTemplateMap, parseDecimalLiteral, toUnsigned, trustedHtml, unsignedToString } from "./value.js";

describe("toUnsigned", () => {
  const cases: [unknown, number | bigint | undefined][] = [
    [0, 0],
    [42, 42],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    [-1, 18446744073709551615n],
    [2 ** 64, 0],
    [5n, 5n],
    [-1n, 18446744073709551615n],
    [2n ** 64n + 3n, 3],
    [1.5, undefined],
    [NaN, undefined],
    [Infinity, undefined],
    ["1", undefined],
    [null, undefined],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${String(input)} as ${String(expected)}, as a C uint64_t would hold it`, () => {
      assert.equal(toUnsigned(input), expected);
    });
  }
});

describe("parseDecimalLiteral", () => {
  const cases: [string, number | bigint | undefined][] = [
    ["0", 0],
    ["1", 1],
    ["010", 10],
    ["9007199254740993", 9007199254740993n],
    ["18446744073709551615", 18446744073709551615n],
    ["18446744073709551616", undefined],
    ["1x", undefined],
    ["x", undefined],
    ["_1", undefined],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${input} as ${String(expected)}`, () => {
      assert.equal(parseDecimalLiteral(input), expected);
    });
  }
});

describe("value helpers", () => {
  it("prints unsigned integers in plain decimal", () => {
    assert.equal(unsignedToString(18446744073709551615n), "18446744073709551615");
    assert.equal(unsignedToString(7), "7");
  });

  it("tells maps from lists and scalars", () => {
    assert.equal(isTemplateMap({}), true);
    assert.equal(isTemplateMap([]), false);
    assert.equal(isTemplateMap(null), false);
    assert.equal(isTemplateMap("x"), false);
    assert.equal(isTemplateMap(trustedHtml("<p>")), false, "HTML is a value, not a map of its fields");
  });

  it("describes values for problem messages", () => {
    assert.deepEqual([null, [], {}, "s", 1, 1n, 0.5, trustedHtml("<p>")].map(describeValue), [
      "null", "a list", "a map", "a string", "an integer", "an integer", "the non-integer number 0.5", "HTML",
    ]);
  });
});
