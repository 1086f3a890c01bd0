/** Loading data directories, good and broken: what loads, what is skipped, and what is said where. */

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { loadPosts, SiteIndex } from "../src/content/index.js";
import { lintDataDir } from "../src/content/lint-data-dir.js";
import { checkBodiesInWorker } from "../src/content/load-in-worker.js";
import type { Diagnostic } from "../src/diagnostics.js";
import { removeDir, tempDirWith } from "./support/temp-dir.js";

const lisp = (fields: string) => `(${fields} (fmt . 3))`;
const GOOD = lisp(`(time . "2020-05-01 10:00") (title . "Good")`);

const dir = tempDirWith({
  "posts/1/post.lisp": lisp(`(time . "2020-01-01 12:00") (title . "One") (tags "Linux" "b" "linux") (comments 1 2 3 4)`),
  "posts/1/post.tex": "Hello\n",
  "posts/1/comments/1/meta.lisp": `((author . "Ann") (email . "a@x") (time . "2020-01-02 00:00") (moderated . #t))`,
  "posts/1/comments/1/text.txt": "first",
  "posts/1/comments/2/meta.lisp": `((author . "Bob") (email . "b@x") (time . "2020-01-03 00:00") (moderated . #f))`,
  "posts/1/comments/2/text.txt": "not moderated",
  "posts/1/comments/3/meta.lisp": `((email . "c@x") (time . "2020-01-04 00:00") (moderated . #t))`,
  "posts/1/comments/3/text.txt": "no author",
  "posts/1/comments/4/meta.lisp": `((author . "Dan" (moderated . #t))`,
  "posts/2/post.lisp": `'((time . "2019-01-01 00:00") (title . "Quoted, from before 2016") (fmt . 3))`,
  "posts/2/post.tex": "old\n",
  "posts/3/post.lisp": lisp(`(time . "2021-01-01 00:00") (title . "From lisp") (tags "Zed" sym)`),
  "posts/3/post.tex": "\\title{From tex}\n\\published{2022-02-02 02:02}\n\\tag{zed}\n\\tag{Extra}\n\\tag{extra}\n\\twitterphoto{a.jpg}\nbody\n",
  "posts/4/post.lisp": `((title . "Wrong fmt") (fmt . 2))`,
  "posts/4/post.tex": "x",
  "posts/5/post.lisp": `((title . "Broken lisp"`,
  "posts/5/post.tex": "x",
  "posts/6/post.lisp": GOOD,
  "posts/7/post.tex": "no metadata",
  "posts/8/post.lisp": lisp(`(time . "2020-06-01 00:00") (listed . #f)`),
  "posts/8/post.tex": "\\title{Unlisted}\nx",
  "posts/9/post.lisp": lisp(`(time . "2020-06-01 00:00") (title . "Syntax error") (comments 1 x)`),
  "posts/9/post.tex": "line one\nline _two\n",
  "posts/10/post.lisp": lisp(`(title . "No time")`),
  "posts/10/post.tex": "\\listing{missing.c}\n\\listing{../../secret}\n",
  "posts/007/post.lisp": GOOD,
  "posts/007/post.tex": "x",
  "posts/notes/post.lisp": GOOD,
  "posts/3000000000/post.lisp": GOOD,
  "posts/11/post.lisp": lisp(`(time . "2020-01-01 12:00") (title . "Same minute as 1")`),
  "posts/11/post.tex": "tie",
});
mkdirSync(join(dir, "posts/12"));
symlinkSync(join(dir, "posts/1"), join(dir, "posts/13"));
after(() => removeDir(dir));

function about(diagnostics: Diagnostic[], fileEnd: string): Diagnostic[] {
  return diagnostics.filter((d) => d.file?.endsWith(fileEnd));
}

