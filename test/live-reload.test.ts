/**
 * Live reindexing: a running server sees new, edited and deleted posts,
 * template and static file changes within a second, without a restart, and
 * keeps the last good version of a post whose edit broke it.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningBlog } from "../src/server/start-blog.js";
import { fixturesDir } from "./support/paths.js";
import { rawRequest, startTestBlog, THEMES } from "./support/test-blog.js";

let blog: RunningBlog;
let data: string;
let templates: string;

before(async () => {
  const root = mkdtempSync(join(tmpdir(), "blahg-live-"));
  data = join(root, "site");
  cpSync(join(fixturesDir, "site"), data, { recursive: true });
  templates = join(root, "templates");
  cpSync(THEMES.default, templates, { recursive: true });
  blog = await startTestBlog({ dataDir: data, templateDir: templates, webDir: join(templates, "web"), watch: true, now: () => BigInt(Date.now()) * 1_000_000n });
});
after(async () => {
  await blog.close();
  rmSync(join(data, ".."), { recursive: true, force: true });
});

async function text(path: string): Promise<{ status: number; body: string }> {
  const response = await rawRequest(blog.url + path);
  return { status: response.status, body: response.body.toString("utf8") };
}

/** Polls until `check` passes; fails if that takes longer than `limit` ms. Returns the time it took. */
async function within(limit: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > limit) assert.fail(`not seen within ${limit} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}

function writePost(id: number, lisp: string, tex: string): void {
  const dir = join(data, "posts", String(id));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "post.lisp"), lisp);
  writeFileSync(join(dir, "post.tex"), tex);
}

describe("live reindexing", () => {
  it("shows a new post on the index, its tag, its month and the feed within a second, unasked", async () => {
    // Warm the caches first, so the test also proves they are invalidated.
    for (const path of ["/", "/?tag=fresh", "/?m=202405", "/?feed=atom"]) await text(path);
    writePost(20, `((time . "2024-05-20 10:00") (title . "Fresh post") (fmt . 3) (tags "fresh"))`, "Brand new.\n");
    await within(1000, async () => (await text("/")).body.includes("Fresh post"));
    for (const path of ["/?tag=fresh", "/?m=202405", "/?feed=atom", "/?p=20"]) {
      assert.match((await text(path)).body, /Fresh post/, path);
    }
  });

  it("moves a post when its date or tags change", async () => {
    writePost(20, `((time . "2024-04-02 10:00") (title . "Fresh post") (fmt . 3) (tags "renamed"))`, "Brand new.\n");
    await within(1000, async () => (await text("/?m=202404")).body.includes("Fresh post"));
    assert.doesNotMatch((await text("/?m=202405")).body, /Fresh post/);
    assert.match((await text("/?tag=renamed")).body, /Fresh post/);
    assert.doesNotMatch((await text("/?tag=fresh")).body, /Fresh post/);
  });

  it("re-renders a post whose body changed, and only its pages", async () => {
    // A listing without post 20 (story pages are re-rendered every second anyway, for the comment form).
    const other = await rawRequest(blog.url + "/?tag=math");
    writeFileSync(join(data, "posts/20/post.tex"), "Edited body.\n");
    await within(1000, async () => (await text("/?p=20")).body.includes("Edited body"));
    const again = await rawRequest(blog.url + "/?tag=math");
    assert.equal(again.headers["last-modified"], other.headers["last-modified"]);
  });

  it("keeps the last good version of a post when an edit breaks it", async () => {
    assert.match((await text("/?p=20")).body, /Edited body/);
    writeFileSync(join(data, "posts/20/post.tex"), "Broken _ edit.\n");
    await new Promise((r) => setTimeout(r, 400));
    const page = await text("/?p=20");
    assert.equal(page.status, 200);
    assert.match(page.body, /Edited body/);
    writeFileSync(join(data, "posts/20/post.lisp"), "((broken");
    await new Promise((r) => setTimeout(r, 400));
    assert.match((await text("/?p=20")).body, /Edited body/);
  });

  it("takes a deleted post off every page, with a 404 for it", async () => {
    rmSync(join(data, "posts/20"), { recursive: true });
    await within(1000, async () => (await text("/?p=20")).status === 404);
    assert.doesNotMatch((await text("/?tag=renamed")).body, /Fresh post/);
    assert.doesNotMatch((await text("/")).body, /Fresh post/);
  });

  it("sees a new Markdown post, its edits, and keeps its last good version when the front matter breaks", async () => {
    const dir = join(data, "posts", "21");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "post.md"), "---\ntitle: Markdown arrives\ndate: 2024-05-21\ntags: [fresh-md]\n---\nFirst *version*.\n");
    await within(1000, async () => (await text("/")).body.includes("Markdown arrives"));
    assert.match((await text("/?p=21")).body, /First <em>version<\/em>/);
    writeFileSync(join(dir, "post.md"), "---\ntitle: Markdown edited\ndate: 2024-05-21\n---\nSecond version.\n");
    await within(1000, async () => (await text("/?p=21")).body.includes("Second version"));
    assert.match((await text("/")).body, /Markdown edited/);
    writeFileSync(join(dir, "post.md"), "---\ntitle: [broken\n---\nThird.\n");
    await new Promise((r) => setTimeout(r, 400));
    assert.match((await text("/?p=21")).body, /Second version/);
    rmSync(dir, { recursive: true });
    await within(1000, async () => (await text("/?p=21")).status === 404);
  });

  it("shows a newly approved comment", async () => {
    const dir = join(data, "posts/7/comments/1");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "meta.lisp"), `((author . "Dora") (email . "d@x") (time . "2024-03-02 10:00") (moderated . #t))`);
    writeFileSync(join(dir, "text.txt"), "Approved just now.");
    writeFileSync(join(data, "posts/7/post.lisp"), `((time . "2024-03-01 08:00") (title . "March") (fmt . 3) (tags "math") (comments 1))`);
    await within(1000, async () => (await text("/?p=7")).body.includes("Approved just now"));
  });

  it("uses edited templates and static files", async () => {
    writeFileSync(join(templates, "html/footer.tmpl"), '<footer class="site-footer"><p>Edited footer</p></footer>\n</body>\n</html>\n');
    await within(1000, async () => (await text("/")).body.includes("Edited footer"));
    assert.match((await text("/style.css")).body, /prefers-color-scheme/);
    writeFileSync(join(templates, "web/style.css"), "body { color: red }\n");
    await within(1000, async () => (await text("/style.css")).body.includes("color: red"));
    assert.equal((await text("/new.txt")).status, 404);
    writeFileSync(join(templates, "web/new.txt"), "a new file");
    await within(1000, async () => (await text("/new.txt")).status === 200);
  });

  it("follows a post directory replaced by rm -rf and cp -a: later edits and approved comments show", async () => {
    const copy = join(data, "..", "copy-of-3");
    cpSync(join(data, "posts/3"), copy, { recursive: true });
    writeFileSync(join(copy, "post.tex"), "Restored from a copy.\n");
    rmSync(join(data, "posts/3"), { recursive: true });
    execFileSync("cp", ["-a", copy, join(data, "posts/3")]);
    await within(1000, async () => (await text("/?p=3")).body.includes("Restored from a copy"));
    writeFileSync(join(data, "posts/3/post.tex"), "Edited after the copy.\n");
    await within(1000, async () => (await text("/?p=3")).body.includes("Edited after the copy"));
    const comment = join(data, "posts/3/comments/1");
    mkdirSync(comment, { recursive: true });
    writeFileSync(join(comment, "meta.lisp"), `((author . "Eve") (time . "2024-02-02 10:00") (moderated . #t))`);
    writeFileSync(join(comment, "text.txt"), "Approved on the copy.");
    writeFileSync(join(data, "posts/3/post.lisp"), `((time . "2024-02-01 00:00") (title . "Unlisted") (fmt . 3) (listed . #f) (comments 1))`);
    await within(1000, async () => (await text("/?p=3")).body.includes("Approved on the copy"));
  });

  it("follows a post directory that another is moved over, and ignores the one moved away", async () => {
    const replacement = join(data, "..", "replacement-of-7");
    cpSync(join(data, "posts/7"), replacement, { recursive: true });
    writeFileSync(join(replacement, "post.tex"), "The replacement.\n");
    const old = join(data, "..", "old-7");
    renameSync(join(data, "posts/7"), old);
    renameSync(replacement, join(data, "posts/7"));
    await within(1000, async () => (await text("/?p=7")).body.includes("The replacement"));
    // Only the new directory changes: the watch must have moved to it.
    writeFileSync(join(data, "posts/7/post.tex"), "Edited in place.\n");
    await within(1000, async () => (await text("/?p=7")).body.includes("Edited in place"));
    writeFileSync(join(old, "post.tex"), "Edited in the old directory.\n");
    await new Promise((r) => setTimeout(r, 300));
    assert.match((await text("/?p=7")).body, /Edited in place/);
  });

  it("follows a replaced template directory and web directory", async () => {
    const copy = join(data, "..", "html-copy");
    cpSync(join(templates, "html"), copy, { recursive: true });
    rmSync(join(templates, "html"), { recursive: true });
    execFileSync("cp", ["-a", copy, join(templates, "html")]);
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(join(templates, "html/footer.tmpl"), '<footer class="site-footer"><p>Footer after the copy</p></footer>\n</body>\n</html>\n');
    await within(1000, async () => (await text("/")).body.includes("Footer after the copy"));
    const web = join(data, "..", "web-copy");
    cpSync(join(templates, "web"), web, { recursive: true });
    rmSync(join(templates, "web"), { recursive: true });
    execFileSync("cp", ["-a", web, join(templates, "web")]);
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(join(templates, "web/later.txt"), "added after the copy");
    await within(1000, async () => (await text("/later.txt")).status === 200);
  });

  it("follows a replaced posts directory", async () => {
    const copy = join(data, "..", "posts-copy");
    cpSync(join(data, "posts"), copy, { recursive: true });
    rmSync(join(data, "posts"), { recursive: true });
    execFileSync("cp", ["-a", copy, join(data, "posts")]);
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(join(data, "posts/7/post.tex"), "Edited in the new posts directory.\n");
    await within(1000, async () => (await text("/?p=7")).body.includes("Edited in the new posts directory"));
    writePost(21, `((time . "2024-05-21 10:00") (title . "Added to the new posts directory") (fmt . 3))`, "New.\n");
    await within(1000, async () => (await text("/")).body.includes("Added to the new posts directory"));
  });
});
