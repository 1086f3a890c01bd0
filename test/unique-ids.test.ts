/**
 * Every id on a page is unique (HTML requires it, and links to `#id` need it): two posts with
 * the same headings and footnotes on one listing page, on their tag page and in search results,
 * and each on its own page, where the headings keep their plain ids so that old anchors work;
 * headings named like the theme's own sections ("Comments", "Tags") never take the theme's ids,
 * and a body's links to its own headings follow their ids wherever the body is shown.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { RunningBlog } from "../src/server/start-blog.js";
import { rawRequest, startTestBlog } from "./support/test-blog.js";
import { removeDir, tempDirWith } from "./support/temp-dir.js";

function post(title: string, date: string): string {
  return `---\ntitle: ${title}\ndate: ${date}\ntags: [twins]\n---\n## Introduction\n\nSame words.[^1]\n\n## Introduction\n\nAgain.[^1]\n\n[^1]: A note.\n`;
}

/** Every `id` attribute of an HTML page, in order. */
function ids(html: string): string[] {
  return [...html.matchAll(/<[a-zA-Z][^<>]*?\sid="([^"]*)"/g)].map((m) => m[1]!);
}

function duplicates(list: readonly string[]): string[] {
  const seen = new Set<string>();
  return list.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

describe("ids on a page with two posts that have the same headings", () => {
  let dir: string;
  let blog: RunningBlog;
  const page = async (path: string): Promise<string> => {
    const response = await rawRequest(blog.url + path);
    assert.equal(response.status, 200, path);
    return response.body.toString("utf8");
  };
  before(async () => {
    dir = tempDirWith({
      "posts/1/post.md": post("First twin", "2024-03-01T09:00:00Z"),
      "posts/2/post.md": post("Second twin", "2024-03-02T09:00:00Z"),
      "posts/3/post.md":
        "---\ntitle: Named like the theme\ndate: 2024-02-03T09:00:00Z\ntags: [twins]\n---\n" +
        "Jump to [the comments](#comments) or [the main part](#main).\n\n## Comments\n\nText.\n\n## Tags\n\n## Main\n\n## Respond\n\n## Post 3\n",
    });
    blog = await startTestBlog({ dataDir: dir });
  });
  after(() => {
    blog.close();
    removeDir(dir);
  });

  for (const path of ["/", "/?tag=twins", "/?m=202403", "/?s=words", "/?p=1", "/?p=2", "/?m=202402", "/?p=3"]) {
    it(`are unique on ${path}`, async () => {
      const found = ids(await page(path));
      assert.ok(found.length > 0);
      assert.deepEqual(duplicates(found), [], found.join(" "));
    });
  }

  it("are prefixed with the post's id in a listing, and plain on the post's own page", async () => {
    const listing = ids(await page("/"));
    for (const id of ["post-1-introduction", "post-1-introduction-1", "post-2-introduction", "post-2-introduction-1", "fn-1-1", "fn-2-1"]) {
      assert.ok(listing.includes(id), `${id} in ${listing.join(" ")}`);
    }
    assert.ok(!listing.includes("introduction"));
    const story = ids(await page("/?p=2"));
    for (const id of ["introduction", "introduction-1", "fn-2-1"]) assert.ok(story.includes(id), `${id} in ${story.join(" ")}`);
  });

  it("never give a heading an id the theme uses, on the post's page or in a listing", async () => {
    const story = await page("/?p=3");
    for (const id of ["comments", "tags", "main", "respond", "post-3"]) assert.equal(ids(story).filter((found) => found === id).length, 1, `one ${id} on the story page`);
    assert.match(story, /<h3 id="comments-1">Comments<\/h3>/);
    assert.match(story, /<h3 id="post-3-1">Post 3<\/h3>/);
    assert.match(await page("/?m=202402"), /<h4 id="post-3-comments-1">Comments<\/h4>/);
  });

  it("point a body's links to its own headings at their ids, on its page and in a listing", async () => {
    for (const path of ["/?p=3", "/?m=202402"]) {
      const html = await page(path);
      const onPage = new Set(ids(html));
      const fragments = [...html.matchAll(/<a href="#([^"]*)">the (?:comments|main part)<\/a>/g)].map((m) => m[1]!);
      assert.equal(fragments.length, 2, path);
      for (const fragment of fragments) assert.ok(onPage.has(fragment), `#${fragment} is an id on ${path}`);
      assert.ok(!fragments.includes("comments") && !fragments.includes("main"), `${path}: the links go to the post's headings, not the theme's sections`);
    }
  });
});
