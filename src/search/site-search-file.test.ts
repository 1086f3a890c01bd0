import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type { AsideRenderOptions } from "../content/load-in-worker.js";
import type { Post } from "../content/model.js";
import { SEARCH_FILE } from "./index-file.js";
import { parseSearchQuery } from "./query.js";
import { SiteSearch } from "./site-search.js";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const RENDER: AsideRenderOptions = { markup: "html", urls: { base: "http://blog.test", wiki: "", bug: "", photo: "" } };

/** A data directory of `count` posts, their files an hour old (none "racily" new for the index file). */
function blog(count: number, body: (id: number) => string): { dir: string; posts: Map<number, Post> } {
  const dir = mkdtempSync(join(tmpdir(), "blahg-search-file-"));
  dirs.push(dir);
  const posts = new Map<number, Post>();
  for (let id = 1; id <= count; id++) writePost(dir, posts, id, `Post ${id}`, body(id));
  const past = new Date(Date.now() - 3600_000);
  for (const name of readdirSync(dir, { recursive: true }) as string[]) utimesSync(join(dir, name), past, past);
  return { dir, posts };
}

function writePost(dir: string, posts: Map<number, Post>, id: number, title: string, body: string): void {
  const postDir = join(dir, "posts", String(id));
  mkdirSync(postDir, { recursive: true });
  const bodyPath = join(postDir, "post.tex");
  writeFileSync(bodyPath, body);
  posts.set(id, { id, dir: postDir, bodyPath, format: "fmt3", bodySize: body.length, title, time: 1000 + id, tags: [], listed: true, comments: [], twitterImage: undefined, commentsClosed: false });
}

/** A search keeping its index in `dir`, counting the bodies rendered on this thread. */
function searchOf(dir: string, posts: Map<number, Post>): { search: SiteSearch; rendered: () => number } {
  let rendered = 0;
  const search = new SiteSearch({
    textOf: (post) => {
      rendered++;
      // fmt3 plain text, as far as these bodies go.
      return readFileSync(post.bodyPath, "utf8");
    },
    file: { path: join(dir, SEARCH_FILE), fingerprint: "0".repeat(32), render: RENDER, posts: () => [...posts.values()].filter((p) => p.listed) },
  });
  return { search, rendered: () => rendered };
}

function found(search: SiteSearch, query: string): number[] {
  return search.search(parseSearchQuery(query), 0, 1000).hits.map((h) => h.id).sort((a, b) => a - b);
}