describe("loading a data directory", () => {
  const { posts, diagnostics } = loadPosts({ dataDir: dir, photoBaseUrl: "https://photos" });
  const byId = new Map(posts.map((p) => [p.id, p]));

  it("loads the posts it can and skips the rest", () => {
    assert.deepEqual([...byId.keys()].sort((a, b) => a - b), [1, 2, 3, 8, 9, 10, 11]);
  });

  it("dedupes tags case-insensitively, keeping the first spelling", () => {
    assert.deepEqual(byId.get(1)?.tags, ["Linux", "b"]);
  });

  it("keeps moderated comments in list order, with blahgd's [unknown] author", () => {
    assert.deepEqual(byId.get(1)?.comments.map((c) => [c.id, c.author]), [[1, "Ann"], [3, "[unknown]"]]);
  });

  it("reports an unreadable comment meta.lisp with its line and column, and skips only that comment", () => {
    const [problem] = about(diagnostics, "posts/1/comments/4/meta.lisp");
    assert.ok(problem);
    assert.equal(problem.severity, "error");
    assert.ok(problem.line >= 1 && problem.column > 1);
  });

  it("accepts an old metadata file that starts with a quote", () => {
    assert.equal(byId.get(2)?.title, "Quoted, from before 2016");
  });

  it("lets the body's special commands replace the title and time and add tags", () => {
    const post = byId.get(3)!;
    assert.equal(post.title, "From tex");
    assert.equal(post.time, Date.UTC(2022, 1, 2, 2, 2) / 1000);
    assert.deepEqual(post.tags, ["Zed", "extra"]);
    assert.equal(post.twitterImage, "https://photos/a.jpg");
  });

  it("ignores a tag that is not a string and says where it is", () => {
    const [problem] = about(diagnostics, "posts/3/post.lisp");
    assert.deepEqual([problem?.line, problem?.column, problem?.code], [1, 64, "content/bad-tag"]);
  });

  it("skips a post whose fmt is not 3", () => {
    assert.equal(about(diagnostics, "posts/4/post.lisp")[0]?.code, "content/unsupported-fmt");
  });

  it("skips a post whose post.lisp does not parse, naming the place", () => {
    const [problem] = about(diagnostics, "posts/5/post.lisp");
    assert.equal(problem?.severity, "error");
    assert.equal(problem?.line, 1);
  });

  it("skips a post without post.tex or post.lisp", () => {
    assert.equal(about(diagnostics, "posts/6/post.tex")[0]?.code, "content/unreadable");
    assert.equal(about(diagnostics, "posts/7/post.lisp")[0]?.code, "content/unreadable");
  });

  it("keeps unlisted posts out of listings but reachable by id", () => {
    const index = new SiteIndex(posts);
    assert.equal(index.post(8)?.title, "Unlisted");
    assert.ok(!index.listed.some((p) => p.id === 8));
    assert.ok(index.all.some((p) => p.id === 8));
  });

  it("dates a post without time at the epoch, with a warning", () => {
    assert.equal(byId.get(10)?.time, 0);
    assert.equal(about(diagnostics, "posts/10/post.lisp")[0]?.code, "content/no-time");
  });

  it("ignores directories that are not canonical post ids, files and symbolic links", () => {
    const ignored = diagnostics.filter((d) => ["content/not-a-post-id", "content/not-a-directory"].includes(d.code)).map((d) => d.file!.split("/").pop());
    assert.deepEqual(ignored.sort(), ["007", "13", "3000000000", "notes"]);
  });

  it("skips an empty post directory with a clear message", () => {
    assert.ok(about(diagnostics, "posts/12/post.lisp").length > 0);
  });

  it("orders by time, newest first, and the higher id first on the same minute", () => {
    const index = new SiteIndex(posts);
    assert.deepEqual(index.listed.map((p) => p.id), [3, 9, 11, 1, 2, 10]);
  });

  it("indexes tags case-insensitively and months in UTC", () => {
    const index = new SiteIndex(posts);
    assert.deepEqual(index.listedWithTag("LINUX").map((p) => p.id), [1]);
    assert.deepEqual(index.listedInMonth(202001).map((p) => p.id), [11, 1]);
    assert.deepEqual(index.tag("zed")?.name, "Zed");
  });

  it("finds the posts with fmt3 syntax errors in the background check (which takes them off the site), naming the line and column", async () => {
    const checked = await checkBodiesInWorker(posts);
    assert.deepEqual(checked.broken, [9]);
    const [problem] = about(checked.diagnostics, "posts/9/post.tex");
    assert.deepEqual([problem?.line, problem?.column], [2, 6]);
  });
});

describe("linting a data directory", () => {
  const problems = lintDataDir(dir);
  const codes = (fileEnd: string) => about(problems, fileEnd).map((d) => d.code);

  it("applies lisplint's post rules", () => {
    assert.ok(codes("posts/3/post.lisp").includes("lint/bad-tag"));
    assert.ok(codes("posts/10/post.lisp").includes("lint/missing-key"));
  });
  it("applies lisplint's comment rules", () => {
    assert.ok(codes("posts/1/comments/3/meta.lisp").includes("lint/missing-key"));
  });
  it("reports fmt3 syntax errors with their place", () => {
    const [problem] = about(problems, "posts/9/post.tex");
    assert.deepEqual([problem?.line, problem?.column, problem?.severity], [2, 6, "error"]);
  });
  it("reports listings that are missing or outside the post directory", () => {
    const listing = about(problems, "posts/10/post.tex").filter((d) => d.code === "content/missing-listing");
    assert.deepEqual(listing.map((d) => [d.line, d.column]), [[1, 1], [2, 1]]);
  });
  it("finds nothing wrong with the bundled example blog", () => {
    const example = lintDataDir(new URL("../../example", import.meta.url).pathname);
    assert.deepEqual(example.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`), []);
  });
});
