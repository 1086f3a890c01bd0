import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lexTemplate } from "./lexer.js";

function kinds(source: string): string[] {
  return lexTemplate(source).map((t) => `${t.kind}:${t.value}`);
}

describe("lexTemplate", () => {
  it("treats | % ( ) , and words outside braces as plain text", () => {
    assert.deepEqual(kinds("a|b%c(d),e word_1"), ["text:a|b%c(d),e word_1", "eof:"]);
  });

  it("splits a brace command into words and punctuation", () => {
    assert.deepEqual(kinds("x{ifeq(a,1)}y"), [
      "text:x", "open:{", "word:ifeq", "punct:(", "word:a", "punct:,", "word:1", "punct:)", "close:}", "text:y", "eof:",
    ]);
  });

  it("makes every other character inside braces a char token", () => {
    assert.deepEqual(kinds("{a b-}"), ["open:{", "word:a", "char: ", "word:b", "char:-", "close:}", "eof:"]);
  });

  it("yields a close token for a stray '}' outside braces", () => {
    assert.deepEqual(kinds("a}b"), ["text:a", "close:}", "text:b", "eof:"]);
  });

  it("records each token's offset", () => {
    assert.deepEqual(lexTemplate("ab{cd|e}").map((t) => t.offset), [0, 2, 3, 5, 6, 7, 8]);
  });

  it("keeps non-ASCII text outside braces as one run", () => {
    assert.deepEqual(kinds("é«»{x}"), ["text:é«»", "open:{", "word:x", "close:}", "eof:"]);
  });
});
