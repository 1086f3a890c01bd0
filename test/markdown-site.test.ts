/**
 * Markdown posts everywhere fmt3 posts are: story pages, listings, tags,
 * feeds (full HTML content), descriptions and comments, served by the real
 * server from test/fixtures/markdown-site. Golden files are in
 * test/fixtures/pages/markdown; run with UPDATE_GOLDEN=1 to rewrite them
 * after a deliberate change, then review the diff.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunningBlog } from "../src/server/start-blog.js";
import { checkHtml } from "./support/html-check.js";
import { fixturesDir } from "./support/paths.js";
import { rawRequest, startTestBlog } from "./support/test-blog.js";
import { xmlProblems } from "./support/xml-check.js";

const update = process.env.UPDATE_GOLDEN === "1";
const goldenDir = join(fixturesDir, "pages", "markdown");

const PAGES: Record<string, string> = {
  "/": "index.html",
  "/?p=1": "p-1.html",
  "/?p=2": "p-2.html",
  "/?p=3": "p-3.html",
  "/?p=5": "p-5.html",
  "/?tag=math": "tag-math.html",
  "/?feed=atom": "feed-atom.xml",
  "/?feed=rss2": "feed-rss2.xml",
  "/?feed=json": "feed-json.json",
};

describe("a blog of Markdown posts", () => {
  let blog: RunningBlog;
  const bodies = new Map<string, string>();
  before(async () => {
    blog = await startTestBlog({ dataDir: join(fixturesDir, "markdown-site") });
    for (const path of Object.keys(PAGES)) {
      const response = await rawRequest(blog.url + path);
      bodies.set(path, `${response.status} ${String(response.headers["content-type"])}\n\n${response.body.toString("utf8")}`);
    }
  });
  after(() => blog.close());

  for (const [path, file] of Object.entries(PAGES)) {
    it(`serves ${path} as its golden file says, well-formed`, () => {
      const text = bodies.get(path)!;
      if (update) {
        mkdirSync(goldenDir, { recursive: true });
        writeFileSync(join(goldenDir, file), text);
      }
      assert.equal(text, readFileSync(join(goldenDir, file), "utf8"));
      const body = text.slice(text.indexOf("\n\n") + 2);
      if (file.endsWith(".xml")) assert.deepEqual(xmlProblems(body), []);
      else if (file.endsWith(".json")) JSON.parse(body);
      else assert.deepEqual(checkHtml(body.replace(/^<!DOCTYPE html>\n?/i, "")), []);
    });
  }

  it("shows a post.md with only front matter as a complete post", () => {
    const page = bodies.get("/?p=1")!;
    assert.match(page, /^200 /);
    assert.match(page, /Markdown: a &lt;first&gt; post/);
    // One level below the story's title, with unique ids for deep links.
    assert.match(page, /<h2 id="headings-get-ids">Headings get ids<\/h2>/);
    assert.match(page, /<h3 id="headings-get-ids-1">Headings get ids<\/h3>/);
    assert.match(page, /<math [^>]*>.*<mi>e<\/mi>/s);
    assert.match(page, /costs \$5 and \$6 to print; \$ is a dollar/);
    assert.match(page, /<span class="hljs-type">int<\/span>/);
    assert.match(page, /<div class="aside">Raw <em>HTML<\/em> passes through.<\/div>/);
    assert.match(page, /<input class="task-list-item-checkbox" type="checkbox" checked disabled aria-label="written"> written/);
    assert.match(page, /<td style="text-align:right">1<\/td>/);
    assert.match(page, /<s>strikethrough<\/s>/);
    assert.match(page, /class="footnote-ref"/);
  });

  it("describes a post by the summary its author wrote", () => {
    assert.match(bodies.get("/?p=1")!, /Everything Markdown posts can do, on one page\./);
  });

  it("lets front matter override post.lisp and shows the post's comments", () => {
    const page = bodies.get("/?p=2")!;
    assert.match(page, /Front matter wins/);
    assert.doesNotMatch(page, /Title from post\.lisp/);
    assert.match(page, /Nice <b>post<\/b>\./);
    // Typographic quotes are off by default: CommonMark stays CommonMark.
    assert.match(page, /A post with &quot;quotes&quot; -- and/);
  });

  it("keeps a draft out of listings and feeds but reachable by id", () => {
    assert.match(bodies.get("/?p=3")!, /^200 /);
    for (const path of ["/", "/?feed=atom", "/?feed=rss2"]) assert.doesNotMatch(bodies.get(path)!, /A draft/);
  });

  it("puts the full HTML of Markdown posts in the feeds", () => {
    const atom = bodies.get("/?feed=atom")!;
    // Feeds give no title level: the title counts as an h2, as in blahgd.
    assert.match(atom, /<content type="html"[^>]*>&lt;h3 id=&quot;post-1-headings-get-ids&quot;&gt;Headings get ids&lt;\/h3&gt;/);
    assert.match(atom, /&lt;math /);
    const json = JSON.parse(bodies.get("/?feed=json")!.replace(/^[^\n]*\n\n/, "")) as { items: Array<{ title: string; content_html: string }> };
    assert.match(json.items.find((i) => i.title.startsWith("Markdown:"))?.content_html ?? "", /<h3 id="post-1-headings-get-ids">/);
    assert.match(atom, /Front matter wins/);
  });
});
