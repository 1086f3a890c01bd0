/**
 * The URL scheme on a running blog: the test site and the example blog,
 * with blahgd's query URLs and with permalinks. Every route allRoutes lists
 * renders; every link of every page and feed resolves to a page or a file;
 * with a permalink every link blahg writes is pretty.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { generateCorpus } from "../bench/corpus.js";
import { lintCommand } from "../src/cli/lint.js";
import type { RunningBlog } from "../src/server/start-blog.js";
import { allRoutes } from "../src/site/urls/all-routes.js";
import { copyOfTestSite, rawRequest, startTestBlog, THEMES, type RawResponse } from "./support/test-blog.js";
import { fixturesDir, repoRoot } from "./support/paths.js";
import { removeDir, tempDirWith } from "./support/temp-dir.js";

// The benchmark corpus (a small one: the crawl visits every page) beside the test site and the example blog.
const corpusDir = join(tempDirWith({}), "corpus");
await generateCorpus(corpusDir, { posts: 120, seed: 11 });
process.on("exit", () => removeDir(dirname(corpusDir)));
const SITES = { "the test site": join(fixturesDir, "site"), "the example blog": join(repoRoot, "example"), "the benchmark corpus": corpusDir } as const;
const PERMALINKS = [undefined, "/%year%/%monthnum%/%postname%/", "/archives/%post_id%.html"] as const;

interface Crawl {
  /** URL (without the base) to the response. */
  seen: Map<string, RawResponse>;
  /** Links that did not resolve, with the page they were on. */
  broken: string[];
  /** Query-form links (`?p=`, `?tag=`, `?m=`) found in pages and feeds. */
  queryLinks: string[];
}

function get(blog: RunningBlog, path: string): Promise<RawResponse> {
  return rawRequest(blog.url + path);
}

