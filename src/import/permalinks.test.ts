import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { hugoPath, hugoStructure } from "./hugo.js";
import { jekyllPath, jekyllStructure } from "./jekyll.js";
import { absolutePath, expandStructure } from "./permalinks.js";
import { parseSourceDate, utcParts } from "./source-date.js";

const date = parseSourceDate("2014-01-05 23:30:00 -0200")!;

describe("old URLs and blahg's permalink structures", () => {
  it("expands Jekyll's styles and patterns with the date as written and lower-cased categories", () => {
    const post = { date, slug: "Hello-World", categories: ["News", "Linux"] };
    assert.equal(jekyllPath("/:categories/:year/:month/:day/:title:output_ext", post), "/news/linux/2014/01/05/Hello-World.html");
    assert.equal(jekyllPath("/:year/:i_month/:i_day/:slug/", post), "/2014/1/5/hello-world/");
    assert.equal(jekyllPath("/:categories/:title/", { ...post, categories: [] }), "/Hello-World/");
    assert.equal(jekyllPath("/:year/:y_day/:short_year/:week/", post), "/2014/005/14/01/");
  });

  it("maps Jekyll patterns made of whole segments onto structure tags, dropping categories", () => {
    assert.equal(jekyllStructure("/:categories/:year/:month/:day/:title/"), "/%year%/%monthnum%/%day%/%postname%/");
    assert.equal(jekyllStructure("/blog/:title"), "/blog/%postname%");
    assert.equal(jekyllStructure("/:categories/:year/:month/:day/:title:output_ext"), undefined);
    assert.equal(jekyllStructure("/:year/:i_month/:title/"), undefined);
    assert.equal(jekyllStructure("/:year/:month/"), undefined);
  });

  it("expands Hugo's default and its permalink tokens, lower case unless told otherwise", () => {
    const post = { date, title: "Hello, World!", fileName: "My-Post", subdirs: ["2014"] };
    assert.equal(hugoPath(undefined, post, true), "/posts/2014/my-post/");
    assert.equal(hugoPath(undefined, { ...post, slug: "Custom" }, false), "/posts/2014/Custom/");
    assert.equal(hugoPath("/:year/:month/:title/", post, true), "/2014/01/hello-world/");
    assert.equal(hugoPath("/:section/:slug/", { ...post, slug: "S" }, true), "/posts/s/");
    assert.equal(hugoPath("/:sections/:filename/", post, true), "/posts/2014/my-post/");
  });

  it("maps Hugo patterns onto structure tags", () => {
    assert.equal(hugoStructure(undefined), "/posts/%postname%/");
    assert.equal(hugoStructure("/:year/:month/:slug/"), "/%year%/%monthnum%/%postname%/");
    assert.equal(hugoStructure("/:section/:title/"), "/posts/%postname%/");
    assert.equal(hugoStructure("/:year/:monthname/:slug/"), undefined);
  });

  it("fills a structure with the UTC date, the id and the slug", () => {
    // 23:30 at -02:00 is the next day in UTC.
    assert.equal(expandStructure("/%year%/%monthnum%/%day%/%postname%/", { date: utcParts(date), id: 3, slug: "x" }), "/2014/01/06/x/");
    assert.equal(expandStructure("/p/%post_id%-%hour%%minute%%second%", { date: utcParts(date), id: 3, slug: "x" }), "/p/3-013000");
  });

  it("makes aliases absolute paths", () => {
    assert.equal(absolutePath("old.html", "/2021/03/"), "/2021/03/old.html");
    assert.equal(absolutePath("https://example.com/a//b/"), "/a/b/");
    assert.equal(absolutePath("  "), undefined);
  });
});
