/**
 * Discovery documents served by the real server: the sitemap (and its index
 * and parts past a lowered limit), robots.txt (default and a web-directory
 * override), and JSON Feed 1.1 for the site and tags, checked against the
 * spec's fields and against the Atom feed; escaping of hostile titles and
 * tags; HEAD, 304 and invalidation when posts change.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { RunningBlog } from "../src/server/start-blog.js";
import { sitemapLimits } from "../src/site/pages/sitemap.js";
import { defaultThemeDir } from "../src/paths.js";
import { jsonFeedProblems } from "./support/json-feed-check.js";
import { copyOfTestSite, rawRequest, startTestBlog } from "./support/test-blog.js";
import { xmlProblems } from "./support/xml-check.js";

const LISTED_POSTS = [7, 4, 2, 1];
/** As the blog spells them: `Linux` and `linux` are tied, and the oldest post's spelling wins. */
const LISTED_TAGS = ["a%26b+%22q%22+%3Cx%3E", "Linux", "math", "notes"];
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const parser = new XMLParser({ processEntities: true, isArray: (name) => name === "url" || name === "sitemap" || name === "entry" });

interface UrlElement {
  loc: string;
  lastmod: string;
}

function parseSitemap(xml: string): { urls?: UrlElement[]; sitemaps?: UrlElement[] } {
  assert.equal(XMLValidator.validate(xml), true);
  assert.deepEqual(xmlProblems(xml), []);
  const doc = parser.parse(xml) as { urlset?: { "@_xmlns"?: string; url?: UrlElement[] }; sitemapindex?: { sitemap?: UrlElement[] } };
  if (doc.urlset) return { urls: doc.urlset.url ?? [] };
  if (doc.sitemapindex) return { sitemaps: doc.sitemapindex.sitemap ?? [] };
  throw new Error("neither a urlset nor a sitemapindex");
}

/** Polls until `check` passes; fails if that takes longer than `limit` ms. */
async function within(limit: number, check: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > limit) assert.fail(`not seen within ${limit} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let blog: RunningBlog;
before(async () => {
  blog = await startTestBlog();
});
after(() => blog.close());

async function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const r = await rawRequest(blog.url + path, { headers, method });
  return { status: r.status, headers: r.headers, text: r.body.toString("utf8") };
}

describe("the sitemap", () => {
  it("is a well-formed urlset of the home page, every listed post and every tag with listed posts, each dated", async () => {
    const r = await get("/sitemap.xml");
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-type"], "application/xml; charset=utf-8");
    const { urls } = parseSitemap(r.text);
    assert.ok(urls);
    const locs = urls.map((u) => u.loc);
    assert.deepEqual(locs, [
      "http://blog.test/",
      ...LISTED_POSTS.map((id) => `http://blog.test/?p=${id}`),
      ...LISTED_TAGS.map((tag) => `http://blog.test/?tag=${tag}`),
    ]);
    for (const u of urls) assert.match(u.lastmod, W3C_DATETIME, u.loc);
  });

  it("never lists the unlisted post or the tag only it carries", async () => {
    const { text } = await get("/sitemap.xml");
    assert.doesNotMatch(text, /\?p=3</);
    assert.doesNotMatch(text, /hidden/);
  });

  it("dates a post by its newest comment and a tag by its newest post", async () => {
    const { urls } = parseSitemap((await get("/sitemap.xml")).text);
    const lastmod = new Map(urls!.map((u) => [u.loc, u.lastmod]));
    // Post 1 is of 2023-12-31 23:00; its last shown comment came later.
    assert.equal(lastmod.get("http://blog.test/?p=1"), "2024-01-01T09:30:00Z");
    assert.equal(lastmod.get("http://blog.test/?tag=math"), "2024-03-01T08:00:00Z");
    assert.equal(lastmod.get("http://blog.test/"), "2024-03-01T08:00:00Z");
  });

  it("has no parts while it fits one file", async () => {
    assert.equal((await get("/sitemap.xml?part=1")).status, 404);
  });

  describe("past its limit", () => {
    let bigBlog: RunningBlog;
    const saved = { ...sitemapLimits };
    before(async () => {
      sitemapLimits.urls = 3;
      bigBlog = await startTestBlog();
    });
    after(async () => {
      Object.assign(sitemapLimits, saved);
      await bigBlog.close();
    });

    it("becomes an index of parts that hold every URL once, each within the limit", async () => {
      const index = await rawRequest(`${bigBlog.url}/sitemap.xml`);
      assert.equal(index.status, 200);
      const { sitemaps } = parseSitemap(index.body.toString("utf8"));
      assert.ok(sitemaps, "a sitemapindex");
      assert.deepEqual(sitemaps.map((s) => s.loc), [1, 2, 3].map((n) => `http://blog.test/sitemap.xml?part=${n}`));
      const all: string[] = [];
      for (const [i, sitemap] of sitemaps.entries()) {
        assert.match(sitemap.lastmod, W3C_DATETIME);
        const part = await rawRequest(`${bigBlog.url}/sitemap.xml?part=${i + 1}`);
        assert.equal(part.status, 200);
        assert.equal(part.headers["content-type"], "application/xml; charset=utf-8");
        const { urls } = parseSitemap(part.body.toString("utf8"));
        assert.ok(urls && urls.length >= 1 && urls.length <= 3);
        const newest = urls.map((u) => u.lastmod).sort().at(-1);
        assert.equal(sitemap.lastmod, newest, "the index dates a part by its newest URL");
        all.push(...urls.map((u) => u.loc));
      }
      assert.equal(all.length, 1 + LISTED_POSTS.length + LISTED_TAGS.length);
      assert.equal(new Set(all).size, all.length);
      assert.equal((await rawRequest(`${bigBlog.url}/sitemap.xml?part=4`)).status, 404);
      assert.equal((await rawRequest(`${bigBlog.url}/sitemap.xml?part=0`)).status, 404);
    });
  });
});

