/**
 * Search on a real server: results with snippets, paging, the query escaped
 * wherever it is shown, pathological queries, unlisted posts, the response
 * cache left alone, blahgd-style templates, and live reloads (a new, edited
 * or deleted post found or gone within a second).
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunningBlog } from "../src/server/start-blog.js";
import { checkHtml } from "./support/html-check.js";
import { copyOfTestSite, rawRequest, startTestBlog } from "./support/test-blog.js";

let blog: RunningBlog;
let data: string;

async function page(query: string): Promise<{ status: number; body: string }> {
  const response = await rawRequest(`${blog.url}/?${query}`);
  return { status: response.status, body: response.body.toString("utf8") };
}

/** Titles of the results, in order. */
function resultTitles(body: string): string[] {
  return [...body.matchAll(/<article class="post search-result"[^]*?rel="bookmark">([^<]*)<\/a>/g)].map((m) => m[1]!);
}

async function within(limit: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > limit) assert.fail(`not seen within ${limit} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}

function writePost(id: number, title: string, tex: string, extra = ""): void {
  const dir = join(data, "posts", String(id));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "post.tex"), tex);
  writeFileSync(join(dir, "post.lisp"), `((time . "2024-05-0${id % 9} 10:00") (title . "${title}") (fmt . 3)${extra})`);
}

before(async () => {
  data = copyOfTestSite();
  writePost(11, "Zebra crossings", "A zebra crossing, for \\textbf{pedestrians}.\n");
  writePost(12, "Stripes", "The zebra has stripes. A lock free queue holds <things> & more (fmt3 makes the & a cell break).\n");
  writePost(13, "Animals", "Horses, a zebra, donkeys.\n", " (tags \"zebra\")");
  blog = await startTestBlog({ dataDir: data, watch: true, now: () => BigInt(Date.now()) * 1_000_000n });
});
after(async () => {
  await blog.close();
  rmSync(join(data, ".."), { recursive: true, force: true });
});

describe("search on a running server", () => {
  it("lists matching posts, title and tag matches first, with a marked snippet and a date", async () => {
    const { status, body } = await page("s=zebra");
    assert.equal(status, 200);
    assert.match(body, /Results 1&ndash;2 of 3/);
    assert.deepEqual(resultTitles(body), ["Zebra crossings", "Animals"]);
    assert.match(body, /<p class="search-snippet">A <mark>zebra<\/mark> crossing, for pedestrians\.<\/p>/);
    assert.match(body, /<time datetime="2024-05-02T10:00:00Z">/);
    assert.deepEqual(checkHtml(body.replace(/^<!DOCTYPE html>\n?/i, "")), []);
  });

  it("pages through the results with paged=N, and 404s past the end", async () => {
    const first = await page("s=zebra");
    assert.match(first.body, /href="http:\/\/blog\.test\/\?s=zebra&amp;paged=1" rel="next">More results/);
    const second = await page("s=zebra&paged=1");
    assert.deepEqual(resultTitles(second.body), ["Stripes"]);
    assert.match(second.body, /Results 3&ndash;3 of 3/);
    assert.match(second.body, /href="http:\/\/blog\.test\/\?s=zebra" rel="prev">/);
    assert.equal((await page("s=zebra&paged=2")).status, 404);
  });

  it("matches quoted phrases as phrases, and needs every word", async () => {
    assert.deepEqual(resultTitles((await page("s=%22lock+free+queue%22")).body), ["Stripes"]);
    assert.deepEqual(resultTitles((await page("s=%22queue+free+lock%22")).body), []);
    assert.deepEqual(resultTitles((await page("s=zebra+donkeys")).body), ["Animals"]);
  });

  it("never shows an unlisted post or one whose body does not parse", async () => {
    assert.deepEqual(resultTitles((await page("s=reachable")).body), []);
    assert.deepEqual(resultTitles((await page("s=underscore")).body), []);
    assert.deepEqual(resultTitles((await page("s=last")).body).sort(), ["January, and &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;", "New Year's Eve"]);
  });

  it("escapes the query wherever it is shown, and the body's text in snippets", async () => {
    const { status, body } = await page("s=%3Cscript%3Ealert(1)%3C%2Fscript%3E+%22%3E");
    assert.equal(status, 200);
    assert.doesNotMatch(body, /<script>alert\(1\)/);
    assert.match(body, /<title>Search for &ldquo;&lt;script&gt;alert\(1\)&lt;\/script&gt; &quot;&gt;&rdquo;/);
    assert.match(body, /name="s" maxlength="256" value="&lt;script&gt;alert\(1\)&lt;\/script&gt; &quot;&gt;"/);
    const things = await page("s=things");
    assert.match(things.body, /holds &lt;<mark>things<\/mark>&gt; more/);
  });

  it("says so when nothing matches, and offers the tags", async () => {
    const { status, body } = await page("s=nothing-like-this");
    assert.equal(status, 200);
    assert.match(body, /No posts match this search/);
    assert.match(body, /<ul class="tag-cloud">.*href="http:\/\/blog\.test\/\?tag=math"/s);
  });

  it("answers pathological queries fast, with a note on what was ignored", async () => {
    const many = Array.from({ length: 1500 }, (_, i) => `w${i}`).join("+");
    const start = performance.now();
    const long = await page(`s=${many}`);
    assert.equal(long.status, 200);
    assert.match(long.body, /Only the first 256 characters of the search were used/);
    for (const q of ["%22", "the+a+of+and+to+in+is+it", "%22%22%22", "+", "%EF%BF%BD%00"]) assert.equal((await page(`s=${q}`)).status, 200, q);
    assert.ok(performance.now() - start < 2000);
  });

  it("keeps search results out of the response cache", async () => {
    await page("s=zebra");
    const size = blog.cache.size;
    for (let i = 0; i < 20; i++) await page(`s=zebra${i}`);
    assert.equal(blog.cache.size, size);
  });

  it("puts a search box in the header of every page", async () => {
    for (const query of ["", "p=1", "tag=linux", "s=zebra"]) {
      assert.match((await page(query)).body, /<form class="search-form" role="search" action="http:\/\/blog\.test\/" method="get">\n<label for="search-box">Search<\/label>\n<input id="search-box" type="search" name="s"/, query);
    }
  });

  it("finds a new post, an edited one by its new words only, and no longer a deleted one, within a second", async () => {
    writePost(14, "Okapi sighting", "An okapi in the forest.\n");
    await within(1000, async () => resultTitles((await page("s=okapi")).body).includes("Okapi sighting"));
    writeFileSync(join(data, "posts/14/post.tex"), "A giraffe, in fact.\n");
    await within(1000, async () => resultTitles((await page("s=giraffe")).body).includes("Okapi sighting"));
    assert.deepEqual(resultTitles((await page("s=forest")).body), []);
    rmSync(join(data, "posts/14"), { recursive: true });
    await within(1000, async () => resultTitles((await page("s=giraffe")).body).length === 0);
  });
});

describe("search in blahgd-style templates (no search template)", () => {
  let old: RunningBlog;
  before(async () => {
    old = await startTestBlog({ theme: "blahgd" });
  });
  after(() => old.close());

  it("renders the index template with the results as posts and their snippets as bodies", async () => {
    const response = await rawRequest(`${old.url}/?s=last`);
    const body = response.body.toString("utf8");
    assert.equal(response.status, 200);
    assert.match(body, /<title>Blahg &raquo; Search: last<\/title>/);
    assert.match(body, /<p class="search-snippet">The <mark>last<\/mark> post of the year/);
  });
});
