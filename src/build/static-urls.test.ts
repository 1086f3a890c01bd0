/** The static (file) form of the URL scheme and where its URLs land in the output directory. */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compilePermalink } from "../config/permalink-pattern.js";
import type { Post } from "../content/model.js";
import { SiteIndex } from "../content/site-index.js";
import type { LinkRoute } from "../site/route.js";
import { urlSchemeFor } from "../site/urls/url-scheme.js";
import { basePath, outputPathOf } from "./output-path.js";

const BASE = "https://blog.test/b";
const T = (iso: string): number => Date.parse(iso) / 1000;

function post(id: number, title: string, time: number, extra: Partial<Post> = {}): Post {
  return { id, dir: `/p/${id}`, bodyPath: `/p/${id}/post.tex`, format: "fmt3", bodySize: 0, title, time, tags: [], listed: true, comments: [], twitterImage: undefined, commentsClosed: false, ...extra };
}

const POSTS = [
  post(1, "Hello, World!", T("2024-05-02T10:00:00Z"), { tags: ["Linux", "a/b", "100%", "with space"] }),
  post(2, "Café au lait", T("2024-05-03T10:00:00Z"), { tags: ["linux"] }),
  post(3, "Feed", T("2024-05-20T10:00:00Z")),
];

function routesOf(index: SiteIndex): LinkRoute[] {
  const routes: LinkRoute[] = [];
  for (const format of ["html", "atom", "rss2"] as const) {
    for (const page of [0, 1, 4]) routes.push({ kind: "index", format, page });
    for (const p of POSTS) routes.push({ kind: "story", format, id: p.id, preview: undefined });
    for (const tag of index.tags.values()) for (const page of [0, 2]) routes.push({ kind: "tag", format, tag: tag.name, page });
  }
  for (const tag of [undefined, ...[...index.tags.values()].map((t) => t.name)]) routes.push({ kind: "json-feed", tag, page: 0 }, { kind: "json-feed", tag, page: 3 });
  routes.push({ kind: "archive", month: 202405, page: 0 }, { kind: "archive", month: 202405, page: 1 });
  routes.push({ kind: "recent-comments", format: "atom" }, { kind: "recent-comments", format: "rss2" });
  routes.push({ kind: "sitemap", part: undefined }, { kind: "sitemap", part: 2 }, { kind: "robots" }, { kind: "not-found" });
  return routes;
}

for (const permalink of [undefined, "/%postname%/", "/%year%/%postname%.html"]) {
  describe(`static URLs with ${permalink ?? "no permalink (the build's default)"}`, () => {
    const index = new SiteIndex(POSTS);
    const config = { baseUrl: BASE, ...(permalink !== undefined && { permalink: (compilePermalink(permalink) as { pattern: never }).pattern }) };
    const scheme = urlSchemeFor(config, index, { commentEndpoint: undefined });

    it("give every route a file of its own, with no query, that parses back to the route", () => {
      const files = new Map<string, LinkRoute>();
      for (const route of routesOf(index)) {
        const url = scheme.format(route);
        const file = outputPathOf(url, BASE);
        assert.ok(file !== undefined, `${JSON.stringify(route)}: ${url} has a file`);
        assert.ok(!files.has(file), `${url}: ${file} is also ${JSON.stringify(files.get(file))}`);
        files.set(file, route);
        const path = decodeURIComponent(url.slice(BASE.length));
        if (route.kind === "not-found" || route.kind === "robots") continue;
        assert.deepEqual(scheme.parse(path, new Map()), route, url);
      }
    });
    it("write feeds as files a static host serves with their type", () => {
      assert.equal(scheme.format({ kind: "index", format: "rss2", page: 0 }), `${BASE}/feed.xml`);
      assert.equal(scheme.format({ kind: "index", format: "atom", page: 1 }), `${BASE}/page/2/atom.xml`);
      assert.equal(scheme.format({ kind: "json-feed", tag: "a/b", page: 0 }), `${BASE}/tag/a%2Fb/feed.json`);
      assert.equal(scheme.format({ kind: "sitemap", part: 3 }), `${BASE}/sitemap-3.xml`);
    });
    it("name a tag by its shown spelling, whatever case the link asks for", () => {
      assert.equal(scheme.format({ kind: "tag", format: "html", tag: "LINUX", page: 0 }), `${BASE}/tag/Linux/`);
    });
    it("have no comment form without an endpoint, and the endpoint's with one", () => {
      assert.equal(scheme.format({ kind: "comment" }), "");
      assert.equal(urlSchemeFor(config, index, { commentEndpoint: "https://c.test" }).format({ kind: "comment" }), "https://c.test/?comment=1");
    });
  });
}

describe("output paths", () => {
  it("put a directory's page in its index.html and decode the path", () => {
    assert.equal(outputPathOf(`${BASE}/`, BASE), "index.html");
    assert.equal(outputPathOf(`${BASE}/tag/caf%C3%A9/`, BASE), "tag/café/index.html");
    assert.equal(outputPathOf(`${BASE}/2024/x.html`, BASE), "2024/x.html");
  });
  it("refuse URLs that are not files under the base", () => {
    for (const url of [`${BASE}/?p=1`, `${BASE}/a#b`, "https://other.test/x", `${BASE}/tag/%2E%2E/`, `${BASE}/a//b`, `${BASE}/tag/%ZZ/`, `${BASE}/.blahg-build`, `${BASE}/a%5Cb`, `${BASE}/a%00/`, `${BASE}/tag/a%0Ab/`]) {
      assert.equal(outputPathOf(url, BASE), undefined, url);
    }
  });
  it("never leave the output directory, whatever the URL", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (tail) => {
        const file = outputPathOf(`${BASE}/${encodeURIComponent(tail).replace(/%2F/g, "/")}`, BASE);
        if (file === undefined) return;
        assert.ok(!file.split("/").some((s) => s === ".." || s === "." || s === ""), file);
        assert.ok(!/[\x00-\x1f]/.test(file), JSON.stringify(file));
      }),
    );
  });
  it("know the base's path on the host", () => {
    assert.equal(basePath("https://h.test/blog/"), "/blog");
    assert.equal(basePath("http://h.test"), "");
    assert.equal(basePath("/blog"), "/blog");
    assert.equal(basePath(""), "");
    assert.equal(basePath("example.com"), undefined);
  });
});
