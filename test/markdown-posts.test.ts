/** Markdown posts in a data directory: loading, the background check, lint, and `blahg render`. */

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BodyStore } from "../src/content/bodies.js";
import { loadPosts } from "../src/content/index.js";
import { withOwnPaths } from "../src/content/post-paths.js";
import { lintDataDir } from "../src/content/lint-data-dir.js";
import { checkBodiesInWorker } from "../src/content/load-in-worker.js";
import type { Diagnostic } from "../src/diagnostics.js";
import { runCli } from "./support/run-cli.js";
import { removeDir, tempDirWith } from "./support/temp-dir.js";

const dir = tempDirWith({
  "posts/1/post.md": "---\ntitle: Only front matter\ndate: 2024-01-02T03:04:00Z\ntags: [one, Two]\nslug: only\nsummary: By hand.\n---\nBody *text*.\n",
  "posts/2/post.lisp": `((time . "2020-01-01 00:00") (title . "From lisp") (tags "lisp" "Two") (comments 1) (listed . #t))`,
  "posts/2/post.md": "---\ntitle: From front matter\ndraft: true\ncomments: closed\ntags: two, three\n---\nx\n",
  "posts/2/comments/1/meta.lisp": `((author . "Ann") (time . "2020-01-02 00:00") (moderated . #t))`,
  "posts/2/comments/1/text.txt": "hi",
  "posts/3/post.lisp": `((time . "2020-01-01 00:00") (title . "No front matter") (fmt . 3))`,
  "posts/3/post.md": "# Just Markdown\n",
  "posts/4/post.md": "---\ntitle: Broken\ntags: [a, b\n---\nx\n",
  "posts/5/post.md": "No title anywhere.\n",
  "posts/6/post.lisp": `((time . "2020-01-01 00:00") (title . "Both") (fmt . 3))`,
  "posts/6/post.tex": "tex\n",
  "posts/6/post.md": "md\n",
  "posts/7/post.md": "---\ntitle: Math error\nlayout: post\n---\nSee $\\frac{1}{$.\n",
  "posts/8/post.tex": "\\title{fmt3 without post.lisp}\n",
  "posts/9/post.lisp": "; written by blahg when the first comment was approved\n((comments 1))\n",
  "posts/9/post.md": "---\ntitle: Commented\n---\nx\n",
  "posts/9/comments/1/meta.lisp": `((author . "Bo") (time . "2020-01-02 00:00") (moderated . #t))`,
  "posts/9/comments/1/text.txt": "hey",
  "render/page.md": "# Hello\n\nSome *Markdown* with $x$.\n",
  "render/page.markdown": "Long ext\n",
  "render/body.txt": "*not* fmt3: \\textbf{bold}\n",
});
after(() => removeDir(dir));

function about(diagnostics: readonly Diagnostic[], fileEnd: string): Diagnostic[] {
  return diagnostics.filter((d) => d.file?.endsWith(fileEnd));
}

