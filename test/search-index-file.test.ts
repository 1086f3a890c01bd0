/**
 * The search index file `<data>/.blahg-search` on a real server: written by
 * a worker while the server answers (a story page, and the search page
 * saying the index is being built), reused by a restart without indexing
 * any post again, ignored and written again when damaged, and followed by
 * live reloads; `blahg lint` does not look at it.
 */

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lintDataDir } from "../src/content/lint-data-dir.js";
import { silentLogger, type Logger } from "../src/log.js";
import { SEARCH_FILE } from "../src/search/index-file.js";
import type { RunningBlog } from "../src/server/start-blog.js";
import { rawRequest, startTestBlog } from "./support/test-blog.js";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function writePost(data: string, id: number, title: string, tex: string): void {
  const dir = join(data, "posts", String(id));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "post.tex"), tex);
  writeFileSync(join(dir, "post.lisp"), `((time . "2024-05-01 10:00") (title . "${title}") (fmt . 3))`);
}

/** A data directory of `count` posts with bodies of `paragraphs` paragraphs. */
function dataDir(count: number, paragraphs: number): string {
  const root = mkdtempSync(join(tmpdir(), "blahg-search-index-"));
  dirs.push(root);
  const data = join(root, "data");
  const filler = "Some \\textbf{fmt3} text with \\emph{emphasis} and more words to index. ".repeat(8);
  for (let id = 1; id <= count; id++) writePost(data, id, `Post ${id}`, `Post ${id} is about ${id % 3 === 0 ? "marmots" : "voles"}.\n\n${`${filler}\n\n`.repeat(paragraphs)}`);
  // An hour old: no body is "racily" new for the index file (one written within its build's clock tick is indexed again).
  const past = new Date(Date.now() - 3600_000);
  for (const name of readdirSync(data, { recursive: true }) as string[]) utimesSync(join(data, name), past, past);
  return data;
}

async function get(blog: RunningBlog, path: string): Promise<{ status: number; body: string }> {
  const response = await rawRequest(`${blog.url}${path}`);
  return { status: response.status, body: response.body.toString("utf8") };
}

function logInto(lines: string[]): Logger {
  return { ...silentLogger, info: (msg) => void lines.push(msg), warn: (msg) => void lines.push(msg) };
}

/** Result count of a search page. */
function count(body: string): number {
  return Number(/class="search-count">Results \S+ of (\d+)/.exec(body)?.[1] ?? (/No posts match/.test(body) ? 0 : NaN));
}

describe("the search index file on a running server", () => {
  it("is written off the serving thread: a story page and the search page answer while it builds", async () => {
    const data = dataDir(600, 12);
    const { startBlog } = await import("../src/server/start-blog.js");
    const { loadConfigFile } = await import("../src/config/load-config.js");
    const { fixturesDir } = await import("./support/paths.js");
    const { defaultThemeDir } = await import("../src/paths.js");
    const { config } = await loadConfigFile(join(fixturesDir, "site", "config.lisp"));
    Object.assign(config!, { dataDir: data, httpHost: "127.0.0.1", httpPort: 0 });
    const blog = await startBlog({ config: config!, templateDir: defaultThemeDir, webDir: join(defaultThemeDir, "web"), log: silentLogger, watch: false });
    try {
      let ready = false;
      void blog.searchReady.then(() => (ready = true));
      await blog.site.loaded;
      let answeredWhileBuilding = 0;
      while (!ready) {
        const story = await get(blog, `/?p=${1 + (answeredWhileBuilding % 600)}`);
        const search = await get(blog, "/?s=marmots");
        if (ready) break;
        assert.equal(story.status, 200);
        assert.equal(search.status, 200);
        assert.match(search.body, /The search index is still being built \(\d+ of 600 posts so far\)/);
        answeredWhileBuilding++;
      }
      assert.ok(answeredWhileBuilding > 0, "the index was built before the server could be asked");
      assert.ok(existsSync(join(data, SEARCH_FILE)));
      const done = await get(blog, "/?s=marmots");
      assert.equal(count(done.body), 200);
      assert.doesNotMatch(done.body, /still being built/);
    } finally {
      await blog.close();
    }
  });

  it("is reused by a restart (no post indexed again), written again when damaged, and follows live edits", async () => {
    const data = dataDir(40, 1);
    const start = async (lines: string[]): Promise<RunningBlog> => startTestBlog({ dataDir: data, log: logInto(lines), watch: true });
    const first: string[] = [];
    let blog = await start(first);
    assert.ok(first.some((l) => /^wrote the search index of 40 posts/.test(l)), first.join("\n"));
    assert.equal(count((await get(blog, "/?s=voles")).body), 27);
    await blog.close();
    const written = statSync(join(data, SEARCH_FILE)).mtimeMs;

    const second: string[] = [];
    blog = await start(second);
    assert.ok(second.some((l) => /^opened the search index in \d+ ms \(0 posts changed since it was written\)/.test(l)), second.join("\n"));
    assert.equal(statSync(join(data, SEARCH_FILE)).mtimeMs, written);
    assert.equal(count((await get(blog, "/?s=voles")).body), 27);
    // Live edits: one post edited, one added, one deleted.
    writePost(data, 1, "Post 1", "Now about shrews.\n");
    writePost(data, 41, "Post 41", "A new post about shrews and voles.\n");
    rmSync(join(data, "posts", "2"), { recursive: true });
    for (let waited = 0; count((await get(blog, "/?s=shrews")).body) !== 2; waited += 20) {
      if (waited > 5000) assert.fail("the edits were not seen within 5 s");
      await new Promise((r) => setTimeout(r, 20));
    }
    for (let waited = 0; count((await get(blog, "/?s=voles")).body) !== 26 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    assert.equal(count((await get(blog, "/?s=voles")).body), 26);
    assert.match((await get(blog, "/?s=shrews")).body, /Now about <mark>shrews<\/mark>/);
    await blog.close();

    writeFileSync(join(data, SEARCH_FILE), "blahg-search 1 not this one\n");
    const third: string[] = [];
    blog = await start(third);
    assert.ok(third.some((l) => /^wrote the search index of 40 posts .*the one there was not used/.test(l)), third.join("\n"));
    assert.equal(count((await get(blog, "/?s=shrews")).body), 2);
    assert.equal(count((await get(blog, "/?s=voles")).body), 26);
    await blog.close();

    const lint = lintDataDir(data);
    assert.ok(!JSON.stringify(lint).includes(SEARCH_FILE));
  });
});
