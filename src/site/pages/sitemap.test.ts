import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Post } from "../../content/model.js";
import { SiteIndex } from "../../content/site-index.js";
import { queryUrls } from "../urls.js";
import { sitemapEntries, splitSitemap } from "./sitemap.js";

function post(id: number, time: number, tags: string[], extra: Partial<Post> = {}): Post {
  return { id, dir: "", bodyPath: "", format: "fmt3", bodySize: 0, title: `Post ${id}`, time, tags, listed: true, comments: [], twitterImage: undefined, commentsClosed: false, ...extra };
}

const comment = (id: number, time: number): Post["comments"][number] => ({ id, author: "a", email: undefined, time, ip: undefined, url: undefined });

const urls = queryUrls("http://blog.test");

describe("the sitemap's entries", () => {
  const index = new SiteIndex([
    post(1, 1000, ["Linux", "old"], { comments: [comment(1, 5000)] }),
    post(2, 2000, ["linux"]),
    post(3, 3000, ["secret", "linux"], { listed: false }),
    post(4, 1500, ["it's <&>"]),
  ]);
  const entries = sitemapEntries(index, urls);

  it("lists the home page, listed posts newest first, then tags with listed posts by name", () => {
    assert.deepEqual(entries.map((e) => e.loc), [
      "http://blog.test/",
      "http://blog.test/?p=2",
      "http://blog.test/?p=4",
      "http://blog.test/?p=1",
      "http://blog.test/?tag=it%27s+%3C%26%3E",
      "http://blog.test/?tag=linux",
      "http://blog.test/?tag=old",
    ]);
  });

  it("never lists an unlisted post, nor a tag only unlisted posts carry", () => {
    assert.ok(!entries.some((e) => e.loc.endsWith("?p=3") || e.loc.includes("secret")));
  });

  it("dates a post by its newest comment, a tag and the home page by their newest post", () => {
    const lastmod = new Map(entries.map((e) => [e.loc, e.lastmod]));
    assert.equal(lastmod.get("http://blog.test/?p=1"), 5000);
    assert.equal(lastmod.get("http://blog.test/?p=2"), 2000);
    assert.equal(lastmod.get("http://blog.test/?tag=linux"), 5000, "the unlisted post 3 does not date the tag");
    assert.equal(lastmod.get("http://blog.test/"), 5000);
  });

  it("has only an undated home page for a blog without posts", () => {
    assert.deepEqual(sitemapEntries(new SiteIndex([]), urls), [{ loc: "http://blog.test/", lastmod: undefined }]);
  });

  it("leaves out a URL of 2048 characters or more, as the protocol asks", () => {
    const huge = sitemapEntries(new SiteIndex([post(1, 1, ["x".repeat(3000)])]), urls);
    assert.deepEqual(huge.map((e) => e.loc), ["http://blog.test/", "http://blog.test/?p=1"]);
  });
});

describe("splitting the sitemap", () => {
  const entries = Array.from({ length: 10 }, (_, i) => ({ loc: `http://blog.test/?p=${i}`, lastmod: i * 100 }));

  it("keeps everything in one part within the limits", () => {
    assert.equal(splitSitemap(entries, { urls: 50_000, bytes: 50 * 1024 * 1024 }).length, 1);
  });

  it("cuts parts at the URL limit, in order, each dated by its newest entry", () => {
    const parts = splitSitemap(entries, { urls: 4, bytes: 50 * 1024 * 1024 });
    assert.deepEqual(parts.map((p) => p.xml.length), [4, 4, 2]);
    assert.deepEqual(parts.map((p) => p.lastmod), [300, 700, 900]);
    assert.ok(parts[2]!.xml[1]!.includes("?p=9"));
  });

  it("cuts parts at the byte limit, counting the urlset around them", () => {
    const one = Buffer.byteLength(splitSitemap(entries.slice(0, 1), { urls: 1, bytes: 1e9 })[0]!.xml[0]!);
    const parts = splitSitemap(entries, { urls: 50_000, bytes: 200 + 3 * one });
    for (const part of parts) {
      const size = Buffer.byteLength(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>\n`) + part.xml.reduce((n, x) => n + Buffer.byteLength(x), 0);
      assert.ok(size <= 200 + 3 * one, `part of ${size} bytes`);
    }
    assert.equal(parts.reduce((n, p) => n + p.xml.length, 0), 10);
    assert.ok(parts.length >= 3);
  });

  it("escapes every URL for XML, so a hostile tag comes back from a parser as its URL", () => {
    const loc = "http://blog.test/?tag=a&b'<x>\"";
    const [part] = splitSitemap([{ loc, lastmod: 0 }], { urls: 10, bytes: 1e6 });
    const xml = `<urlset>${part!.xml.join("")}</urlset>`;
    assert.equal(XMLValidator.validate(xml), true);
    const parsed = new XMLParser({ processEntities: true }).parse(xml) as { urlset: { url: { loc: string; lastmod: string } } };
    assert.equal(parsed.urlset.url.loc, loc);
    assert.equal(parsed.urlset.url.lastmod, "1970-01-01T00:00:00Z");
  });
});

describe("a sitemap of hostile tags", () => {
  it("stays well-formed, and a parser reads back every tag's URL exactly", () => {
    const parser = new XMLParser({ processEntities: true, isArray: (name) => name === "url" });
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 5 }), (tags) => {
        const index = new SiteIndex([post(1, 1000, tags)]);
        const entries = sitemapEntries(index, urls);
        const [part] = splitSitemap(entries, { urls: 100, bytes: 1e6 });
        const xml = `<urlset>${part!.xml.join("")}</urlset>`;
        assert.equal(XMLValidator.validate(xml), true);
        const parsed = parser.parse(xml) as { urlset: { url: Array<{ loc: string }> } };
        assert.deepEqual(parsed.urlset.url.map((u) => u.loc), entries.map((e) => e.loc));
        for (const tag of index.tags.values()) assert.ok(entries.some((e) => e.loc === urls.tag(tag.name)), tag.name);
      }),
      { numRuns: 300 },
    );
  });
});
