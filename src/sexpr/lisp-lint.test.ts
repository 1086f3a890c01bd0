import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Diagnostic } from "../diagnostics.js";
import type { Datum } from "./datum.js";
import { lintCommentMeta, lintConfig, lintPostMeta } from "./lisp-lint.js";
import { parseSexpr } from "./reader.js";

function read(text: string): Datum {
  const r = parseSexpr(text);
  assert.deepEqual(r.diagnostics, [], text);
  return r.datum!;
}

/** [severity, code, line, column] of each diagnostic. */
function summary(diagnostics: Diagnostic[]): [string, string, number, number][] {
  return diagnostics.map((d) => [d.severity, d.code, d.line, d.column]);
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

const GOOD_POST = `((time . "2015-09-19 21:28") (title . "abc") (fmt . 3) (tags "a" "b") (comments 1 2) (listed . #t))`;

describe("lintPostMeta", () => {
  it("accepts the example post.lisp of the spec", () => {
    assert.deepEqual(lintPostMeta(read(GOOD_POST)), []);
  });

  it("accepts a minimal post and string keys", () => {
    assert.deepEqual(lintPostMeta(read('(("fmt" . 3) ("time" . "2015-01-01 00:00") ("title" . ""))')), []);
  });

  it("accepts extra keys and legacy cats", () => {
    assert.deepEqual(
      lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . "t") (cats "x") (author . "me"))')),
      [],
    );
  });

  it("rejects a datum that is not a list, at the datum", () => {
    assert.deepEqual(summary(lintPostMeta(read('\n "title"'))), [["error", "lint/not-an-alist", 2, 2]]);
    assert.deepEqual(codes(lintPostMeta(read("((fmt . 3) . x)"))), ["lint/not-an-alist"]);
  });

  it("requires fmt", () => {
    assert.deepEqual(summary(lintPostMeta(read('((time . "2015-01-01 00:00") (title . "t"))'))), [
      ["error", "lint/missing-key", 1, 1],
    ]);
  });

  it("requires fmt to be an integer, reporting the pair", () => {
    const diagnostics = lintPostMeta(read('(\n  (fmt . "3"))'));
    assert.deepEqual(summary(diagnostics), [["error", "lint/wrong-type", 2, 3]]);
    assert.equal(diagnostics[0]!.message, "`fmt` must be an integer, but it is a string");
  });

  it("hints at the dot for (fmt 3)", () => {
    assert.match(lintPostMeta(read("((fmt 3))"))[0]!.message, /instead of \(fmt value\)/);
  });

  it("requires string time and title for fmt 3", () => {
    assert.deepEqual(summary(lintPostMeta(read("((fmt . 3))"))), [
      ["error", "lint/missing-key", 1, 1],
      ["error", "lint/missing-key", 1, 1],
    ]);
    const diagnostics = lintPostMeta(read('((fmt . 3)\n (time . 2015)\n (title . abc))'));
    assert.deepEqual(summary(diagnostics), [
      ["error", "lint/wrong-type", 2, 2],
      ["error", "lint/wrong-type", 3, 2],
    ]);
    assert.equal(diagnostics[1]!.message, "`title` must be a string, but it is a symbol");
  });

  it("checks the fields for fmt 1 and 2 too, and says they cannot be rendered", () => {
    for (const fmt of [1, 2]) {
      assert.deepEqual(codes(lintPostMeta(read(`((fmt . ${fmt}) (title . "t"))`))), [
        "lint/missing-key",
        "lint/unsupported-fmt",
      ]);
    }
  });

  it("accepts fmt 4 without checking fields, but says it cannot be rendered", () => {
    assert.deepEqual(summary(lintPostMeta(read("((title . 1) (fmt . 4))"))), [["error", "lint/unsupported-fmt", 1, 14]]);
  });

  it("rejects any other fmt as invalid", () => {
    for (const fmt of [0, 5, 42]) {
      assert.deepEqual(codes(lintPostMeta(read(`((fmt . ${fmt}) (time . 1))`))), ["lint/invalid-fmt"]);
    }
  });

  it("requires tags to be a list of strings, pointing at a bad tag", () => {
    assert.deepEqual(codes(lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . "t") (tags . "a"))'))), [
      "lint/wrong-type",
    ]);
    const diagnostics = lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . "t")\n (tags "a" b 3))'));
    assert.deepEqual(summary(diagnostics), [
      ["error", "lint/bad-tag", 2, 12],
      ["error", "lint/bad-tag", 2, 14],
    ]);
    assert.match(diagnostics[0]!.message, /a symbol \(blahgd aborts on it\)/);
  });

  it("accepts (tags) as no tags", () => {
    assert.deepEqual(lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . "t") (tags))')), []);
  });

  it("warns about tags that differ only in ASCII case", () => {
    const diagnostics = lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . "t") (tags "Foo" "bar" "foo" "É" "é"))'));
    assert.deepEqual(summary(diagnostics), [["warning", "lint/duplicate-tag", 1, 72]]);
  });

  it("requires cats to be a list", () => {
    assert.deepEqual(codes(lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . "t") (cats . "x"))'))), [
      "lint/wrong-type",
    ]);
  });

  it("requires comments to be a list of integers", () => {
    assert.deepEqual(codes(lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . "t") (comments . 1))'))), [
      "lint/wrong-type",
    ]);
    assert.deepEqual(
      summary(lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . "t")\n (comments 1 "2" 3))'))),
      [["error", "lint/bad-comment-id", 2, 14]],
    );
  });

  it("requires listed to be a boolean", () => {
    assert.deepEqual(codes(lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . "t") (listed . 0))'))), [
      "lint/wrong-type",
    ]);
    assert.deepEqual(lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . "t") (listed . #f))')), []);
  });

  it("warns about a time blahgd reads differently than written", () => {
    const diagnostics = lintPostMeta(read('((fmt . 3)\n (time . "2015-9-1 3:04:59") (title . "t"))'));
    assert.deepEqual(summary(diagnostics), [["warning", "lint/time-format", 2, 2]]);
    assert.match(diagnostics[0]!.message, /reads it as 2015-09-01 03:04/);
    assert.match(lintPostMeta(read('((fmt . 3) (time . "2015-02-30 10:00") (title . "t"))'))[0]!.message, /2015-03-02 10:00/);
  });

  it("warns about a time blahgd cannot parse", () => {
    for (const time of ["2015-09-19", "yesterday", "19.9.2015 21:28", ""]) {
      assert.deepEqual(codes(lintPostMeta(read(`((fmt . 3) (time . "${time}") (title . "t"))`))), ["lint/time-unparsable"], time);
    }
  });

  it("warns about repeated keys, since blahgd uses the first", () => {
    const diagnostics = lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . "t")\n (title . "again") (x . 1) (x . 2))'));
    assert.deepEqual(summary(diagnostics), [["warning", "lint/duplicate-key", 2, 2]]);
    assert.match(diagnostics[0]!.message, /line 1/);
  });

  it("checks the first of repeated keys, as blahgd does", () => {
    assert.deepEqual(codes(lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . 1) (title . "t"))'))), [
      "lint/duplicate-key",
      "lint/wrong-type",
    ]);
  });

  it("warns about elements that are not (key . value) pairs", () => {
    const diagnostics = lintPostMeta(read('((fmt . 3) (time . "2015-01-01 00:00") (title . "t")\n "stray" (1 . 2) ())'));
    assert.deepEqual(summary(diagnostics), [
      ["warning", "lint/not-a-pair", 2, 2],
      ["warning", "lint/not-a-pair", 2, 10],
      ["warning", "lint/not-a-pair", 2, 18],
    ]);
  });
});