describe("the site's search with an index file", () => {
  it("writes the file in a worker, answering meanwhile, with no body rendered on the serving thread", async () => {
    const { dir, posts } = blog(400, (id) => `Body of post ${id}, about ${id % 2 === 0 ? "zebras" : "okapis"}.\n\n${"Filler words for a longer body. ".repeat(200)}\n`);
    const { search, rendered } = searchOf(dir, posts);
    let ticks = 0;
    let answeredWhileBuilding = false;
    const ticker = setInterval(() => {
      ticks++;
      const result = search.search(parseSearchQuery("zebra"), 0, 10);
      if (result.building) answeredWhileBuilding = true;
    }, 1);
    const outcome = await search.openFile();
    clearInterval(ticker);
    assert.equal(outcome.rebuilt, true);
    assert.ok(ticks > 0 && answeredWhileBuilding, "the event loop ran and search answered while the worker built");
    assert.equal(search.building, undefined);
    assert.equal(found(search, "zebra").length, 200);
    assert.deepEqual(found(search, '"body of post 17"'), [17]);
    // Snippets come from the file's texts.
    assert.match(search.snippet(posts.get(17)!, parseSearchQuery("okapis")), /<mark>okapis<\/mark>/);
    assert.equal(rendered(), 0);
    search.close();
  });

  it("reuses the file at a restart when no post changed, and indexes again only what changed, was added or deleted", async () => {
    const { dir, posts } = blog(50, (id) => `Post ${id} talks about ${id === 7 ? "aardvarks" : "nothing much"}.\n`);
    const first = searchOf(dir, posts);
    assert.equal((await first.search.openFile()).rebuilt, true);
    first.search.close();
    const written = statSync(join(dir, SEARCH_FILE)).mtimeMs;

    const again = searchOf(dir, posts);
    const outcome = await again.search.openFile();
    assert.equal(outcome.rebuilt, false);
    assert.equal(outcome.fresh.length + outcome.hidden.length, 0);
    assert.deepEqual(found(again.search, "aardvark"), [7]);
    again.search.close();

    // While stopped: post 7 edited, post 51 added, post 8 deleted.
    writePost(dir, posts, 7, "Post 7", "Post 7 is now about pangolins.\n");
    writePost(dir, posts, 51, "Post 51", "A new post about aardvarks.\n");
    rmSync(join(dir, "posts", "8"), { recursive: true });
    posts.delete(8);
    const third = searchOf(dir, posts);
    const changed = await third.search.openFile();
    assert.equal(changed.rebuilt, false);
    assert.deepEqual(changed.fresh.map((d) => d.id).sort((a, b) => a - b), [7, 51]);
    assert.equal(statSync(join(dir, SEARCH_FILE)).mtimeMs, written);
    assert.deepEqual(found(third.search, "aardvark"), [51]);
    assert.deepEqual(found(third.search, "pangolin"), [7]);
    assert.deepEqual(found(third.search, '"post 8"'), []);
    assert.equal(found(third.search, "post").length, 50);
    assert.equal(third.rendered(), 0);
    third.search.close();
  });

  it("ignores a corrupt, truncated or foreign file and writes it again", async () => {
    const { dir, posts } = blog(20, (id) => `Post ${id} on lemurs.\n`);
    const path = join(dir, SEARCH_FILE);
    for (const bad of [Buffer.from("garbage"), Buffer.alloc(4096, 0xff), Buffer.from("blahg-index 4 0 0\n[]")]) {
      writeFileSync(path, bad);
      const { search } = searchOf(dir, posts);
      const outcome = await search.openFile();
      assert.equal(outcome.rebuilt, true);
      assert.ok(outcome.reason && outcome.reason.length > 0);
      assert.equal(found(search, "lemur").length, 20);
      search.close();
    }
    // A file cut short after it was written.
    const size = statSync(path).size;
    writeFileSync(path, Buffer.alloc(0));
    writeFileSync(path, Buffer.alloc(size - 7));
    const { search } = searchOf(dir, posts);
    assert.match((await search.openFile()).reason ?? "", /checksum|truncated|not a blahg/);
    assert.equal(found(search, "lemur").length, 20);
    search.close();
  });

  it("finds a post edited or added while serving by its new words, and no longer a deleted one", async () => {
    const { dir, posts } = blog(30, (id) => `Post ${id} on tapirs.\n`);
    const { search } = searchOf(dir, posts);
    await search.openFile();
    writePost(dir, posts, 3, "Post 3", "Now about capybaras.\n");
    search.update(3, posts.get(3));
    writePost(dir, posts, 31, "Wombat news", "x");
    search.update(31, posts.get(31));
    posts.delete(4);
    search.update(4, undefined);
    posts.set(5, { ...posts.get(5)!, listed: false });
    search.update(5, posts.get(5));
    assert.deepEqual(found(search, "capybara"), [3]);
    assert.deepEqual(found(search, "wombat"), [31]);
    assert.deepEqual(found(search, '"post 4"'), []);
    assert.deepEqual(found(search, '"post 5"'), []);
    assert.equal(found(search, "tapir").length, 27);
    // Edited posts' snippets are of their text now, not of the file's.
    assert.equal(search.snippet(posts.get(3)!, parseSearchQuery("capybara")), "Now about <mark>capybaras</mark>.");
    search.close();
  });

  it("writes the file again in the background once many posts changed, keeping every change", async () => {
    const { dir, posts } = blog(120, (id) => `Post ${id} on quokkas.\n`);
    const { search } = searchOf(dir, posts);
    await search.openFile();
    const before = statSync(join(dir, SEARCH_FILE)).ino;
    for (let id = 1; id <= 100; id++) {
      posts.set(id, { ...posts.get(id)!, title: `Changed ${id}` });
      search.update(id, posts.get(id));
    }
    // The rewrite runs in a worker; a change made meanwhile is kept.
    posts.set(101, { ...posts.get(101)!, title: "Meanwhile numbat" });
    search.update(101, posts.get(101));
    for (let i = 0; i < 500 && statSync(join(dir, SEARCH_FILE)).ino === before; i++) await new Promise((r) => setTimeout(r, 20));
    assert.notEqual(statSync(join(dir, SEARCH_FILE)).ino, before);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(found(search, "changed").length, 100);
    assert.deepEqual(found(search, "numbat"), [101]);
    assert.equal(found(search, "quokka").length, 120);
    search.close();
  });

  it("stops a build at close, leaving no temporary file behind", async () => {
    const { dir, posts } = blog(300, (id) => `Post ${id}.\n\n${"Words to index, and more of them. ".repeat(300)}\n`);
    const { search } = searchOf(dir, posts);
    const opening = search.openFile();
    await new Promise((r) => setTimeout(r, 50));
    search.close();
    await assert.rejects(opening);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith(SEARCH_FILE)), []);
  });

  it("answers any query, of any text, without an error", async () => {
    const { dir, posts } = blog(40, (id) => `Post ${id}: Café, 東京, naïve "quotes" and \\textbf{bold} ${"x".repeat(id)}\n`);
    const { search } = searchOf(dir, posts);
    await search.openFile();
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: "grapheme" }), fc.nat(5), (text, page) => {
        const result = search.search(parseSearchQuery(text), page * 10, 10);
        assert.ok(result.hits.length <= 10);
        for (const hit of result.hits) assert.ok(posts.has(hit.id));
        for (const hit of result.hits) search.snippet(posts.get(hit.id)!, parseSearchQuery(text));
      }),
      { numRuns: 300 },
    );
    search.close();
  });
});
