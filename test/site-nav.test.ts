/**
 * The default theme's site navigation with nested pages: top-level pages in the bar, each
 * one's child pages in a list inside its item (and theirs, three levels in all), the page
 * being shown marked with aria-current, all without a script.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { RunningBlog } from "../src/server/start-blog.js";
import { checkHtml } from "./support/html-check.js";
import { rawRequest, startTestBlog } from "./support/test-blog.js";
import { removeDir, tempDirWith } from "./support/temp-dir.js";

function page(title: string, extra = ""): string {
  return `---\ntitle: ${title}\ntype: page\ndate: 2024-01-01T00:00:00Z\n${extra}---\nAbout ${title}.\n`;
}

/** The site navigation of a page, without the fixed entries around the pages. */
function nav(html: string): string {
  const start = html.indexOf('<nav class="site-nav"');
  const end = html.indexOf("</nav>", start);
  assert.ok(start >= 0 && end > start, "the page has the site navigation");
  return html.slice(start, end + "</nav>".length);
}

describe("the site navigation with nested pages", () => {
  let dir: string;
  let blog: RunningBlog;
  const get = async (path: string): Promise<string> => {
    const response = await rawRequest(blog.url + path);
    assert.equal(response.status, 200, path);
    return response.body.toString("utf8");
  };
  before(async () => {
    dir = tempDirWith({
      "posts/1/post.md": "---\ntitle: A post\ndate: 2024-02-01T00:00:00Z\n---\nText.\n",
      "posts/2/post.md": page("About", "order: 1\n"),
      "posts/3/post.md": page("Team", "parent: 2\norder: 1\n"),
      "posts/4/post.md": page("History", "parent: 2\norder: 2\n"),
      "posts/5/post.md": page("Alumni", "parent: 3\n"),
      "posts/6/post.md": page("Class of 1999", "parent: 5\n"),
      "posts/7/post.md": page("Contact", "order: 2\n"),
    });
    blog = await startTestBlog({ dataDir: dir });
  });
  after(() => {
    blog.close();
    removeDir(dir);
  });

  it("lists top-level pages in the bar, children in a list inside their parent's item, three levels deep", async () => {
    const links = (html: string): string => html.replace(/<a href="[^"]*"/g, "<a");
    assert.equal(
      links(nav(await get("/"))),
      '<nav class="site-nav" aria-label="Site">\n<ul>\n<li><a>Home</a></li>' +
        "<li><a>About</a><ul><li><a>Team</a><ul><li><a>Alumni</a></li></ul></li><li><a>History</a></li></ul></li>" +
        '<li><a>Contact</a></li>\n<li><a>Tags</a></li>\n<li><a>Subscribe</a></li>\n</ul>\n</nav>',
    );
  });

  it("links each page where the URL scheme puts it", async () => {
    const bar = nav(await get("/"));
    const urls = blog.site.site()!.urls;
    for (const [id, title] of [[2, "About"], [3, "Team"], [4, "History"], [5, "Alumni"], [7, "Contact"]] as const) {
      assert.ok(bar.includes(`<a href="${urls.post(id)}">${title}</a>`), `${title} at ${urls.post(id)} in ${bar}`);
    }
    assert.ok(urls.post(5).endsWith("/about/team/alumni/"), urls.post(5));
  });

  it("marks the page shown, and only it, with aria-current", async () => {
    assert.doesNotMatch(nav(await get("/")), /aria-current/);
    const team = nav(await get("/?p=3"));
    assert.deepEqual([...team.matchAll(/<a [^>]*aria-current="page"[^>]*>([^<]*)</g)].map((m) => m[1]), ["Team"]);
    assert.doesNotMatch(nav(await get("/?p=1")), /aria-current/);
  });

  it("is valid HTML on every kind of page", async () => {
    for (const path of ["/", "/?p=1", "/?p=3", "/?p=6"]) {
      const html = await get(path);
      assert.deepEqual(checkHtml(html.replace(/^<!DOCTYPE html>\n?/i, "")), [], path);
    }
  });
});
