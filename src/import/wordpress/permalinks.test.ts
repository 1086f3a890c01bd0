import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inferStructure, linkPath, samePath, structureOf, type LinkedPost } from "./permalinks.js";

const post = (over: Partial<LinkedPost> = {}): LinkedPost => ({ id: 12, slug: "hello-world", time: Date.UTC(2013, 0, 11, 23, 30) / 1000, localTime: undefined, ...over });

describe("old WordPress permalinks", () => {
  it("names the structure of a link in WordPress's structure tags", () => {
    assert.equal(structureOf("/2013/01/11/hello-world/", post()), "/%year%/%monthnum%/%day%/%postname%/");
    assert.equal(structureOf("/2013/01/hello-world/", post()), "/%year%/%monthnum%/%postname%/");
    assert.equal(structureOf("/blog/archives/12", post()), "/blog/archives/%post_id%");
    assert.equal(structureOf("/hello-world/", post()), "/%postname%/");
    assert.equal(structureOf("/somewhere/else/", post()), undefined);
  });

  it("reads dates by WordPress's local date first, as its permalinks used it", () => {
    // 23:30 UTC on the 11th was the 12th in the blog's time zone.
    const local = post({ localTime: Date.UTC(2013, 0, 12, 1, 30) / 1000 });
    assert.equal(structureOf("/2013/01/12/hello-world/", local), "/%year%/%monthnum%/%day%/%postname%/");
  });

  it("compares non-ASCII slugs decoded, whatever the case of the escapes", () => {
    const japanese = post({ slug: "日本語" });
    assert.equal(structureOf("/2013/01/11/%e6%97%a5%e6%9c%ac%e8%aa%9e/", japanese), "/%year%/%monthnum%/%day%/%postname%/");
    assert.ok(samePath("/%E6%97%A5%E6%9C%AC%E8%AA%9E/", "/日本語/"));
    assert.ok(!samePath("/a/", "/b/"));
  });

  it("infers the structure most links follow, query links counting as none", () => {
    assert.equal(inferStructure(["/%postname%/", "/%year%/%postname%/", "/%postname%/", undefined]), "/%postname%/");
    assert.equal(inferStructure([undefined, undefined, "/%postname%/"]), undefined);
    assert.equal(inferStructure([]), undefined);
  });

  it("takes the path of a link, and none for a query link or a broken one", () => {
    assert.equal(linkPath("https://old.example.com/2013/01/11/hello/"), "/2013/01/11/hello/");
    assert.equal(linkPath("https://old.example.com/?p=12"), undefined);
    assert.equal(linkPath("/relative/path/"), "/relative/path/");
  });
});
