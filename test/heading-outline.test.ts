/**
 * Pages of the real server, in the default theme, whose posts have sections:
 * the outline never skips a level (post bodies included) on a story page,
 * the index, a tag page and a month's archive, since the body's headings
 * follow the level the page gives the post's title. With (markup . "blahgd")
 * the bodies keep blahgd's bytes instead.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunningBlog } from "../src/server/start-blog.js";
import { copyOfTestSite, rawRequest, startTestBlog } from "./support/test-blog.js";

const PAGES = ["/?p=50", "/", "/?tag=outlines", "/?m=202405"];

/** A copy of the test site with a post that uses every sectioning command. */
function siteWithSections(): string {
  const dataDir = copyOfTestSite();
  const dir = join(dataDir, "posts", "50");
  mkdirSync(dir);
  writeFileSync(join(dir, "post.lisp"), '((time . "2024-05-20 10:00") (title . "Sections") (fmt . 3) (tags "outlines"))');
  writeFileSync(join(dir, "post.tex"), "Intro.\n\\section{One}\na\n\\subsection{Two}\nb\n\\subsubsection{Three}\nc\n\\section{Four}\nd\n");
  return dataDir;
}

function headingLevels(html: string): number[] {
  return [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
}

function skips(levels: readonly number[]): string[] {
  const found: string[] = [];
  levels.reduce((previous, level) => {
    if (level > previous + 1) found.push(`h${level} after h${previous}`);
    return level;
  }, 0);
  return found;
}

async function page(blog: RunningBlog, path: string): Promise<string> {
  const response = await rawRequest(blog.url + path);
  assert.equal(response.status, 200, path);
  return response.body.toString("utf8");
}

describe("heading levels on pages whose posts have sections", () => {
  let blog: RunningBlog;
  before(async () => {
    blog = await startTestBlog({ dataDir: siteWithSections() });
  });
  after(() => blog.close());

  for (const path of PAGES) {
    it(`never skips a level on ${path}`, async () => {
      const levels = headingLevels(await page(blog, path));
      assert.equal(levels[0], 1, `${path} starts with an h1`);
      assert.deepEqual(skips(levels), [], `${path}: ${levels.join(" ")}`);
    });
  }

  it("puts sections at h2 under the story page's h1 title and at h3 under listings' h2 titles", async () => {
    assert.match(await page(blog, "/?p=50"), /<h1 class="post-title">Sections<\/h1>[\s\S]*<h2>One<\/h2>\n[\s\S]*<h3>Two<\/h3>\n[\s\S]*<h4>Three<\/h4>/);
    assert.match(await page(blog, "/?tag=outlines"), /<h2 class="post-title">[\s\S]*<h3>One<\/h3>\n[\s\S]*<h4>Two<\/h4>\n[\s\S]*<h5>Three<\/h5>/);
  });
});

describe('heading levels with (markup . "blahgd")', () => {
  let blog: RunningBlog;
  before(async () => {
    blog = await startTestBlog({ dataDir: siteWithSections(), configure: (c) => (c.markup = "blahgd") });
  });
  after(() => blog.close());

  it("keeps blahgd's h3, h4 and h5 on the story page and in listings", async () => {
    const body = "<p>Intro. </p><h3>One</h3><p> a </p><h4>Two</h4><p> b </p><h5>Three</h5><p> c </p><h3>Four</h3><p> d </p>\n";
    assert.ok((await page(blog, "/?p=50")).includes(body));
    assert.ok((await page(blog, "/?tag=outlines")).includes(body));
  });
});
