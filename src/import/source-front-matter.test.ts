import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { htmlAsMarkdown } from "./html-body.js";
import { readSourceFrontMatter } from "./source-front-matter.js";
import { formatSourceDate, parseSourceDate } from "./source-date.js";

describe("front matter of Jekyll and Hugo files", () => {
  it("reads YAML and says on which line of the file the body starts", () => {
    const fm = readSourceFrontMatter("\uFEFF---\ntitle: A\ntags: [x, y]\n---\nBody\n");
    assert.deepEqual(fm.data, { title: "A", tags: ["x", "y"] });
    assert.equal(fm.body, "Body\n");
    assert.equal(fm.bodyLine, 5);
    assert.equal(fm.ok, true);
  });

  it("reads TOML between +++ lines; an unsupported TOML value is a warning and the post stays readable", () => {
    const fm = readSourceFrontMatter('+++\ntitle = "T"\nresources = [{ src = "a" }]\n+++\nx');
    assert.equal(fm.ok, true);
    assert.equal(fm.data.title, "T");
    assert.deepEqual(fm.diagnostics.map((d) => [d.line, d.severity]), [[3, "warning"]]);
  });

  it("reports YAML errors with the line in the file, and makes the post unreadable", () => {
    const fm = readSourceFrontMatter("---\ntitle: ok\ntags: [a\n---\n");
    assert.equal(fm.ok, false);
    assert.ok(fm.diagnostics.length > 0);
    assert.ok(fm.diagnostics.every((d) => d.line >= 2 && d.line <= 4), JSON.stringify(fm.diagnostics));
  });

  it("reports front matter that is never closed, is not a map, or is JSON", () => {
    assert.equal(readSourceFrontMatter("---\ntitle: x\n").ok, false);
    assert.equal(readSourceFrontMatter("---\n- a\n---\n").ok, false);
    assert.match(readSourceFrontMatter('{\n"title": "x"\n}\n').diagnostics[0]!.message, /JSON front matter is not supported/);
    assert.deepEqual(readSourceFrontMatter("no front matter").data, {});
  });

  it("refuses YAML alias bombs instead of expanding them", () => {
    const lines = ["---", "a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 12; i++) lines.push(`${"b".repeat(i + 1)}: &${"b".repeat(i + 1)} [${Array(9).fill(i === 0 ? "*a" : `*${"b".repeat(i)}`).join(", ")}]`);
    const fm = readSourceFrontMatter(`${lines.join("\n")}\n---\n`);
    assert.equal(fm.ok, false);
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        readSourceFrontMatter(`---\n${s}\n---\n`);
        readSourceFrontMatter(`+++\n${s}\n+++\n`);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("dates of Jekyll and Hugo sites", () => {
  it("keeps the written zone and the instant", () => {
    const d = parseSourceDate("2014-01-05 10:00:00 +0100")!;
    assert.equal(d.seconds, Date.UTC(2014, 0, 5, 9) / 1000);
    assert.equal(formatSourceDate(d), "2014-01-05T10:00:00+01:00");
    assert.equal(formatSourceDate(parseSourceDate("2021-06-07")!), "2021-06-07T00:00:00Z");
    assert.equal(formatSourceDate(parseSourceDate("2019-01-02T15:04:05.123-07:00")!), "2019-01-02T15:04:05-07:00");
  });

  it("refuses what is not a date", () => {
    for (const bad of ["2017-02-30", "2014-13-01", "yesterday", "2014-01-05 25:00", 42, null]) assert.equal(parseSourceDate(bad), undefined, String(bad));
  });
});

describe("HTML posts as Markdown", () => {
  it("become one raw HTML block: blank lines dropped, or kept as &#10; inside pre", () => {
    assert.equal(htmlAsMarkdown("<p>a</p>\n\n    <p>b</p>\n<pre>x\n\ny</pre>\n\n"), '<div class="imported-html">\n<p>a</p>\n    <p>b</p>\n<pre>x&#10;\ny</pre>\n</div>\n');
  });
});
