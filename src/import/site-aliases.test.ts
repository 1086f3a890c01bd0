import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { aliasTarget } from "../site/urls/aliases.js";
import { hugoSiteAliases, jekyllSiteAliases } from "./site-aliases.js";

describe("a Hugo site's old addresses", () => {
  const aliases = hugoSiteAliases(["posts"], [{ taxonomy: "tags", terms: ["Go", "Web Dev", "go", "C#"] }, { taxonomy: "categories", terms: ["Notes"] }], true);

  it("send its feeds, section pages and term pages to the blog's", () => {
    assert.deepEqual(Object.fromEntries(aliases), {
      "/index.xml": "/?feed=rss2",
      "/posts/": "/",
      "/posts/index.xml": "/?feed=rss2",
      "/tags/": "/?tags",
      "/tags/go/": "/?tag=Go",
      "/tags/go/index.xml": "/?tag=Go&feed=rss2",
      "/tags/web-dev/": "/?tag=Web%20Dev",
      "/tags/web-dev/index.xml": "/?tag=Web%20Dev&feed=rss2",
      "/tags/c#/": "/?tag=C%23",
      "/tags/c#/index.xml": "/?tag=C%23&feed=rss2",
      "/categories/": "/?tags",
      "/categories/notes/": "/?tag=Notes",
      "/categories/notes/index.xml": "/?tag=Notes&feed=rss2",
    });
  });

  it("name only pages blahg has (every target parses as one)", () => {
    for (const [path, target] of aliases) assert.ok(aliasTarget(target), `${path} -> ${target}`);
  });

  it("keep the case of paths when the site did (disablePathToLower)", () => {
    const cased = hugoSiteAliases(["Blog"], [{ taxonomy: "tags", terms: ["Go"] }], false);
    assert.equal(cased.get("/Blog/"), "/");
    assert.equal(cased.get("/tags/Go/"), "/?tag=Go");
  });
});

describe("a Jekyll site's old addresses", () => {
  it("send jekyll-feed's Atom feed to the blog's, wherever the site put it", () => {
    assert.deepEqual([...jekyllSiteAliases()], [["/feed.xml", "/?feed=atom"]]);
    assert.deepEqual([...jekyllSiteAliases("atom.xml")], [["/atom.xml", "/?feed=atom"]]);
  });
});
