/** `blahg import` over worker threads: the same blog and the same problems, in the same order, as in one thread. */

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateHugoCorpus } from "../bench/hugo-corpus.js";
import { importBlog } from "../src/import/import-blog.js";
import { hugoReader } from "../src/import/hugo.js";
import { PostThreads } from "../src/import/post-threads.js";
import { fixturesDir } from "./support/paths.js";
import { runCli } from "./support/run-cli.js";
import { fileTree } from "./support/file-tree.js";
import { removeDir } from "./support/temp-dir.js";

const work = mkdtempSync(join(tmpdir(), "blahg-import-threads-"));
after(() => removeDir(work));


describe("importing with worker threads", async () => {
  const corpus = join(work, "corpus");
  await generateHugoCorpus(corpus, { posts: 150, seed: 5 });
  const sites: Array<[string, "hugo" | "jekyll", string]> = [
    ["the Hugo fixture", "hugo", join(fixturesDir, "import", "hugo")],
    ["the Jekyll fixture", "jekyll", join(fixturesDir, "import", "jekyll")],
    ["a generated Hugo site of 150 posts", "hugo", corpus],
  ];

  for (const [name, kind, site] of sites) {
    it(`writes ${name} byte for byte as one thread does, with the same summary and problems in the same order`, async () => {
      const one = join(work, `${kind}-${name.length}-1`);
      const three = join(work, `${kind}-${name.length}-3`);
      const alone = await importBlog(kind, site, one, { threads: 1 });
      const threaded = await importBlog(kind, site, three, { threads: 3 });
      assert.deepEqual(threaded, alone);
      assert.deepEqual(fileTree(three), fileTree(one));
      assert.ok(alone.posts > 0);
    });
  }

  it("takes the number of threads from --jobs, and refuses a --jobs that is no number of threads", async () => {
    const one = await runCli("import", "hugo", corpus, join(work, "jobs-1"), "--jobs", "1");
    const two = await runCli("import", "hugo", "--jobs", "2", corpus, join(work, "jobs-2"));
    assert.equal(one.status, 0);
    assert.equal(two.stdout, one.stdout.replace("jobs-1", "jobs-2"));
    assert.deepEqual(fileTree(join(work, "jobs-2")), fileTree(join(work, "jobs-1")));
    for (const bad of ["0", "two", "1.5"]) {
      const refused = await runCli("import", "hugo", corpus, join(work, `jobs-${bad}`), "--jobs", bad);
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /--jobs must be a number of threads/);
      assert.ok(!existsSync(join(work, `jobs-${bad}`)));
    }
  });

  it("rejects when a worker thread fails to write, instead of waiting for it", async () => {
    const outline = hugoReader.outline(corpus);
    const threads = new PostThreads("hugo", outline, 2);
    try {
      const { posts } = await threads.read();
      assert.equal(posts.length, 150);
      // Only the worker's share, so that the failure can only come from the worker.
      const order = posts.filter((post) => post.share === 1).map((post, i) => ({ post, id: i + 1, frontMatter: { title: post.title } }));
      assert.ok(order.length > 0);
      const missing = join(work, "no-such-directory");
      await assert.rejects(threads.write(new Map(), order, missing), /ENOENT/);
      assert.ok(!existsSync(missing));
    } finally {
      await threads.stop();
    }
  });
});