describe("robots.txt", () => {
  it("allows everything and names the sitemap's absolute URL", async () => {
    const r = await get("/robots.txt");
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-type"], "text/plain; charset=utf-8");
    assert.equal(r.text, "User-agent: *\nAllow: /\n\nSitemap: http://blog.test/sitemap.xml\n");
  });

  describe("with a robots.txt in the web directory", () => {
    let web: string;
    let custom: RunningBlog;
    before(async () => {
      web = mkdtempSync(join(tmpdir(), "blahg-web-"));
      cpSync(join(defaultThemeDir, "web"), web, { recursive: true });
      writeFileSync(join(web, "robots.txt"), "User-agent: *\nDisallow: /private/\n");
      custom = await startTestBlog({ webDir: web, watch: true });
    });
    after(async () => {
      await custom.close();
      rmSync(web, { recursive: true, force: true });
    });

    it("serves that file instead", async () => {
      const r = await rawRequest(`${custom.url}/robots.txt`);
      assert.equal(r.status, 200);
      assert.equal(r.body.toString("utf8"), "User-agent: *\nDisallow: /private/\n");
    });

    it("switches between the file and its own within a second as the file comes and goes", async () => {
      const robots = async (): Promise<string> => (await rawRequest(`${custom.url}/robots.txt`)).body.toString("utf8");
      rmSync(join(web, "robots.txt"));
      await within(1000, async () => /^Sitemap: http:\/\/blog\.test\/sitemap\.xml$/m.test(await robots()));
      writeFileSync(join(web, "robots.txt"), "User-agent: *\n");
      await within(1000, async () => (await robots()) === "User-agent: *\n");
    });
  });

  describe("without an absolute base-url", () => {
    let relative: RunningBlog;
    before(async () => {
      relative = await startTestBlog({ configure: (config) => (config.baseUrl = "") });
    });
    after(() => relative.close());

    it("takes the address from the Host header, for that request only", async () => {
      const a = await rawRequest(`${relative.url}/robots.txt`, { headers: { Host: "one.test:8080" } });
      const b = await rawRequest(`${relative.url}/robots.txt`, { headers: { Host: "two.test" } });
      assert.match(a.body.toString("utf8"), /^Sitemap: http:\/\/one\.test:8080\/sitemap\.xml$/m);
      assert.match(b.body.toString("utf8"), /^Sitemap: http:\/\/two\.test\/sitemap\.xml$/m);
      const sitemap = parseSitemap((await rawRequest(`${relative.url}/sitemap.xml`, { headers: { Host: "two.test" } })).body.toString("utf8"));
      assert.equal(sitemap.urls![0]!.loc, "http://two.test/");
    });

    it("keeps nothing of what it built from the Host header, compressed or not", async () => {
      await rawRequest(`${relative.url}/`);
      const held = { entries: relative.cache.size, bytes: relative.cache.heldBytes };
      for (const encoding of ["gzip", "br", "identity"]) {
        const r = await rawRequest(`${relative.url}/sitemap.xml`, { headers: { Host: "three.test", "Accept-Encoding": encoding } });
        assert.equal(r.status, 200);
        assert.equal(r.headers["content-encoding"], encoding === "identity" ? undefined : encoding);
      }
      assert.deepEqual({ entries: relative.cache.size, bytes: relative.cache.heldBytes }, held);
    });

    it("leaves the Sitemap line out when the Host header is not a plain host", async () => {
      const r = await rawRequest(`${relative.url}/robots.txt`, { headers: { Host: "evil.test/<x>" } });
      assert.equal(r.status, 200);
      assert.equal(r.body.toString("utf8"), "User-agent: *\nAllow: /\n");
    });
  });
});