/** Follows every link under `base` from the start pages, up to `limit` pages. */
async function crawl(blog: RunningBlog, base: string, start: readonly string[], limit = 3000): Promise<Crawl> {
  // The corpus's bodies link (`\post{N}`) to posts it does not have: those links are meant to dangle.
  const index = blog.site.site().index;
  const dangling = (link: string): boolean => {
    const id = /^\/\?p=([0-9]+)$/.exec(link)?.[1];
    return id !== undefined && index.post(Number(id)) === undefined;
  };
  const result: Crawl = { seen: new Map(), broken: [], queryLinks: [] };
  const queue: Array<{ path: string; from: string }> = start.map((path) => ({ path, from: "(start)" }));
  const linkPattern = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(/[^"'<>\\s]*)?`, "g");
  while (queue.length > 0 && result.seen.size < limit) {
    const { path, from } = queue.shift()!;
    if (result.seen.has(path)) continue;
    let response: RawResponse;
    try {
      response = await get(blog, path);
    } catch (e) {
      result.broken.push(`${path} (on ${from}) fails: ${String(e)}`);
      continue;
    }
    result.seen.set(path, response);
    if (response.status === 301) {
      const location = String(response.headers.location);
      assert.ok(location.startsWith(base), `${path} moves off the site: ${location}`);
      response = await get(blog, location.slice(base.length).split("#")[0]!);
      if (response.status !== 200) result.broken.push(`${path} (on ${from}) moves to ${location}, which answers ${response.status}`);
      continue;
    }
    if (response.status !== 200) {
      result.broken.push(`${path} (on ${from}) answers ${response.status}`);
      continue;
    }
    const type = String(response.headers["content-type"]);
    if (!/html|xml|json/.test(type)) continue;
    // Feeds carry pages escaped once more (Atom and RSS content, JSON strings): unescape enough to find the URLs' ends.
    const text = response.body
      .toString("utf8")
      .replaceAll("&amp;", "&")
      .replaceAll("&amp;", "&")
      .replace(/&quot;|&lt;|&gt;|&#39;|\\"/g, '"');
    for (const match of text.matchAll(linkPattern)) {
      const link = (match[1] ?? "/").split("#")[0]!;
      // The comment form's target takes POSTs only; previews need a secret.
      if (link === "/?comment=1" || link.includes("preview=") || dangling(link)) continue;
      if (/[?&](p|tag|m)=/.test(link)) result.queryLinks.push(`${link} on ${path}`);
      if (!result.seen.has(link)) queue.push({ path: link, from: path });
    }
  }
  return result;
}

for (const [siteName, dataDir] of Object.entries(SITES)) {
  for (const permalink of PERMALINKS) {
    describe(`${siteName} with ${permalink === undefined ? "blahgd's query URLs" : `permalink ${permalink}`}`, () => {
      let blog: RunningBlog;
      const base = "http://blog.test";
      before(async () => {
        blog = await startTestBlog({
          dataDir,
          permalink,
        });
      });
      after(() => blog.close());

      it("renders every route allRoutes lists (the 404 page as a 404)", async () => {
        const site = blog.site.site();
        const routes = allRoutes(site);
        assert.ok(routes.some((r) => r.kind === "story") && routes.some((r) => r.kind === "tag") && routes.some((r) => r.kind === "archive"));
        for (const route of routes) {
          const url = site.urls.of(route);
          assert.ok(url.startsWith(base), url);
          const response = await get(blog, url.slice(base.length));
          assert.equal(response.status, route.kind === "not-found" ? 404 : 200, `${url} (${JSON.stringify(route)})`);
        }
      });

      it("has no link in any page or feed that fails to resolve", async () => {
        const site = blog.site.site();
        const start = ["/", ...allRoutes(site).map((r) => site.urls.of(r).slice(base.length))].filter((p) => p !== "/404.html");
        const result = await crawl(blog, base, start);
        assert.deepEqual(result.broken, []);
        assert.ok(result.seen.size > 20, `crawled ${result.seen.size} URLs`);
        if (permalink !== undefined) assert.deepEqual(result.queryLinks, [], "every link blahg writes is pretty");
      });

      if (permalink !== undefined) {
        it("answers /?p=ID with a 301 to the post's permalink, and keeps the query forms working", async () => {
          const site = blog.site.site();
          const post = site.index.listed[0]!;
          const response = await get(blog, `/?p=${post.id}`);
          assert.equal(response.status, 301);
          assert.equal(response.headers.location, site.urls.post(post.id));
          assert.notEqual(response.headers.location, `${base}/?p=${post.id}`);
          // Cached like any page: the second answer is the same, and HEAD and conditional requests behave.
          assert.equal((await get(blog, `/?p=${post.id}`)).headers.location, response.headers.location);
          const pretty = await get(blog, site.urls.post(post.id).slice(base.length));
          assert.equal(pretty.status, 200);
          assert.match(pretty.body.toString("utf8"), new RegExp(`<link rel="canonical" href="${site.urls.post(post.id).replace(/[.?]/g, "\\$&")}">`));
          const etag = String(pretty.headers.etag);
          assert.equal((await rawRequest(blog.url + site.urls.post(post.id).slice(base.length), { headers: { "If-None-Match": etag } })).status, 304);
          const head = await rawRequest(`${blog.url}/?p=${post.id}`, { method: "HEAD" });
          assert.equal(head.status, 301);
          for (const query of [`/?p=${post.id}&feed=atom`, `/?tag=${encodeURIComponent(post.tags[0] ?? "x")}`, "/?feed=rss2", "/?paged=1"]) {
            assert.ok([200, 404].includes((await get(blog, query)).status), query);
          }
          assert.equal((await get(blog, "/?feed=rss2")).status, 200);
        });

        it("answers unknown pretty paths and hostile ones with 404 or 400, never 5xx", async () => {
          for (const path of ["/2024/05/no-such-post/", "/tag/no%20such/page/9/", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%zz/", "/%c3/", "/" + "x/".repeat(4000), "/page/99999999999/", "/feed/json/?paged=x"]) {
            const response = await get(blog, path);
            assert.ok([400, 404, 414, 431].includes(response.status), `${path.slice(0, 60)}: ${response.status}`);
          }
          // An unknown tag has its (empty) page, as `?tag=` always had; a tag of slashes is a tag like any other.
          assert.equal((await get(blog, "/tag/%2f%2f/")).status, 200);
        });
      }
    });
  }
}

describe("blahgd's own templates with a permalink set", () => {
  let blog: RunningBlog;
  before(async () => {
    blog = await startTestBlog({
      theme: "blahgd",
      permalink: "/%year%/%monthnum%/%postname%/",
    });
  });
  after(() => blog.close());

  it("keep working: the query URLs they build resolve, through a 301 for posts", async () => {
    assert.ok(THEMES.blahgd);
    const result = await crawl(blog, "http://blog.test", ["/"]);
    // blahgd's atom/comment.tmpl writes an author <uri> of `{baseurl}/p={id}` (no `?`): broken in blahgd too.
    assert.deepEqual(result.broken.filter((b) => !/^\/p=\d+ /.test(b)), []);
    assert.ok(result.seen.size > 10);
  });
});

describe("blahg lint with a permalink", () => {
  it("warns about a post whose slug took a suffix, and reports a bad pattern with its place as an error", async () => {
    const post = (title: string, time: string): string => `((time . "${time}") (title . "${title}") (fmt . 3))`;
    const root = tempDirWith({
      "blog.lisp": '((data-dir . "DATA") (permalink . "/%year%/%monthnum%/%postname%/"))',
      "bad.lisp": '((permalink . "/%year%/%category%/%postname%/"))',
      "data/posts/1/post.lisp": post("Same Title", "2024-05-01 10:00"),
      "data/posts/1/post.tex": "One.\n",
      "data/posts/2/post.lisp": post("Same title!", "2024-05-20 10:00"),
      "data/posts/2/post.tex": "Two.\n",
      "data/posts/3/post.lisp": '((time . "2024-06-01 10:00") (title . "Three") (fmt . 3) (slug . "same-title") (aliases "/old/3/"))',
      "data/posts/3/post.tex": "Three.\n",
    });
    try {
      writeFileSync(join(root, "blog.lisp"), readFileSync(join(root, "blog.lisp"), "utf8").replace("DATA", join(root, "data")));
      const out: string[] = [];
      const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t) };
      assert.equal(await lintCommand(["--config", join(root, "blog.lisp")], io), 0);
      const lines = out.join("").trim().split("\n");
      assert.equal(lines.length, 1, out.join(""));
      assert.match(lines[0]!, /posts\/2\/post\.lisp:1:1: warning: the slug "same-title" is taken .* answers at .*\/2024\/05\/same-title-2\//);
      out.length = 0;
      assert.equal(await lintCommand(["--config", join(root, "bad.lisp"), join(root, "data")], io), 1);
      assert.match(out.join(""), /bad\.lisp:1:24: unknown structure tag %category%/);
      assert.equal(out.join("").trim().split("\n").length, 1, out.join(""));
    } finally {
      removeDir(root);
    }
  });
});

describe("a Markdown post's front matter under a permalink", () => {
  let blog: RunningBlog;
  let root: string;
  before(async () => {
    root = tempDirWith({
      "posts/1/post.md": "---\ntitle: Ünïcode title\ndate: 2024-05-01\nslug: Chosen Slug\naliases:\n  - /2013/01/11/old-slug/\n  - /%C3%BCber.html\n---\nHello.\n",
      "posts/2/post.md": "---\ntitle: Ünïcode title\ndate: 2024-05-02\n---\nMade from the title.\n",
    });
    blog = await startTestBlog({
      dataDir: root,
      permalink: "/%year%/%monthnum%/%postname%/",
    });
  });
  after(async () => {
    await blog.close();
    removeDir(root);
  });

  it("puts the post at its front matter slug and its title's slug, and moves its aliases there", async () => {
    const site = blog.site.site();
    assert.equal(site.urls.post(1), "http://blog.test/2024/05/chosen-slug/");
    assert.equal(site.urls.post(2), "http://blog.test/2024/05/%c3%bcn%c3%afcode-title/");
    assert.equal((await get(blog, "/2024/05/chosen-slug/")).status, 200);
    assert.equal((await get(blog, "/2024/05/%c3%bcn%c3%afcode-title/")).status, 200);
    for (const alias of ["/2013/01/11/old-slug/", "/%C3%BCber.html"]) {
      const moved = await get(blog, alias);
      assert.equal(moved.status, 301, alias);
      assert.equal(moved.headers.location, "http://blog.test/2024/05/chosen-slug/");
    }
  });
});

describe("a permalink that moves while serving", () => {
  let blog: RunningBlog;
  let root: string;
  const lisp = (title: string): string => `((time . "2024-05-01 10:00") (title . "${title}") (fmt . 3))`;
  before(async () => {
    root = tempDirWith({
      "posts/1/post.lisp": lisp("First title"),
      "posts/1/post.tex": "One.\n",
      "posts/2/post.lisp": '((time . "2024-05-02 10:00") (title . "Second") (fmt . 3))',
      "posts/2/post.tex": "See \\post{1} and \\post[the first]{1}.\n",
    });
    blog = await startTestBlog({
      dataDir: root,
      watch: true,
      now: () => BigInt(Date.now()) * 1_000_000n,
      permalink: "/%year%/%monthnum%/%postname%/",
    });
  });
  after(async () => {
    await blog.close();
    removeDir(root);
  });

  it("moves the post, its /?p=ID redirect, the listings and other posts' \\post links, and frees the old path", async () => {
    // Warm the caches first, so that the test also proves they are dropped.
    assert.equal((await get(blog, "/2024/05/first-title/")).status, 200);
    assert.equal((await get(blog, "/2024/05/new-title/")).status, 404);
    assert.match((await get(blog, "/2024/05/second/")).body.toString("utf8"), /href="http:\/\/blog\.test\/2024\/05\/first-title\/"/);
    assert.equal((await get(blog, "/?p=1")).headers.location, "http://blog.test/2024/05/first-title/");
    writeFileSync(join(root, "posts", "1", "post.lisp"), lisp("New title"));
    const start = Date.now();
    while ((await get(blog, "/2024/05/new-title/")).status !== 200) {
      assert.ok(Date.now() - start < 5000, "the new URL is not served within 5 s");
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal((await get(blog, "/2024/05/first-title/")).status, 404);
    assert.equal((await get(blog, "/?p=1")).headers.location, "http://blog.test/2024/05/new-title/");
    const second = (await get(blog, "/2024/05/second/")).body.toString("utf8");
    assert.match(second, /href="http:\/\/blog\.test\/2024\/05\/new-title\/"/);
    assert.doesNotMatch(second, /first-title/);
    assert.match((await get(blog, "/")).body.toString("utf8"), /\/2024\/05\/new-title\//);
  });
});

describe("a comment under a permalink", () => {
  let blog: RunningBlog;
  let data: string;
  let clock = BigInt(Date.UTC(2024, 5, 1, 12, 0, 0)) * 1_000_000n;
  before(async () => {
    data = copyOfTestSite();
    blog = await startTestBlog({
      dataDir: data,
      now: () => clock,
      permalink: "/%year%/%monthnum%/%postname%/",
    });
  });
  after(async () => {
    await blog.close();
    removeDir(dirname(data));
  });

  it("sends the visitor back to the post's pretty URL, where the notice shows", async () => {
    const postUrl = blog.site.site().urls.post(1);
    const page = (await get(blog, postUrl.slice("http://blog.test".length))).body.toString("utf8");
    const action = /<form class="comment-form" id="commentform" action="([^"]+)"/.exec(page)?.[1];
    const token = /name="d" value="([^"]+)"/.exec(page)?.[1];
    const captcha = /What is (\d+) \+ (\d+)\?/.exec(page);
    assert.ok(action && token && captcha);
    assert.equal(action, "http://blog.test/?comment=1");
    clock += 30n * 1_000_000_000n;
    const fields = { x: "", a: "Ann", e: "ann@example.org", u: "", v: String(Number(captcha[1]) + Number(captcha[2])), c: "Nice.", s: "Submit Comment", i: "1", d: token };
    const response = await rawRequest(`${blog.url}/?comment=1`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "test browser/1.0" },
      body: new URLSearchParams(fields).toString(),
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, `${postUrl}?held=1#respond`);
    const back = await get(blog, `${postUrl.slice("http://blog.test".length)}?held=1`);
    assert.equal(back.status, 200);
    assert.match(back.body.toString("utf8"), /held for moderation/);
  });
});
