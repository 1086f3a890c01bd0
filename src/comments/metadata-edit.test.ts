import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { appendCommentId, markModerated } from "./metadata-edit.js";

describe("appending a comment id to post.lisp", () => {
  const cases: Array<[string, string]> = [
    ['((title . "t") (comments 1 2) (fmt . 3))', '((title . "t") (comments 1 2 3) (fmt . 3))'],
    ['((title . "t") (comments) (fmt . 3))', '((title . "t") (comments 3) (fmt . 3))'],
    ['((title . "t") (comments . (1 2)))', '((title . "t") (comments . (1 2 3)))'],
    ['((title . "t") (fmt . 3))', '((title . "t") (fmt . 3) (comments 3))'],
    ['; my notes\n((title . "t") ; the title\n (comments 1\n   2) ; ids\n (listed . #t))\n', '; my notes\n((title . "t") ; the title\n (comments 1\n   2 3) ; ids\n (listed . #t))\n'],
    ["'((title . \"old\") (comments 1))", "'((title . \"old\") (comments 1 3))"],
  ];
  for (const [before, after] of cases) {
    it(`keeps everything else of ${JSON.stringify(before)}`, () => assert.equal(appendCommentId(before, 3), after));
  }
  it("does nothing when the id is listed already (so approving again is harmless)", () => {
    assert.equal(appendCommentId("((comments 3))", 3), "((comments 3))");
  });
  it("refuses a file that is not an alist", () => {
    assert.throws(() => appendCommentId("(((", 1));
  });
});

describe("marking a comment moderated", () => {
  it("flips #f to #t and turns blahgd's (\"url\") into a string, keeping the rest", () => {
    const before = '(("author" . "A") ("email" . "e") ("time" . "2024-01-01 00:00") ("ip" . "1.2.3.4") ("url") ("moderated" . #f))';
    assert.equal(markModerated(before), '(("author" . "A") ("email" . "e") ("time" . "2024-01-01 00:00") ("ip" . "1.2.3.4") ("url" . "") ("moderated" . #t))');
  });
  it("adds the key when it is missing", () => {
    assert.equal(markModerated('(("author" . "A"))'), '(("author" . "A") ("moderated" . #t))');
  });
});