interface Feed {
  title: string;
  home_page_url: string;
  feed_url: string;
  next_url?: string;
  items: Array<{ id: string; url: string; title: string; content_html: string; summary: string; date_published: string; date_modified: string; tags: string[]; authors: unknown[] }>;
}

async function jsonFeed(path: string): Promise<Feed> {
  const r = await get(path);
  assert.equal(r.status, 200, path);
  assert.equal(r.headers["content-type"], "application/feed+json; charset=utf-8");
  const feed: unknown = JSON.parse(r.text);
  assert.deepEqual(jsonFeedProblems(feed), [], path);
  return feed as Feed;
}

describe("JSON Feed", () => {
  it("is valid JSON Feed 1.1 with every field the issue asks for, for the site and a tag", async () => {
    for (const path of ["/?feed=json", "/?tag=linux&feed=json", "/?feed=json&paged=1"]) {
      const feed = await jsonFeed(path);
      for (const key of ["version", "title", "home_page_url", "feed_url", "items"]) assert.ok(key in feed, `${path}: ${key}`);
      for (const item of feed.items) {
        for (const key of ["id", "url", "title", "content_html", "summary", "date_published", "date_modified", "tags", "authors"]) assert.ok(key in item, `${path}: item ${item.id} has ${key}`);
      }
    }
  });

  it("has the Atom feed's posts, in its order and number, with the same permalinks", async () => {
    for (const [json, atom] of [["/?feed=json", "/?feed=atom"], ["/?tag=linux&feed=json", "/?tag=linux&feed=atom"], ["/?feed=json&paged=1", "/?feed=atom&paged=1"]] as const) {
      const feed = await jsonFeed(json);
      const doc = parser.parse((await get(atom)).text) as { feed: { entry?: Array<{ id: string; title: string }> } };
      const entries = doc.feed.entry ?? [];
      assert.deepEqual(feed.items.map((i) => i.id), entries.map((e) => e.id), json);
      assert.deepEqual(feed.items.map((i) => i.url), entries.map((e) => e.id), json);
    }
  });

  it("pages like the Atom feed, linking the next page until the last", async () => {
    const first = await jsonFeed("/?feed=json");
    assert.equal(first.feed_url, "http://blog.test/?feed=json");
    assert.equal(first.next_url, "http://blog.test/?feed=json&paged=1");
    const second = await jsonFeed("/?feed=json&paged=1");
    assert.equal(second.next_url, undefined);
    assert.deepEqual([...first.items, ...second.items].map((i) => i.id), LISTED_POSTS.map((id) => `http://blog.test/?p=${id}`));
    assert.equal((await get("/?feed=json&paged=2")).status, 404);
  });

  it("keeps hostile titles and tags exactly as they are, as JSON strings", async () => {
    const feed = await jsonFeed("/?tag=a%26b+%22q%22+%3Cx%3E&feed=json");
    assert.equal(feed.title, "Test Blog: posts tagged \u201ca&b \"q\" <x>\u201d");
    assert.equal(feed.home_page_url, "http://blog.test/?tag=a%26b+%22q%22+%3Cx%3E");
    assert.equal(feed.feed_url, "http://blog.test/?tag=a%26b+%22q%22+%3Cx%3E&feed=json");
    const [item] = feed.items;
    assert.equal(item?.title, "January, and <script>alert(\"title\")</script>");
    assert.deepEqual(item?.tags, ["a&b \"q\" <x>", "linux"]);
  });

  it("dates items in RFC 3339 and carries the full body and a plain summary", async () => {
    const feed = await jsonFeed("/?feed=json&paged=1");
    const post1 = feed.items.find((i) => i.id === "http://blog.test/?p=1")!;
    assert.equal(post1.date_published, "2023-12-31T23:00:00Z");
    assert.equal(post1.date_modified, "2023-12-31T23:00:00Z");
    assert.match(post1.content_html, /^<p>/);
    assert.doesNotMatch(post1.summary, /</);
  });

  it("has no comment feeds, and none for months", async () => {
    assert.equal((await get("/?p=1&feed=json")).status, 404);
    assert.equal((await get("/?m=202401&feed=json")).status, 404);
  });

  it("is linked from every page's head beside Atom and RSS, and from tag pages for the tag", async () => {
    const home = (await get("/")).text;
    assert.match(home, /<link rel="alternate" type="application\/atom\+xml"[^>]*>\n<link rel="alternate" type="application\/rss\+xml"[^>]*>\n<link rel="alternate" type="application\/feed\+json" title="Test Blog \(JSON Feed\)" href="http:\/\/blog\.test\/\?feed=json">/);
    const tag = (await get("/?tag=a%26b+%22q%22+%3Cx%3E")).text;
    assert.ok(tag.includes('<link rel="alternate" type="application/feed+json" title="Posts tagged &ldquo;a&amp;b &quot;q&quot; &lt;x&gt;&rdquo; (JSON Feed)" href="http://blog.test/?tag=a%26b+%22q%22+%3Cx%3E&amp;feed=json">'));
  });
});

