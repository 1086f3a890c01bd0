import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import type { Diagnostic } from "../diagnostics.js";
import { join } from "node:path";
import { BodyStore, checkBodyBytes } from "./bodies.js";
import type { Post } from "./model.js";
import { tempDir } from "../../test/support/temp-dir.js";

function postWithBody(tex: string): Post {
  const dir = tempDir("blahg-bodies-");
  const bodyPath = join(dir, "post.tex");
  writeFileSync(bodyPath, tex);
  return { id: 7, dir, bodyPath, format: "fmt3", bodySize: tex.length, title: "t", time: 0, tags: [], listed: true, comments: [], twitterImage: undefined, commentsClosed: false };
}

const SECTIONED = "intro\n\\section{Part}\ntext\n";

describe("post bodies at the page's title level", () => {
  it("renders sections one level below the title the page asks for, and caches each level", () => {
    const post = postWithBody(SECTIONED);
    const store = new BodyStore({ markup: "html", urls: {} });
    const story = store.body(post, 1);
    const listing = store.body(post, 2);
    assert.match(story?.html ?? "", /<h2>Part<\/h2>/);
    assert.match(listing?.html ?? "", /<h3>Part<\/h3>/);
    assert.equal(story?.summary, listing?.summary);
    // Cached: the file is not read again until the post is forgotten.
    writeFileSync(post.bodyPath, "changed\n");
    assert.equal(store.body(post, 1), story);
    assert.equal(store.body(post, 2), listing);
  });

  it("renders and caches both levels on a miss for either when asked to (the build), from one render", () => {
    const post = postWithBody(SECTIONED);
    const store = new BodyStore({ markup: "html", urls: {}, renderBothLevels: true });
    const listing = store.body(post, 2);
    // The story page's level was cached by the same render: the changed file is not read.
    writeFileSync(post.bodyPath, "changed\n");
    const story = store.body(post, 1);
    assert.match(story?.html ?? "", /<h2>Part<\/h2>/);
    assert.match(listing?.html ?? "", /<h3>Part<\/h3>/);
    assert.equal(story?.summary, listing?.summary);
    assert.match(store.body(post, 3)?.html ?? "", /changed/, "other levels render alone, when asked for");
  });

  it("renders one level at a time without renderBothLevels, and with blahgd's markup", () => {
    for (const options of [{ markup: "html" as const }, { markup: "blahgd" as const, renderBothLevels: true }]) {
      const post = postWithBody(SECTIONED);
      const store = new BodyStore({ ...options, urls: {} });
      store.body(post, 2);
      writeFileSync(post.bodyPath, "changed\n");
      const story = store.body(post, 1)?.html ?? "";
      assert.ok(options.markup === "blahgd" ? !story.includes("changed") : story.includes("changed"), options.markup);
    }
  });

  it("shares one rendering between a page without a level (a feed) and a listing's h2 title", () => {
    const post = postWithBody(SECTIONED);
    const store = new BodyStore({ markup: "html", urls: {} });
    const feed = store.body(post);
    assert.match(feed?.html ?? "", /<h3>Part<\/h3>/);
    writeFileSync(post.bodyPath, "changed\n");
    assert.equal(store.body(post, 2), feed, "the listing's level is the feed's rendering, not rendered again");
  });

  it("forgets every level of a post whose files changed", () => {
    const post = postWithBody(SECTIONED);
    const store = new BodyStore({ markup: "html", urls: {} });
    store.body(post, 1);
    store.body(post, 2);
    writeFileSync(post.bodyPath, "\\section{New}\n");
    store.forget(post.id);
    assert.match(store.body(post, 1)?.html ?? "", /<h2>New<\/h2>/);
    assert.match(store.body(post, 2)?.html ?? "", /<h3>New<\/h3>/);
  });

  it("keeps the last good rendering of each level when an edit breaks the body", () => {
    const post = postWithBody(SECTIONED);
    const store = new BodyStore({ markup: "html", urls: {} });
    const story = store.body(post, 1);
    const listing = store.body(post, 2);
    writeFileSync(post.bodyPath, "\\textbf{unclosed\n");
    store.forget(post.id);
    assert.equal(store.body(post, 1), story);
    assert.equal(store.body(post, 2), listing);
    store.remove(post.id);
    assert.equal(store.body(post, 1), undefined);
    assert.equal(store.body(post, 2), undefined);
  });

  it("serves blahgd's exact bytes at every level in blahgd markup, rendered once", () => {
    const post = postWithBody(SECTIONED);
    const store = new BodyStore({ markup: "blahgd", urls: {} });
    const story = store.body(post, 1);
    assert.equal(story?.html, "<p>intro </p><h3>Part</h3><p> text </p>\n");
    assert.equal(store.body(post, 2), story);
  });

  it("counts every cached level against the cache budget", () => {
    const post = postWithBody(SECTIONED);
    const other = { ...postWithBody(SECTIONED), id: 8 };
    const size = new BodyStore({ markup: "html", urls: {} }).render(post, 1)!.html.length;
    // Room for two renderings: the third evicts the oldest.
    const store = new BodyStore({ markup: "html", urls: {}, cacheSize: 2 * size + 1 });
    const first = store.body(post, 1);
    store.body(post, 2);
    store.body(other, 1);
    assert.notEqual(store.body(post, 1), first, "the oldest level was evicted and rendered again");
  });
});

describe("BodyStore", () => {
  it("renders a formula the TeX converter cannot read as its source and reports it with file, line and column", () => {
    const problems: Diagnostic[] = [];
    const store = new BodyStore({ markup: "html", urls: {}, onProblem: (d) => problems.push(d) });
    const formulaPost = postWithBody("Fine $a^2$.\nBroken $x + \\nosuch{y}$ here.\n");
    const body = store.render(formulaPost);
    assert.ok(body);
    assert.match(body.html, /<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML">/);
    assert.match(body.html, /<code class="math-error" title="[^"]*">\$x \+ \\nosuch\{y\}\$<\/code>/);
    assert.deepEqual(problems.map((d) => [d.file, d.line, d.column, d.severity, d.code]), [[formulaPost.bodyPath, 2, 13, "warning", "fmt3/tex"]]);
  });
});

describe("checking a body just loaded", () => {
  const MATH_ERROR_MD = "---\ntitle: t\n---\nSome $\\frac{1}{$ here.\n";

  it("parses fmt3 again (a syntax error makes it unusable) but not Markdown, whose only fatal problem the load found", () => {
    const fmt3 = postWithBody("\\textbf{unclosed\n");
    const bytes = readFileSync(fmt3.bodyPath);
    assert.equal(checkBodyBytes(fmt3, bytes, false).ok, false);
    const md = { ...fmt3, format: "markdown" as const };
    const source = Buffer.from(MATH_ERROR_MD);
    assert.deepEqual(checkBodyBytes(md, source, false), { ok: true, diagnostics: [] }, "the math error is the render's to report");
    assert.equal(checkBodyBytes(md, source, true).diagnostics[0]?.code, "markdown/math", "a full check parses it");
  });

  it("still reports invalid UTF-8 in a Markdown body, with its place", () => {
    const md = { ...postWithBody(""), format: "markdown" as const };
    const { ok, diagnostics } = checkBodyBytes(md, Buffer.from([0x61, 0x0a, 0x62, 0xff]), false);
    assert.equal(ok, true);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column]), [["content/invalid-utf8", 2, 2]]);
  });
});
