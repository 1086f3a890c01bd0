import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseQuery, type QueryParams } from "../http/query.js";
import { route, type Route } from "./route.js";

function at(query: string, path = "/"): Route {
  const params = parseQuery(query);
  assert.notEqual(params, "malformed");
  return route(path, params as QueryParams);
}

describe("routing blahgd's URLs", () => {
  const cases: Array<[string, Route]> = [
    ["", { kind: "index", format: "html", page: 0 }],
    ["paged=2", { kind: "index", format: "html", page: 2 }],
    ["feed=atom", { kind: "index", format: "atom", page: 0 }],
    ["feed=rss2&paged=1", { kind: "index", format: "rss2", page: 1 }],
    ["p=1", { kind: "story", format: "html", id: 1, preview: undefined }],
    ["p=%2B1", { kind: "story", format: "html", id: 1, preview: undefined }],
    ["p=%201", { kind: "story", format: "html", id: 1, preview: undefined }],
    ["p=1&p=2", { kind: "story", format: "html", id: 2, preview: undefined }],
    ["p=1&feed=atom", { kind: "story", format: "atom", id: 1, preview: undefined }],
    ["p=3&preview=s3cret", { kind: "story", format: "html", id: 3, preview: "s3cret" }],
    ["tag=linux", { kind: "tag", format: "html", tag: "linux", page: 0 }],
    ["tag=", { kind: "tag", format: "html", tag: "", page: 0 }],
    ["tag=a+b&feed=atom", { kind: "tag", format: "atom", tag: "a b", page: 0 }],
    ["m=201404", { kind: "archive", month: 201404, page: 0 }],
    ["m=201412&paged=1", { kind: "archive", month: 201412, page: 1 }],
    ["cat=misc", { kind: "category", name: "misc" }],
    ["comment=1&p=3", { kind: "comment" }],
    ["admin=1&p=1", { kind: "story", format: "html", id: 1, preview: undefined }],
    ["admin", { kind: "admin" }],
    ["admin=login", { kind: "admin", action: "login" }],
    ["admin=nonsense", { kind: "admin" }],
    ["admin=done&msg=approved&post=7&number=2", { kind: "admin", outcome: { message: "approved", count: 1, comment: { post: 7, number: 2 } } }],
    ["admin=done&msg=rejected&n=12&post=7", { kind: "admin", outcome: { message: "rejected", count: 12 } }],
    ["admin=done&msg=<script>", { kind: "admin" }],
    ["tag=x&cat=y&m=201501&p=1", { kind: "tag", format: "html", tag: "x", page: 0 }],
    ["cat=y&m=201501&p=1", { kind: "category", name: "y" }],
    ["m=201501&p=1", { kind: "archive", month: 201501, page: 0 }],
    ["s=lock+free", { kind: "search", query: "lock free", page: 0 }],
    ["s=%22a+b%22&paged=2", { kind: "search", query: '"a b"', page: 2 }],
    ["s", { kind: "search", query: "", page: 0 }],
    ["s=x&p=3", { kind: "story", format: "html", id: 3, preview: undefined }],
  ];
  for (const [query, expected] of cases) {
    it(`routes ?${query}`, () => assert.deepEqual(at(query), expected));
  }

  const notFound: string[] = ["p=abc", "p=", "p", "p=-1", "p=1x", "p=2147483648", "p&paged=1", "tag", "cat", "m=201513", "m=abc", "m=196912", "m=210001", "paged=-1", "paged=abc", "tag=x&paged=x", "s=x&paged=-1"];
  for (const query of notFound) {
    it(`gives a 404 for ?${query}`, () => assert.deepEqual(at(query), { kind: "not-found" }));
  }

  const unsupported = ["feed", "feed=xml", "feed=html", "p=1&feed=json", "m=201512&feed=json", "cat=x&feed=json", "comment=1&feed=json", "admin&feed=json", "comments=1&feed=json", "m=201512&feed=atom", "cat=x&feed=atom", "comment=1&feed=rss2", "admin&feed=atom", "s=x&feed=atom"];
  for (const query of unsupported) {
    it(`gives the unsupported-feed page for ?${query}`, () => assert.deepEqual(at(query), { kind: "unsupported-feed" }));
  }

  const jsonFeeds: Array<[string, Route]> = [
    ["feed=json", { kind: "json-feed", tag: undefined, page: 0 }],
    ["feed=json&paged=2", { kind: "json-feed", tag: undefined, page: 2 }],
    ["tag=a+b&feed=json", { kind: "json-feed", tag: "a b", page: 0 }],
    ["tag=x&feed=json&paged=1&m=201501&p=1", { kind: "json-feed", tag: "x", page: 1 }],
    ["feed=json&paged=x", { kind: "not-found" }],
    ["tag&feed=json", { kind: "not-found" }],
  ];
  for (const [query, expected] of jsonFeeds) {
    it(`routes the JSON Feed ?${query}`, () => assert.deepEqual(at(query), expected));
  }

  it("routes /robots.txt and /sitemap.xml with its parts, and nothing else at those paths", () => {
    assert.deepEqual(at("", "/robots.txt"), { kind: "robots" });
    assert.deepEqual(at("", "/sitemap.xml"), { kind: "sitemap", part: undefined });
    assert.deepEqual(at("part=3", "/sitemap.xml"), { kind: "sitemap", part: 3 });
    for (const bad of ["part=0", "part=-1", "part=x", "part", "part=99999999999"]) assert.deepEqual(at(bad, "/sitemap.xml"), { kind: "not-found" }, bad);
    assert.deepEqual(at("feed=json", "/sitemap.xml"), { kind: "unsupported-feed" });
    assert.deepEqual(at("feed=atom", "/robots.txt"), { kind: "unsupported-feed" });
    assert.deepEqual(at("", "/sitemap.xml/x"), { kind: "static", path: "/sitemap.xml/x" });
  });

  it("sends other paths to the web directory, unless a feed is asked for", () => {
    assert.deepEqual(at("", "/style.css"), { kind: "static", path: "/style.css" });
    assert.deepEqual(at("feed=atom", "/style.css"), { kind: "unsupported-feed" });
  });
});
