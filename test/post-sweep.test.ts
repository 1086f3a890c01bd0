/**
 * Watching a big blog without a watch per post directory: only the newest
 * posts' directories are watched each; edits to the others are found by the
 * sweep that compares their files with the stamps they were loaded with,
 * and new and deleted posts by the watch of the posts directory.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CONFIG } from "../src/config/config.js";
import { silentLogger } from "../src/log.js";
import { defaultThemeDir } from "../src/paths.js";
import { LiveSite } from "../src/server/live-site.js";
import { copyOfTestSite } from "./support/test-blog.js";

let dir: string;
let live: LiveSite;

before(async () => {
  dir = copyOfTestSite();
  const config = { ...DEFAULT_CONFIG, dataDir: dir };
  // One post directory watched (the newest post's): every other edit is the sweep's to find.
  live = await LiveSite.open({ config, templateDir: defaultThemeDir, webDir: join(defaultThemeDir, "web"), version: "test", captcha: [1, 2], log: silentLogger, snapshot: false, watchedPosts: 1, sweepPauseMs: 10 });
  live.watch();
});
after(() => {
  live.close();
  rmSync(join(dir, ".."), { recursive: true, force: true });
});

async function within(limit: number, check: () => boolean): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > limit) assert.fail(`not seen within ${limit} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const title = (id: number): string | undefined => live.site().index.post(id)?.title;

describe("watching the newest posts and sweeping the others", () => {
  it("watches only as many post directories as it was told", async () => {
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(live.watchedPostDirectories, 1);
  });

  it("sees an edit to the post.lisp of an old, unwatched post", async () => {
    const lisp = join(dir, "posts", "1", "post.lisp");
    writeFileSync(lisp, readFileSync(lisp, "utf8").replace(`(title . "New Year's Eve")`, `(title . "Edited by hand")`));
    await within(3000, () => title(1) === "Edited by hand");
    // Watched from then on.
    assert.equal(live.watchedPostDirectories, 2);
  });

  it("sees an edit made in place to an old post's body", async () => {
    const before = live.site().index.post(2)!;
    writeFileSync(join(dir, "posts", "2", "post.tex"), "\\title{Retitled in the body}\nA new body.\n");
    await within(3000, () => live.site().index.post(2) !== before && title(2) === "Retitled in the body");
  });

  it("sees a new post", async () => {
    mkdirSync(join(dir, "posts", "30"));
    writeFileSync(join(dir, "posts", "30", "post.tex"), "Fresh.\n");
    writeFileSync(join(dir, "posts", "30", "post.lisp"), `((time . "2020-01-01 00:00") (title . "Added") (fmt . 3))`);
    await within(3000, () => title(30) === "Added");
  });

  it("drops a deleted post", async () => {
    assert.ok(title(4) !== undefined);
    rmSync(join(dir, "posts", "4"), { recursive: true });
    await within(3000, () => title(4) === undefined);
  });
});