describe("loading Markdown posts", () => {
  const { posts, diagnostics } = loadPosts({ dataDir: dir, photoBaseUrl: "https://photos" });
  const byId = new Map(posts.map((p) => [p.id, p]));

  it("loads the posts it can and skips the rest", () => {
    assert.deepEqual([...byId.keys()].sort((a, b) => a - b), [1, 2, 3, 7, 9]);
  });

  it("makes a complete post of a post.md with only front matter", () => {
    const post = byId.get(1)!;
    assert.equal(post.format, "markdown");
    assert.ok(post.bodyPath.endsWith("posts/1/post.md"));
    assert.deepEqual(
      [post.title, post.time, [...post.tags].sort(), post.listed, post.commentsClosed, post.slug, post.summary, post.comments.length],
      ["Only front matter", Date.UTC(2024, 0, 2, 3, 4) / 1000, ["Two", "one"], true, false, "only", "By hand.", 0],
    );
  });

  it("lets front matter override post.lisp, merging tags, and keeps post.lisp's comments", () => {
    const post = byId.get(2)!;
    assert.deepEqual(
      [post.title, post.time, post.tags, post.listed, post.commentsClosed, post.comments.map((c) => c.author)],
      ["From front matter", Date.UTC(2020, 0, 1) / 1000, ["lisp", "Two", "three"], false, true, ["Ann"]],
    );
  });

  it("renders headings one level below the title the page asks for, blahgd's h2 title without one", () => {
    const store = new BodyStore({ markup: "html", urls: {} });
    const post = withOwnPaths(byId.get(3)!);
    assert.match(store.body(post, 1)?.html ?? "", /^<h2 id="just-markdown">/);
    // Below a listing's h2 titles, where several posts share the page, ids carry the post's.
    assert.match(store.body(post, 2)?.html ?? "", /^<h3 id="post-3-just-markdown">/);
    assert.match(store.body(post)?.html ?? "", /^<h3 id="post-3-just-markdown">/);
  });

  it("takes the comments from a post.lisp that lists only them", () => {
    assert.deepEqual([byId.get(9)?.title, byId.get(9)?.comments.map((c) => c.author)], ["Commented", ["Bo"]]);
  });

  it("takes everything from post.lisp when post.md has no front matter", () => {
    assert.equal(byId.get(3)?.title, "No front matter");
  });

  it("skips a post with broken front matter, naming line and column in post.md", () => {
    const [problem] = about(diagnostics, "posts/4/post.md");
    assert.equal(problem?.severity, "error");
    assert.equal(problem?.code, "markdown/front-matter-syntax");
    assert.ok(problem!.line >= 3);
  });

  it("skips a post without a title and says where to put one", () => {
    assert.match(about(diagnostics, "posts/5/post.md")[0]?.message ?? "", /`title` in the front matter of post\.md/);
  });

  it("skips a post that has both post.tex and post.md", () => {
    assert.equal(about(diagnostics, "posts/6/post.md")[0]?.code, "content/two-bodies");
  });

  it("still wants post.lisp beside a post.tex", () => {
    assert.equal(about(diagnostics, "posts/8/post.lisp")[0]?.code, "content/unreadable");
  });

  it("checks Markdown bodies in the background, reporting math errors without taking the post off", async () => {
    const { broken, diagnostics: found } = await checkBodiesInWorker(posts);
    assert.deepEqual(broken, []);
    const [math] = about(found, "posts/7/post.md");
    assert.deepEqual([math?.code, math?.line], ["markdown/math", 5]);
  });
});

describe("linting Markdown posts", () => {
  const diagnostics = lintDataDir(dir);

  it("reports a post with both post.tex and post.md", () => {
    assert.deepEqual(about(diagnostics, "posts/6/post.md").map((d) => [d.severity, d.code]), [["error", "content/two-bodies"]]);
  });

  it("does not ask for post.lisp, nor for `fmt` in it, beside a post.md", () => {
    assert.deepEqual(about(diagnostics, "posts/1/post.lisp"), []);
    assert.deepEqual(about(diagnostics, "posts/2/post.lisp"), []);
    assert.deepEqual(about(diagnostics, "posts/1/post.md"), []);
    assert.deepEqual(about(diagnostics, "posts/9/post.lisp"), []);
  });

  it("reports front matter errors, unknown keys and math errors with their places", () => {
    assert.equal(about(diagnostics, "posts/4/post.md")[0]?.code, "markdown/front-matter-syntax");
    assert.deepEqual(about(diagnostics, "posts/7/post.md").map((d) => [d.severity, d.code, d.line]), [
      ["warning", "markdown/unknown-front-matter-key", 3],
      ["error", "markdown/math", 5],
    ]);
  });
});

describe("blahg render with Markdown", () => {
  it("picks Markdown for .md and .markdown files", async () => {
    const result = await runCli("render", join(dir, "render/page.md"), join(dir, "render/page.markdown"));
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^<h1 id="hello">Hello<\/h1>\n<p>Some <em>Markdown<\/em> with <math /);
    assert.match(result.stdout, /<p>Long ext<\/p>\n$/);
  });

  it("renders plain text with --mode text", async () => {
    const result = await runCli("render", "--mode", "text", join(dir, "render/page.md"));
    assert.deepEqual(result, { status: 0, stdout: "Hello\n\nSome Markdown with x.\n", stderr: "" });
  });

  it("takes the format from --format over the file name", async () => {
    const md = await runCli("render", "--format", "markdown", join(dir, "render/body.txt"));
    assert.equal(md.stdout, "<p><em>not</em> fmt3: \\textbf{bold}</p>\n");
    const fmt3 = await runCli("render", "--format", "fmt3", join(dir, "render/body.txt"));
    assert.match(fmt3.stdout, /<strong>bold<\/strong>|<b>bold<\/b>/);
  });

  it("refuses a file whose format it cannot tell, and an unknown --format", async () => {
    const unknown = await runCli("render", join(dir, "render/body.txt"));
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /use --format/);
    assert.equal((await runCli("render", "--format", "rst", join(dir, "render/page.md"))).status, 2);
  });

  it("writes page.html for page.md with --out", async () => {
    const out = join(dir, "out");
    assert.equal((await runCli("render", "--out", out, join(dir, "render/page.md"))).status, 0);
    assert.match(readFileSync(join(out, "page.html"), "utf8"), /<h1 id="hello">/);
  });
});
