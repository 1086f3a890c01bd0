/**
 * `blahg import wordpress` end to end: the fixture export (every status,
 * nested pages, sticky, excerpts, comments of every kind, shortcodes, block
 * editor comments, odd CDATA, duplicate and missing ids, empty titles,
 * missing dates, non-ASCII slugs, mixed link structures) imports, lints
 * clean and is served by the real server on port 0.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfigFile } from "../src/config/load-config.js";
import { silentLogger } from "../src/log.js";
import { defaultThemeDir } from "../src/paths.js";
import { startBlog, type RunningBlog } from "../src/server/start-blog.js";
import { fixturesDir } from "./support/paths.js";
import { runCli } from "./support/run-cli.js";
import { removeDir, tempDirWith } from "./support/temp-dir.js";
import { FIXED_NOW, rawRequest } from "./support/test-blog.js";

const EXPORT = join(fixturesDir, "import", "wordpress", "blog.xml");

async function importFixture(...flags: string[]): Promise<{ dir: string; status: number; stdout: string; stderr: string }> {
  const dir = join(tempDirWith({}), "blog");
  const result = await runCli("import", "wordpress", ...flags, EXPORT, dir);
  return { dir, ...result };
}

async function serve(dir: string): Promise<RunningBlog> {
  const { config } = await loadConfigFile(join(dir, "config.lisp"));
  if (!config) throw new Error("the imported config does not load");
  config.dataDir = join(dir, "data");
  config.httpHost = "127.0.0.1";
  config.httpPort = 0;
  config.previewSecret = "s3cret";
  const blog = await startBlog({ config, templateDir: defaultThemeDir, webDir: join(defaultThemeDir, "web"), log: silentLogger, watch: false, now: () => FIXED_NOW });
  await blog.checked;
  return blog;
}

describe("blahg import wordpress", () => {
  let dir: string;
  let stdout: string;
  let stderr: string;
  let status: number;
  before(async () => ({ dir, stdout, stderr, status } = await importFixture()));
  after(() => removeDir(join(dir, "..")));

  it("imports the export and prints a summary of what it took", () => {
    assert.equal(status, 0);
    assert.match(stdout, /12 posts, 4 pages \(6 unlisted, 1 in the trash skipped\), comments: 5 approved, 1 pending, 2 dropped; 7 tags, 2 aliases, 3 attachments, 8 problems; permalink \/%year%\/%monthnum%\/%day%\/%postname%\//);
  });

  it("reports each item it could not take, or changed, with its line and id", () => {
    const lines = stderr.trimEnd().split("\n");
    assert.equal(lines.length, 8);
    for (const expected of [
      /blog\.xml:\d+:1: shortcode \[contact-form-7\] is not converted: left as written \(item 4\)/,
      /empty title: titled "\(no title\)" \(item 12\)/,
      /shortcode \[unknown-widget\] is not converted: left as written \(item 19\)/,
      /no usable date: dated 2024-01-20 10:00 UTC \(item 20\)/,
      /a second nav_menu_item with id 40: ignored/,
      /a post item has no wp:post_id: it is not imported$/m,
      /another item has id 10 already \(line \d+\): this post is not imported \(item 10\)/,
      /protected by a password in WordPress: imported private \(shown only as a preview\) \(item 21\)/,
    ]) assert.match(stderr, expected);
  });

  it("writes the config with the blog's title, address and the permalink structure most posts used", () => {
    const config = readFileSync(join(dir, "config.lisp"), "utf8");
    assert.match(config, /\(site-title \. "Old & Trusty Blog"\)/);
    assert.match(config, /\(base-url \. "https:\/\/old\.example\.com"\)/);
    assert.match(config, /\(permalink \. "\/%year%\/%monthnum%\/%day%\/%postname%\/"\)/);
  });

  it("keeps WordPress's ids, skips the trash and the second of two items with one id", () => {
    const ids = readdirSync(join(dir, "data", "posts")).map(Number).sort((a, b) => a - b);
    assert.deepEqual(ids, [2, 3, 4, 5, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21]);
    assert.match(readFileSync(join(dir, "data", "posts", "10", "post.html"), "utf8"), /^title: Hello &amp; welcome, friends$|^title: Hello & welcome, friends$/m);
  });

  it("writes front matter with the date, tags, slug, excerpt, author, sticky and comment status", () => {
    const post = readFileSync(join(dir, "data", "posts", "10", "post.html"), "utf8");
    assert.equal(
      post.slice(0, post.indexOf("---\n", 4) + 4),
      "---\ntitle: Hello & welcome, friends\ndate: 2013-01-11 10:30\ntags:\n  - Linux\n  - C\n  - first post\nslug: hello-world\nsummary: A short hello.\nauthor: Ann Author\nsticky: true\n---\n",
    );
    assert.match(readFileSync(join(dir, "data", "posts", "11", "post.html"), "utf8"), /^comments: closed$/m);
    assert.match(readFileSync(join(dir, "data", "posts", "3", "post.html"), "utf8"), /^type: page\nparent: 2\n/m);
    for (const draft of [5, 13, 14, 15, 16, 21]) assert.match(readFileSync(join(dir, "data", "posts", String(draft), "post.html"), "utf8"), /^private: true$/m, `post ${draft}`);
  });

  it("keeps approved comments in order with their kind, pending ones for moderation, and drops spam and trash", () => {
    assert.match(readFileSync(join(dir, "data", "posts", "10", "post.lisp"), "utf8"), /\(comments 1 5 6 8\)/);
    assert.equal(
      readFileSync(join(dir, "data", "posts", "10", "comments", "5", "meta.lisp"), "utf8"),
      '(("author" . "Other Blog » A reply") ("email" . "") ("time" . "2013-01-14 08:00") ("ip" . "203.0.113.9") ("url" . "https://other.example.org/2013/01/reply/") ("moderated" . #t) ("type" . "pingback"))',
    );
    assert.equal(readFileSync(join(dir, "data", "posts", "10", "comments", "1", "text.txt"), "utf8"), "First! <b>Welcome</b>.");
    const pending = readdirSync(join(dir, "data", "pending-comments"));
    assert.equal(pending.length, 1);
    assert.match(pending[0]!, /^10-50f26980\.00000000\.00001$/);
    assert.match(readFileSync(join(dir, "data", "pending-comments", pending[0]!, "meta.lisp"), "utf8"), /"Dave".*\("moderated" \. #f\)/);
    assert.ok(!existsSync(join(dir, "data", "posts", "10", "comments", "3")));
    assert.ok(!existsSync(join(dir, "data", "posts", "10", "comments", "4")));
  });

  it("lists the attachment URLs", () => {
    assert.equal(
      readFileSync(join(dir, "attachments.txt"), "utf8"),
      "https://old.example.com/wp-content/uploads/2014/05/beach.jpg\nhttps://old.example.com/wp-content/uploads/2014/05/hills.jpg\nhttps://old.example.com/wp-content/uploads/2013/01/cat.jpg\n",
    );
  });

  it("makes a blog that lints clean, warnings included", async () => {
    const lint = await runCli("lint", "--strict", "--config", join(dir, "config.lisp"));
    assert.equal(lint.status, 0, lint.stdout);
    assert.equal(lint.stdout, "");
  });

  it("drops pingbacks and trackbacks with --no-pingbacks", async () => {
    const other = await importFixture("--no-pingbacks");
    try {
      assert.match(other.stdout, /comments: 3 approved, 1 pending, 4 dropped/);
      assert.match(readFileSync(join(other.dir, "data", "posts", "10", "post.lisp"), "utf8"), /\(comments 1 6\)/);
    } finally {
      removeDir(join(other.dir, ".."));
    }
  });

  it("refuses a directory that is not empty", async () => {
    const again = await runCli("import", "wordpress", EXPORT, dir);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /is not an empty directory/);
  });

  describe("the imported blog, served", () => {
    let blog: RunningBlog;
    const once = async (path: string): Promise<{ status: number; body: string; location: string | undefined }> => {
      const r = await rawRequest(blog.url + path);
      return { status: r.status, body: r.body.toString("utf8"), location: r.headers.location as string | undefined };
    };
    /** Follows one 301 (to the blog's own address, served here). */
    const get = async (path: string): Promise<{ status: number; body: string; location: string | undefined }> => {
      const first = await once(path);
      if (first.status !== 301 || first.location === undefined) return first;
      const to = new URL(first.location);
      assert.equal(to.origin, "https://old.example.com", `${path} moves within the blog`);
      return once(to.pathname + to.search);
    };
    before(async () => (blog = await serve(dir)));
    after(() => blog.close());

    it("serves every published post and page by id with its body as WordPress showed it", async () => {
      const titles: Record<string, string> = {
        "/?p=9": "Older post", "/?p=10": "Hello &amp; welcome, friends", "/?p=11": "Code samples", "/?p=12": "(no title)", "/?p=18": "日本語の記事",
        "/?p=19": "Media roundup", "/?p=20": "Odd CDATA in a ]]&gt; title", "/?page_id=2": "About", "/?page_id=3": "Team", "/?page_id=4": "Contact",
      };
      for (const [path, title] of Object.entries(titles)) {
        const page = await get(path);
        assert.equal(page.status, 200, path);
        assert.ok(page.body.includes(title), `${path} shows ${title}`);
      }
      const hello = (await get("/?p=10")).body;
      assert.match(hello, /<p>Welcome to my <strong>new<\/strong> blog.<br \/>\nIt has two lines in its first paragraph.<\/p>/);
      assert.match(hello, /<figure id="attachment_32" class="wp-caption aligncenter"[^>]*><img src="https:\/\/old.example.com\/wp-content\/uploads\/2013\/01\/cat.jpg"[^>]*\/>\s*<figcaption>My cat, <em>asleep<\/em><\/figcaption>\s*<\/figure>/);
      assert.match(hello, /<pre>keep\n   this\n\nas is<\/pre>/);
      assert.match(hello, /<blockquote><p>A quote.<\/p><\/blockquote>/);
      assert.match((await get("/?p=11")).body, /<code class="language-c"><span class="hljs-type">int<\/span> <span class="hljs-title function_">main<\/span>/);
      const team = (await get("/?page_id=3")).body;
      assert.match(team, /<p>Just me, really.<\/p>/);
      assert.doesNotMatch(team, /wp:paragraph/);
      assert.match((await get("/?p=19")).body, /<ul class="gallery">.*beach\.jpg.*hills\.jpg.*<\/ul>/s);
      assert.match((await get("/?p=19")).body, /\[unknown-widget size=&quot;big&quot;\]kept as written\[\/unknown-widget\]|\[unknown-widget size="big"\]kept as written\[\/unknown-widget\]/);
    });

    it("shows approved comments and pingbacks, never pending, spam or trash", async () => {
      const hello = (await get("/?p=10")).body;
      for (const shown of ["Carol", "Other Blog » A reply", "Track Site", "Replying to myself."]) assert.ok(hello.includes(shown), shown);
      for (const hidden of ["Dave", "Waiting for a yes", "Cheap pills", "Deleted words"]) assert.ok(!hello.includes(hidden), hidden);
      assert.match((await get("/?page_id=2")).body, /Nice page about the page/);
      assert.match(hello, /<span class="comment-kind">pingback<\/span> <a href="https:\/\/other\.example\.org\/2013\/01\/reply\/" rel="nofollow ugc">Other Blog » A reply<\/a>/);
      assert.match(hello, /<span class="comment-kind">trackback<\/span> <a [^>]*>Track Site<\/a>/);
      assert.doesNotMatch(hello, /<span class="comment-kind">[^<]*<\/span> Carol/);
    });

    it("keeps drafts, pending, private and scheduled posts out of sight but previewable with the secret", async () => {
      for (const id of [13, 14, 15, 16, 21]) {
        assert.equal((await get(`/?p=${id}`)).status, 404, `post ${id}`);
        assert.equal((await get(`/?p=${id}&preview=s3cret`)).status, 200, `preview of ${id}`);
      }
      const index = (await get("/")).body;
      const feed = (await get("/?feed=atom")).body;
      const sitemap = (await get("/sitemap.xml")).body;
      for (const title of ["A draft", "Pending review", "Private notes", "Coming soon", "Plans", "Members only"]) {
        for (const [name, text] of [["index", index], ["feed", feed], ["sitemap", sitemap]] as const) assert.ok(!text.includes(title), `${title} in the ${name}`);
      }
    });

    it("keeps pages out of the index and feeds, lists them in the navigation by order (children inside their parent's item), and in the sitemap", async () => {
      const index = (await get("/")).body;
      const nav = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(index)![0];
      assert.match(nav, /Home<\/a><\/li><li><a href="[^"]*">About<\/a><ul><li><a href="[^"]*">Team<\/a><\/li><\/ul><\/li><li><a href="[^"]*">Contact<\/a><\/li>/);
      const main = index.slice(index.indexOf("<main"));
      for (const page of ["This blog is about", "Just me, really", "Mail me"]) assert.ok(!main.includes(page), page);
      const feed = (await get("/?feed=atom")).body;
      assert.ok(!feed.includes("<title>About</title>") && !feed.includes("Just me, really"));
      const sitemap = (await get("/sitemap.xml")).body;
      assert.match(sitemap, /<loc>https:\/\/old\.example\.com(?:\/\?p=2|\/about\/)<\/loc>/);
      assert.match(sitemap, /<loc>https:\/\/old\.example\.com(?:\/\?p=3|\/about\/team\/)<\/loc>/);
    });

    it("answers every post's and page's old link, by 200 or by a 301 to it", async () => {
      const old: Record<string, string> = {
        "/2013/01/11/hello-world/": "Hello &amp; welcome, friends",
        "/2013/02/03/code-samples/": "Code samples",
        "/2014/05/06/%e6%97%a5%e6%9c%ac%e8%aa%9e/": "日本語の記事",
        "/2014/05/06/%E6%97%A5%E6%9C%AC%E8%AA%9E/": "日本語の記事",
        "/media-roundup/": "Media roundup",
        "/2014/06/01/odd-cdata/": "Odd CDATA in a ]]&gt; title",
        "/2012/12/24/older-post/": "Older post",
        "/about/": "This blog is about",
        "/about/team/": "Just me, really.",
        "/?p=12": "A post without a title",
        "/?page_id=4": "Mail me.",
        "/?page_id=2": "This blog is about",
      };
      for (const [path, text] of Object.entries(old)) {
        const page = await get(path);
        assert.equal(page.status, 200, path);
        assert.ok(page.body.includes(text), `${path} shows ${text}`);
      }
      // The pages' own URLs answer without a detour; a post's old link that is its new one too.
      assert.equal((await once("/about/team/")).status, 200);
      assert.equal((await once("/2013/01/11/hello-world/")).status, 200);
      assert.equal((await once("/media-roundup/")).status, 301);
    });

    it("shows the sticky post first on the home page", async () => {
      const index = (await get("/")).body;
      const first = /<article[^>]*id="post-(\d+)"/.exec(index);
      assert.equal(first?.[1], "10");
    });
  });
});

