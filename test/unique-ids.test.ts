/**
 * Every id on a page is unique (HTML requires it, and links to `#id` need it): two posts with
 * the same headings and footnotes on one listing page, on their tag page and in search results,
 * and each on its own page, where the headings keep their plain ids so that old anchors work.
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
    });
    blog = await startTestBlog({ dataDir: dir });
  });
  after(() => {
    blog.close();
    removeDir(dir);
  });

  for (const path of ["/", "/?tag=twins", "/?m=202403", "/?s=words", "/?p=1", "/?p=2"]) {
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
});
