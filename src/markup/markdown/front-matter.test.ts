import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFrontMatter } from "./front-matter.js";
import { parsePostDate } from "./post-date.js";

const places = (source: string) => readFrontMatter(source).diagnostics.map((d) => [d.severity, d.code, d.line, d.column]);

describe("front matter", () => {
  it("reads every key it knows", () => {
    const { meta, ok, diagnostics } = readFrontMatter(
      "---\ntitle: Hello\ndate: 2024-05-01 10:30\ntags: [a, b]\ndraft: true\nslug: hello-world\nsummary: Short.\ncomments: closed\n---\nBody\n",
    );
    assert.ok(ok);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(meta, {
      title: "Hello",
      time: Date.UTC(2024, 4, 1, 10, 30) / 1000,
      tags: ["a", "b"],
      listed: false,
      slug: "hello-world",
      summary: "Short.",
      commentsClosed: true,
    });
  });

  it("keeps the body's line numbers by leaving the front matter's lines blank", () => {
    const { body } = readFrontMatter("---\ntitle: x\n---\nBody\n");
    assert.equal(body, "\n\n\nBody\n");
  });

  it("takes tags as a comma-separated string too", () => {
    assert.deepEqual(readFrontMatter("---\ntags: one, two ,three\n---\n").meta.tags, ["one", "two", "three"]);
  });

  it("reads comments as open, closed, true or false", () => {
    const closed = (v: string) => readFrontMatter(`---\ncomments: ${v}\n---\n`).meta.commentsClosed;
    assert.deepEqual(["open", "closed", "true", "false"].map(closed), [false, true, false, true]);
  });

  it("reads aliases as a list of paths, or one path", () => {
    assert.deepEqual(readFrontMatter("---\naliases:\n  - /2013/01/11/old/\n  - /old.html\n---\n").meta.aliases, ["/2013/01/11/old/", "/old.html"]);
    assert.deepEqual(readFrontMatter("---\naliases: /one/\n---\n").meta.aliases, ["/one/"]);
    assert.deepEqual(places("---\naliases: [1]\n---\n"), [["error", "markdown/front-matter-type", 2, 11]]);
  });

  it("reports a YAML syntax error with its line and column in post.md, and the post is unusable", () => {
    const result = readFrontMatter("---\ntitle: ok\ntags: [a, b\nother: x\n---\n");
    assert.equal(result.ok, false);
    assert.equal(result.diagnostics[0]?.severity, "error");
    assert.equal(result.diagnostics[0]?.code, "markdown/front-matter-syntax");
    assert.ok(result.diagnostics[0]!.line >= 3, `line ${result.diagnostics[0]!.line}`);
  });

  it("reports a value of the wrong type where it is", () => {
    assert.deepEqual(places("---\ntitle: ok\ndate: yesterday\n---\n"), [["error", "markdown/front-matter-type", 3, 7]]);
    assert.deepEqual(places("---\ndraft: maybe\n---\n"), [["error", "markdown/front-matter-type", 2, 8]]);
    assert.deepEqual(places("---\ntags:\n  - a\n  - {x: 1}\n---\n"), [["error", "markdown/front-matter-type", 4, 5]]);
    assert.equal(readFrontMatter("---\ndate: 2024-02-30\n---\n").ok, false);
  });

  it("ignores an unknown key with a warning at the key", () => {
    const result = readFrontMatter("---\ntitle: ok\nlayout: post\n---\n");
    assert.ok(result.ok);
    assert.deepEqual(places("---\ntitle: ok\nlayout: post\n---\n"), [["warning", "markdown/unknown-front-matter-key", 3, 1]]);
  });

  it("reports a duplicate key", () => {
    const result = readFrontMatter("---\ntitle: a\ntitle: b\n---\n");
    assert.equal(result.ok, false);
    assert.equal(result.diagnostics[0]?.line, 3);
  });

  it("leaves Markdown that only looks like front matter alone (CommonMark examples 96 and 98)", () => {
    for (const source of ["---\nFoo\n---\nBar\n", "---\n---\n", "---\nno end\n"]) {
      const result = readFrontMatter(source);
      assert.equal(result.body, source);
      assert.deepEqual(result.diagnostics, []);
    }
  });

  it("accepts CR LF line ends and a byte order mark", () => {
    assert.equal(readFrontMatter("\uFEFF---\r\ntitle: x\r\n---\r\nBody\r\n").meta.title, "x");
  });
});

describe("front matter dates", () => {
  it("read ISO 8601 with or without time and zone, and blahgd's YYYY-MM-DD HH:MM, in UTC when no zone is given", () => {
    const utc = (...a: [number, number, number, number?, number?, number?]) => Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0) / 1000;
    assert.equal(parsePostDate("2024-05-01"), utc(2024, 5, 1));
    assert.equal(parsePostDate("2024-05-01 10:30"), utc(2024, 5, 1, 10, 30));
    assert.equal(parsePostDate("2024-05-01T10:30:15"), utc(2024, 5, 1, 10, 30, 15));
    assert.equal(parsePostDate("2024-05-01T10:30:15.250Z"), utc(2024, 5, 1, 10, 30, 15));
    assert.equal(parsePostDate("2024-05-01T10:30:00+02:00"), utc(2024, 5, 1, 8, 30));
    assert.equal(parsePostDate("2024-05-01 10:30 -0130"), utc(2024, 5, 1, 12, 0));
  });

  it("refuse what is not a date", () => {
    for (const text of ["2024-13-01", "2024-02-30", "2024-05-01 24:00", "2024-05-01Z", "May 1st", "2024-5-1", ""]) {
      assert.equal(parsePostDate(text), undefined, text);
    }
  });
});