describe("blahg import wordpress --download-to", () => {
  it("fetches each attachment to its URL's path, reports the ones it cannot, and never leaves the directory", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((req, res) => {
      if (req.url === "/wp-content/uploads/2013/01/cat.jpg") res.end("CAT");
      else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const attachment = (id: number, url: string): string =>
      `<item><title>a${id}</title><wp:post_id>${id}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:attachment_url>${url}</wp:attachment_url></item>`;
    const root = tempDirWith({
      "export.xml": `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>T</title>${attachment(1, `http://127.0.0.1:${port}/wp-content/uploads/2013/01/cat.jpg`)}${attachment(2, `http://127.0.0.1:${port}/missing.jpg`)}${attachment(3, `http://127.0.0.1:${port}/a/%2e%2e/%2e%2e/escape.jpg`)}</channel></rss>`,
    });
    try {
      const result = await runCli("import", "wordpress", "--download-to", join(root, "files"), join(root, "export.xml"), join(root, "blog"));
      assert.equal(result.status, 0);
      assert.equal(readFileSync(join(root, "files", "wp-content", "uploads", "2013", "01", "cat.jpg"), "utf8"), "CAT");
      assert.match(result.stderr, /cannot download http:\/\/127\.0\.0\.1:\d+\/missing\.jpg: HTTP 404/);
      assert.match(result.stdout, /downloaded 1 of 3 attachments/);
      assert.ok(!existsSync(join(root, "escape.jpg")));
    } finally {
      server.close();
      removeDir(root);
    }
  });
});