describe("HTTP behaviour of discovery documents", () => {
  for (const path of ["/sitemap.xml", "/robots.txt", "/?feed=json", "/?tag=linux&feed=json"]) {
    it(`answers HEAD for ${path} with GET's headers and no body, and 304 to its validators`, async () => {
      const full = await get(path);
      const head = await get(path, {}, "HEAD");
      assert.equal(head.status, 200);
      assert.equal(head.text, "");
      assert.equal(head.headers["content-type"], full.headers["content-type"]);
      assert.equal(head.headers.etag, full.headers.etag);
      assert.equal(head.headers["content-length"], full.headers["content-length"]);
      assert.equal((await get(path, { "If-None-Match": String(full.headers.etag) })).status, 304);
      assert.equal((await get(path, { "If-Modified-Since": String(full.headers["last-modified"]) })).status, 304);
    });
  }
});

describe("discovery documents when posts change", () => {
  let data: string;
  let live: RunningBlog;
  before(async () => {
    data = copyOfTestSite();
    live = await startTestBlog({ dataDir: data, watch: true });
  });
  after(async () => {
    await live.close();
    rmSync(join(data, ".."), { recursive: true, force: true });
  });

  it("drops a post from the sitemap and the JSON Feed when it becomes unlisted, and adds a new one", async () => {
    const fetchText = async (path: string): Promise<string> => (await rawRequest(live.url + path)).body.toString("utf8");
    // Warm the cache, so the test proves the entries are dropped.
    assert.match(await fetchText("/sitemap.xml"), /\?p=7</);
    assert.match(await fetchText("/?feed=json"), /\?p=7"/);
    writeFileSync(join(data, "posts/7/post.lisp"), `((time . "2024-03-01 08:00") (title . "March") (fmt . 3) (tags "math") (listed . #f))`);
    mkdirSync(join(data, "posts/30"));
    writeFileSync(join(data, "posts/30/post.tex"), "April.\n");
    writeFileSync(join(data, "posts/30/post.lisp"), `((time . "2024-04-01 08:00") (title . "April") (fmt . 3) (tags "fresh"))`);
    await within(1000, async () => (await fetchText("/sitemap.xml")).includes("?p=30<"));
    await within(1000, async () => !(await fetchText("/sitemap.xml")).includes("?p=7<"));
    const sitemap = await fetchText("/sitemap.xml");
    assert.doesNotMatch(sitemap, /\?p=7</);
    // Post 4 carries math too (in its body): the tag stays, dated by post 4 now.
    assert.match(sitemap, /\?tag=math<\/loc><lastmod>2024-02-10T10:10:00Z</);
    assert.match(sitemap, /<url><loc>http:\/\/blog\.test\/\?p=30<\/loc><lastmod>2024-04-01T08:00:00Z<\/lastmod><\/url>/);
    assert.match(sitemap, /\?tag=fresh</);
    const feed = JSON.parse(await fetchText("/?feed=json")) as Feed;
    assert.deepEqual(feed.items.map((i) => i.id), ["http://blog.test/?p=30", "http://blog.test/?p=4", "http://blog.test/?p=2"]);
  });
});

describe("the JSON Feed checker", () => {
  it("finds missing required fields, wrong types and unknown keys", () => {
    assert.deepEqual(jsonFeedProblems({ version: "https://jsonfeed.org/version/1.1", title: "t", items: [] }), []);
    assert.notDeepEqual(jsonFeedProblems({ version: "https://jsonfeed.org/version/1", title: "t", items: [] }), []);
    assert.notDeepEqual(jsonFeedProblems({ version: "https://jsonfeed.org/version/1.1", items: [] }), []);
    assert.notDeepEqual(jsonFeedProblems({ version: "https://jsonfeed.org/version/1.1", title: "t", items: [{ content_html: "x" }] }), []);
    assert.notDeepEqual(jsonFeedProblems({ version: "https://jsonfeed.org/version/1.1", title: "t", items: [{ id: "1" }] }), []);
    assert.notDeepEqual(jsonFeedProblems({ version: "https://jsonfeed.org/version/1.1", title: "t", items: [{ id: "1", content_text: "x", date_published: "2024-01-01 10:00" }] }), []);
    assert.notDeepEqual(jsonFeedProblems({ version: "https://jsonfeed.org/version/1.1", title: "t", items: [{ id: "1", content_text: "x", tags: "a" }] }), []);
    assert.notDeepEqual(jsonFeedProblems({ version: "https://jsonfeed.org/version/1.1", title: "t", author: { name: "x" }, items: [] }), []);
    assert.notDeepEqual(jsonFeedProblems({ version: "https://jsonfeed.org/version/1.1", title: "t", authors: [{}], items: [] }), []);
    assert.notDeepEqual(jsonFeedProblems({ version: "https://jsonfeed.org/version/1.1", title: "t", feed_url: "/?feed=json", items: [] }), []);
    assert.deepEqual(jsonFeedProblems({ version: "https://jsonfeed.org/version/1.1", title: "t", _ext: 1, items: [] }), []);
  });
});
