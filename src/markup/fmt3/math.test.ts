import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isMathError, parseMath, writeMathML } from "./math.js";

function mathml(src: string): string {
  const node = parseMath(src);
  if (isMathError(node)) throw new Error(node.message);
  return writeMathML(node);
}

const mi = (v: string) => `<mi>${v}</mi>`;
const mn = (v: string) => `<mn>${v}</mn>`;
const sup = (a: string, b: string) => `<msup><mrow>${a}</mrow><mrow>${b}</mrow></msup>`;
const sub = (a: string, b: string) => `<msub><mrow>${a}</mrow><mrow>${b}</mrow></msub>`;

describe("fmt3 math", () => {
  const cases: Array<[string, string]> = [
    ["abc", mi("abc")],
    ["a1", mi("a") + mn("1")],
    ["1+2", mn("1") + mn("+2")],
    ["1 + 2", mn("1") + "<mo>+</mo>" + mn("2")],
    ["-1.0", mn("-1.0")],
    ["1.2.3", mn("1.2.3")],
    ["a < b > c", mi("a") + "<mo>&lt;</mo>" + mi("b") + "<mo>&gt;</mo>" + mi("c")],
    ["x_i^2", sup(sub(mi("x"), mi("i")), mn("2"))],
    ["a^b^c", sup(sup(mi("a"), mi("b")), mi("c"))],
    ["{a+b}^2", sup(mi("a") + "<mo>+</mo>" + mi("b"), mn("2"))],
    ["a~b^c", sup(mi("a") + mi("b"), mi("c"))],
    ["a^b~c", sup(mi("a"), mi("b") + mi("c"))],
    ["a + b^2", mi("a") + "<mo>+</mo>" + sup(mi("b"), mn("2"))],
    ["a b^c", mi("a") + sup(mi("b"), mi("c"))],
    ["a \\propto b", mi("a") + "<mo>&prop;</mo>" + mi("b")],
    ["\\sqrt{9}", "<msqrt><mrow>" + mn("9") + "</mrow></msqrt>"],
    ["\\frac{1}{2}", "<mfrac><mrow>" + mn("1") + "</mrow><mrow>" + mn("2") + "</mrow></mfrac>"],
    ["(5)", "<mrow><mo>(</mo><mrow>" + mn("5") + "</mrow><mo>)</mo></mrow>"],
    ["frac", mi("frac")],
    ["a\n\t b", mi("a") + mi("b")],
    ["-x", "<mo>-</mo>" + mi("x")],
  ];
  for (const [src, body] of cases) {
    it(`writes $${src.replace(/\n/g, "\\n")}$ as blahgd's MathML`, () => assert.equal(mathml(src), `<math>${body}</math>`));
  }
  for (const bad of ["", "a !", "a,b", "\\alpha", "(a", "a)", "{a", "a^", "\\frac{1}", "é", "\\"]) {
    it(`rejects ${JSON.stringify(bad)} with a message and an offset`, () => {
      const result = parseMath(bad);
      assert.ok(isMathError(result));
      assert.ok(result.offset >= 0 && result.offset <= bad.length);
    });
  }
});
