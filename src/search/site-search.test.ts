import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Post } from "../content/model.js";
import { parseSearchQuery } from "./query.js";
import { SiteSearch } from "./site-search.js";

function post(id: number, title: string, listed = true): Post {
  return { id, dir: "", bodyPath: "", format: "fmt3", bodySize: 0, title, time: id, tags: [], listed, comments: [], twitterImage: undefined, commentsClosed: false };
}

function found(search: SiteSearch, query: string): number[] {
  return search.search(parseSearchQuery(query), 0, 1000).hits.map((h) => h.id).sort((a, b) => a - b);
}

describe("the site's search", () => {
  it("builds in slices, answering meanwhile with what it has and its progress", async () => {
    const posts = new Map(Array.from({ length: 2000 }, (_, i) => [i, post(i, `post number ${i}`)] as const));
    const search = new SiteSearch({ textOf: (p) => `body of ${p.title} `.repeat(20), sliceMs: 1 });
    const done = search.build([...posts.keys()], (id) => posts.get(id));
    let answeredDuringBuild = false;
    // The event loop runs between slices: a "request" here sees a partial index.
    await new Promise((resolve) => setImmediate(resolve));
    const partial = search.search(parseSearchQuery("post"), 0, 10);
    if (partial.building) {
      answeredDuringBuild = true;
      assert.ok(partial.building.indexed < partial.building.total);
      assert.equal(partial.total, search.index.size);
    }
    await done;
    assert.ok(answeredDuringBuild, "the build finished in a single slice");
    assert.equal(search.building, undefined);
    assert.equal(search.search(parseSearchQuery("post"), 0, 10).total, 2000);
  });

  it("follows changes made during the build, which the build does not undo", async () => {
    const posts = new Map(Array.from({ length: 2000 }, (_, i) => [i, post(i, `old ${i}`)] as const));
    const search = new SiteSearch({ textOf: () => "text ".repeat(50), sliceMs: 1 });
    const done = search.build([...posts.keys()], (id) => posts.get(id));
    await new Promise((resolve) => setImmediate(resolve));
    // Edited, deleted and unlisted while the build runs (the site changes first, then tells the search).
    posts.set(1999, post(1999, "renamed"));
    search.update(1999, posts.get(1999));
    posts.delete(1998);
    search.update(1998, undefined);
    posts.set(1997, post(1997, "hidden", false));
    search.update(1997, posts.get(1997));
    await done;
    assert.deepEqual(found(search, "renamed"), [1999]);
    assert.deepEqual(found(search, "1998"), []);
    assert.deepEqual(found(search, "hidden"), []);
    assert.equal(search.index.size, 1998);
  });

  it("never indexes an unlisted post, and drops a post that becomes unlisted", async () => {
    const search = new SiteSearch({ textOf: () => "words" });
    await search.build([1, 2], (id) => post(id, "secret plans", id === 1));
    assert.deepEqual(found(search, "secret"), [1]);
    search.update(1, post(1, "secret plans", false));
    assert.deepEqual(found(search, "secret"), []);
  });
});