const GOOD_COMMENT = `(("author" . "Jeff") ("email" . "j@example.com") ("time" . "2016-01-02 03:04") ("ip" . "::1") ("url" . "https://x.org") ("moderated" . #t))`;

describe("lintCommentMeta", () => {
  it("accepts a complete comment", () => {
    assert.deepEqual(lintCommentMeta(read(GOOD_COMMENT)), []);
  });

  it("accepts a comment without ip and url, with symbol keys", () => {
    assert.deepEqual(lintCommentMeta(read('((author . "a") (email . "") (time . "2016-01-02 03:04") (moderated . #f))')), []);
  });

  it("requires author, email, time and moderated", () => {
    const diagnostics = lintCommentMeta(read("()"));
    assert.deepEqual(codes(diagnostics), ["lint/missing-key", "lint/missing-key", "lint/missing-key", "lint/missing-key"]);
    assert.deepEqual(
      diagnostics.map((d) => /`(\w+)`/.exec(d.message)?.[1]),
      ["author", "email", "time", "moderated"],
    );
  });

  it("requires the right types", () => {
    const diagnostics = lintCommentMeta(read('((author . a) (email . 1) (time . #t) (moderated . "yes") (ip . (1)))'));
    assert.deepEqual(codes(diagnostics), [
      "lint/wrong-type",
      "lint/wrong-type",
      "lint/wrong-type",
      "lint/wrong-type",
      "lint/wrong-type",
    ]);
    assert.equal(diagnostics[3]!.message, "`moderated` must be a boolean (#t or #f), but it is a string");
  });

  it("rejects the (\"url\") blahgd writes for an empty URL, with a hint", () => {
    const diagnostics = lintCommentMeta(
      read('(("author" . "a") ("email" . "e") ("time" . "2016-01-02 03:04")\n ("ip" . "::1") ("url") ("moderated" . #f))'),
    );
    assert.deepEqual(summary(diagnostics), [["error", "lint/wrong-type", 2, 17]]);
    assert.match(diagnostics[0]!.message, /the empty list \(\).*blahgd writes \("url"\).*\("url" \. ""\)/);
  });

  it("rejects a url of another wrong type without the hint", () => {
    const diagnostics = lintCommentMeta(read('((author . "a") (email . "e") (time . "2016-01-02 03:04") (moderated . #t) (url . 5))'));
    assert.deepEqual(codes(diagnostics), ["lint/wrong-type"]);
    assert.doesNotMatch(diagnostics[0]!.message, /blahgd writes/);
  });

  it("warns about an odd comment time", () => {
    assert.deepEqual(
      codes(lintCommentMeta(read('((author . "a") (email . "e") (time . "2016-01-02") (moderated . #t))'))),
      ["lint/time-unparsable"],
    );
  });

  it("rejects a comment that is not an alist", () => {
    assert.deepEqual(codes(lintCommentMeta(read("#t"))), ["lint/not-an-alist"]);
  });
});

