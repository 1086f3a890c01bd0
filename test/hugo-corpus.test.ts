/** The Hugo corpus generator: deterministic, importable by blahg, and (when Debian's hugo is installed) buildable by Hugo. */

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateHugoCorpus } from "../bench/hugo-corpus.js";
import { importBlog } from "../src/import/import-blog.js";
import { fileTree } from "./support/file-tree.js";
import { removeDir } from "./support/temp-dir.js";

const work = mkdtempSync(join(tmpdir(), "blahg-hugo-corpus-"));
after(() => removeDir(work));


const hugoInstalled = spawnSync("hugo", ["version"], { encoding: "utf8" }).status === 0;

describe("the Hugo corpus", async () => {
  const site = join(work, "site");
  const stats = await generateHugoCorpus(site, { posts: 120, seed: 3 });

  it("is the same, byte for byte, for the same seed", async () => {
    const again = join(work, "again");
    await generateHugoCorpus(again, { posts: 120, seed: 3 });
    assert.deepEqual(fileTree(again), fileTree(site));
    assert.equal(stats.posts, 120);
  });

  it("imports into blahg without a single problem", async () => {
    const summary = await importBlog("hugo", site, join(work, "blog"));
    assert.deepEqual(summary.problems, []);
    assert.equal(summary.posts, 120);
    assert.equal(summary.permalink, "/%year%/%monthnum%/%postname%/");
  });

  it("builds with hugo: index and tag pages of 10 full posts, story pages, the tag list and feeds", { skip: hugoInstalled ? false : "hugo is not installed" }, () => {
    const out = join(work, "public");
    const build = spawnSync("hugo", ["--source", site, "--destination", out, "--quiet"], { encoding: "utf8" });
    assert.equal(build.status, 0, build.stderr);
    const index = readFileSync(join(out, "index.html"), "utf8");
    assert.equal(index.match(/<article>/g)?.length, 10);
    assert.match(readFileSync(join(out, "tags", "index.html"), "utf8"), /<li><a href="\/tags\/[^"]+\/">/);
    assert.ok(statSync(join(out, "index.xml")).isFile());
    assert.ok(statSync(join(out, "page", "2", "index.html")).isFile());
  });
});
