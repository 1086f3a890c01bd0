/**
 * `blahg build` of a blog big enough for its threads to start while the
 * pages are planned (200 posts or more): the threads write the same files
 * as one thread, a second build with nothing changed writes nothing, and
 * an edited post rewrites only the files whose bytes changed.
 */

import { strict as assert } from "node:assert";
import { appendFileSync, mkdtempSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { generateCorpus } from "../bench/corpus.js";
import { fileTree, filesUnder } from "./support/file-tree.js";
import { runCli } from "./support/run-cli.js";


function written(stdout: string): number {
  const m = /([0-9]+) written, ([0-9]+) unchanged/.exec(stdout);
  assert.ok(m, `a summary line: ${stdout}`);
  return Number(m[1]);
}

describe("blahg build of 200 posts in two threads", () => {
  let root: string;
  const build = (out: string, jobs: string) => runCli("build", "--data", join(root, "data"), "--base-url", "https://blog.example", "--jobs", jobs, "--out", join(root, out));
  before(async () => {
    root = mkdtempSync(join(tmpdir(), "blahg-build-threads-"));
    await generateCorpus(join(root, "data"), { posts: 200 });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("writes the same files as one thread", async () => {
    for (const jobs of ["1", "2"]) {
      const { status, stderr } = await build(jobs, jobs);
      assert.equal(status, 0, stderr);
    }
    const alone = fileTree(join(root, "1"));
    assert.ok(alone.size > 400, String(alone.size));
    assert.deepEqual(fileTree(join(root, "2")), alone);
  });

  it("writes nothing when built again with nothing changed, keeping every file's mtime", async () => {
    const out = join(root, "2");
    const old = new Date(2000, 0, 1);
    const files = filesUnder(out).filter((f) => f !== ".blahg-build");
    for (const file of files) utimesSync(join(out, file), old, old);
    const run = await build("2", "2");
    assert.equal(run.status, 0, run.stderr);
    assert.equal(written(run.stdout), 0);
    for (const file of files) assert.equal(statSync(join(out, file)).mtimeMs, old.getTime(), file);
  });

  it("rewrites only the files whose bytes changed after one post is edited", async () => {
    const out = join(root, "2");
    const before = fileTree(out);
    const old = new Date(2000, 0, 1);
    for (const file of before.keys()) utimesSync(join(out, file), old, old);
    appendFileSync(join(root, "data", "posts", "7", "post.tex"), "\nOne more sentence.\n");
    const run = await build("2", "2");
    assert.equal(run.status, 0, run.stderr);
    const changed = [...fileTree(out)].filter(([file, bytes]) => !before.get(file)?.equals(bytes)).map(([file]) => file).filter((f) => f !== ".blahg-build");
    assert.ok(changed.length > 0);
    assert.equal(written(run.stdout), changed.length);
    for (const file of before.keys()) {
      if (file === ".blahg-build") continue;
      assert.equal(statSync(join(out, file)).mtimeMs !== old.getTime(), changed.includes(file), file);
    }
  });
});