describe("lintConfig", () => {
  it("accepts the empty config", () => {
    assert.deepEqual(lintConfig(read("()")), []);
  });

  it("accepts a full, well-typed config", () => {
    assert.deepEqual(
      lintConfig(
        read(`((scgi-port . 2014) (scgi-threads . 0) (html-index-stories . 10) (feed-index-stories . 15)
          (comment-max-think . 86400) (comment-min-think . 10) (comment-captcha-a . 1) (comment-captcha-b . 2)
          (data-dir . "d") (web-dir . "w") (template-dir . "t") (base-url . "https://x.org") (bug-base-url . "b")
          (wiki-base-url . "w") (photo-base-url . "p") (tagcloud-min-size . 6) (tagcloud-max-size . 18)
          (twitter-username . "u") (twitter-description . "d") (category-to-tag (a . "b")))`),
      ),
      [],
    );
  });

  it("reports wrong types as errors at the pair", () => {
    const diagnostics = lintConfig(read('(\n (scgi-port . "2014")\n (data-dir . 5)\n (twitter-username . u))'));
    assert.deepEqual(summary(diagnostics), [
      ["error", "lint/wrong-type", 2, 2],
      ["error", "lint/wrong-type", 3, 2],
      ["error", "lint/wrong-type", 4, 2],
    ]);
    assert.equal(diagnostics[1]!.message, "`data-dir` must be a string, but it is an integer");
  });

  it("requires category-to-tag to be a list and warns about bad entries", () => {
    assert.deepEqual(codes(lintConfig(read('((category-to-tag . "x"))'))), ["lint/wrong-type"]);
    assert.deepEqual(summary(lintConfig(read('((category-to-tag\n (a . b)))'))), [["warning", "config/bad-category", 2, 2]]);
  });

  it("warns about values blahgd adjusts", () => {
    assert.deepEqual(codes(lintConfig(read("((scgi-port . 70000) (scgi-threads . 0xffffffffff))"))), [
      "config/port-out-of-range",
      "config/threads-clamped",
    ]);
  });

  it("warns about unknown keys, which blahgd ignores", () => {
    const diagnostics = lintConfig(read("((scgi_port . 1))"));
    assert.deepEqual(summary(diagnostics), [["warning", "lint/unknown-key", 1, 2]]);
  });

  it("warns about repeated keys", () => {
    assert.deepEqual(codes(lintConfig(read("((scgi-port . 1) (scgi-port . 2))"))), ["lint/duplicate-key"]);
  });

  it("rejects a config that is not an alist", () => {
    assert.deepEqual(codes(lintConfig(read('"x"'))), ["lint/not-an-alist"]);
  });
});
