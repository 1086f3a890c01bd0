import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { absoluteBase, queryUrls } from "./urls.js";

describe("the blog's absolute address", () => {
  it("is base-url when that is an absolute http(s) URL, whatever the Host says", () => {
    assert.deepEqual(absoluteBase("https://blog.example/notes", "evil.test"), { base: "https://blog.example/notes", fromHost: false });
    assert.deepEqual(absoluteBase("http://blog.example", undefined), { base: "http://blog.example", fromHost: false });
  });

  it("comes from a plain Host header when base-url is empty, a path or blahgd's placeholder", () => {
    assert.deepEqual(absoluteBase("", "Blog.Example:8080"), { base: "http://blog.example:8080", fromHost: true });
    assert.deepEqual(absoluteBase("/blog", "blog.example"), { base: "http://blog.example/blog", fromHost: true });
    assert.deepEqual(absoluteBase("example.com", "127.0.0.1:8080"), { base: "http://127.0.0.1:8080", fromHost: true });
    assert.deepEqual(absoluteBase("", "[::1]:8080"), { base: "http://[::1]:8080", fromHost: true });
  });

  it("is unknown when the Host header is missing or anything but a host and port", () => {
    for (const host of [undefined, "", "a b", "evil.test/path", "x\r\nSitemap: y", "user@host", "<x>", "host:port", "-bad-.test", "a".repeat(300), "[::1"]) {
      assert.equal(absoluteBase("", host), undefined, JSON.stringify(host));
    }
  });
});

describe("the address from any Host header", () => {
  it("is either refused or a URL whose host is exactly the header's, with nothing to escape", () => {
    const hostChars = fc.constantFrom(..."abcXYZ019-.:[]@/\\ <>\"'&%?#\r\n\t\u00e9\u0000");
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: hostChars, maxLength: 30 })), (host) => {
        const absolute = absoluteBase("", host);
        if (absolute === undefined) return;
        assert.match(absolute.base, /^http:\/\/[a-z0-9.:\[\]-]+$/);
        const url = new URL(absolute.base);
        assert.equal(url.protocol, "http:");
        assert.equal(absolute.base, `http://${host.toLowerCase()}`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("discovery URLs", () => {
  const urls = queryUrls("http://blog.test");
  it("names the sitemap, its parts, robots.txt and the JSON Feeds, escaping tags", () => {
    assert.equal(urls.sitemap, "http://blog.test/sitemap.xml");
    assert.equal(urls.sitemapPart(2), "http://blog.test/sitemap.xml?part=2");
    assert.equal(urls.robots, "http://blog.test/robots.txt");
    assert.equal(urls.jsonFeed(), "http://blog.test/?feed=json");
    assert.equal(urls.tagJsonFeed('a&b "q"'), "http://blog.test/?tag=a%26b+%22q%22&feed=json");
    assert.equal(urls.of({ kind: "json-feed", tag: undefined, page: 1 }), "http://blog.test/?feed=json&paged=1");
  });
});
