/**
 * Files that are not what they should be: a FIFO where a post body, a
 * comment text, a listing, a template or a web file is expected must never
 * block the server or lint, and is named in a diagnostic; an oversized body
 * is skipped with its size and the limit; invalid UTF-8 is reported with
 * its place.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createLogger } from "../src/log.js";
import type { RunningBlog } from "../src/server/start-blog.js";
import { makeFifo, unblockLater } from "./support/fifo.js";
import { runCli } from "./support/run-cli.js";
import { copyOfTestSite, rawRequest, startTestBlog, THEMES } from "./support/test-blog.js";

let blog: RunningBlog;
let data: string;
let templates: string;
let unblocker: ChildProcess;
const logged: string[] = [];
const fifos: string[] = [];

function fifo(path: string): void {
  makeFifo(path);
  fifos.push(path);
}

/** A request that must be answered within `limit` ms. */
async function quickly(path: string, limit = 1000): Promise<{ status: number; body: string }> {
  const start = Date.now();
  const response = await rawRequest(blog.url + path);
  const took = Date.now() - start;
  assert.ok(took < limit, `${path} took ${took} ms`);
  return { status: response.status, body: response.body.toString("utf8") };
}

function loggedAbout(file: string): string[] {
  return logged.filter((line) => line.includes(file));
}

before(async () => {
  data = copyOfTestSite();
  templates = join(data, "..", "templates");
  cpSync(THEMES.default, templates, { recursive: true });
  // A FIFO in place of post 4's body, of a comment's text, of a listing, beside the templates and in the web directory.
  rmSync(join(data, "posts/4/post.tex"));
  fifo(join(data, "posts/4/post.tex"));
  rmSync(join(data, "posts/1/comments/2/text.txt"));
  fifo(join(data, "posts/1/comments/2/text.txt"));
  mkdirSync(join(data, "posts/8"));
  writeFileSync(join(data, "posts/8/post.lisp"), `((time . "2024-05-01 10:00") (title . "With a listing") (fmt . 3))`);
  writeFileSync(join(data, "posts/8/post.tex"), "Code:\n\n\\listing{pipe.c}\n");
  fifo(join(data, "posts/8/pipe.c"));
  fifo(join(data, "..", "template-pipe"));
  symlinkSync(join(data, "..", "template-pipe"), join(templates, "html/pipe.tmpl"));
  fifo(join(templates, "web/pipe.css"));
  // A body with a Latin-1 byte, and one over max-post-size (set to 64 KiB below).
  mkdirSync(join(data, "posts/9"));
  writeFileSync(join(data, "posts/9/post.lisp"), `((time . "2024-05-02 10:00") (title . "Latin-1") (fmt . 3))`);
  writeFileSync(join(data, "posts/9/post.tex"), Buffer.concat([Buffer.from("Fine.\n\nCaf"), Buffer.from([0xe9]), Buffer.from(" au lait.\n")]));
  mkdirSync(join(data, "posts/10"));
  writeFileSync(join(data, "posts/10/post.lisp"), `((time . "2024-05-03 10:00") (title . "Huge") (fmt . 3))`);
  writeFileSync(join(data, "posts/10/post.tex"), "word ".repeat(20_000));
  // Should a reader block, this writer frees it after 3 s: the test then fails on time instead of hanging.
  unblocker = unblockLater(fifos, 3000);
  const log = createLogger({ write: (line) => void logged.push(line) });
  blog = await startTestBlog({
    dataDir: data,
    templateDir: templates,
    webDir: join(templates, "web"),
    log,
    watch: true,
    configure: (config) => void (config.maxPostSize = 64 * 1024),
  });
});

after(async () => {
  await blog?.close();
  unblocker?.kill();
  rmSync(join(data, ".."), { recursive: true, force: true });
});

describe("a FIFO where a file is expected", () => {
  it("in place of post.tex: the server starts, skips the post and names the file", async () => {
    assert.equal((await quickly("/")).status, 200);
    assert.equal((await quickly("/?p=4")).status, 404);
    assert.match(loggedAbout("posts/4/post.tex").join("\n"), /is a FIFO, not a regular file/);
  });

  it("in place of a comment's text: the post is served with blahgd's error text for it", async () => {
    const page = await quickly("/?p=1");
    assert.equal(page.status, 200);
    assert.match(page.body, /could not load comment text/);
    assert.match(loggedAbout("comments/2/text.txt").join("\n"), /is a FIFO, not a regular file/);
  });

  it("as a listing: the post is served and says what is wrong with it", async () => {
    const page = await quickly("/?p=8");
    assert.equal(page.status, 200);
    assert.match(page.body, /pipe\.c is a FIFO, not a regular file/);
  });

  it("among the templates: refused with a diagnostic, the other templates work", async () => {
    assert.match(loggedAbout("pipe.tmpl").join("\n"), /is a FIFO, not a regular file/);
    assert.equal((await quickly("/?p=1")).status, 200);
  });

  it("in the web directory: a 404 and a diagnostic", async () => {
    assert.equal((await quickly("/pipe.css")).status, 404);
    assert.match(loggedAbout("web/pipe.css").join("\n"), /is a FIFO, not a regular file/);
    assert.equal((await quickly("/style.css")).status, 200);
  });

  it("put in place of post.tex while serving: the edit is refused and other requests go on", async () => {
    rmSync(join(data, "posts/3/post.tex"));
    fifo(join(data, "posts/3/post.tex"));
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await quickly("/")).status, 200);
    assert.equal((await quickly("/?p=3")).status, 200, "the last good version stays online");
    assert.match(loggedAbout("posts/3/post.tex").join("\n"), /is a FIFO, not a regular file/);
    // Removing the FIFO again brings the post back.
    rmSync(join(data, "posts/3/post.tex"));
    writeFileSync(join(data, "posts/3/post.tex"), "Back again.\n");
    const start = Date.now();
    while (!(await quickly("/?p=3")).body.includes("Back again")) {
      assert.ok(Date.now() - start < 2000, "the post came back");
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it("lint terminates and names each of them", async () => {
    const start = Date.now();
    const result = await runCli("lint", data);
    assert.ok(Date.now() - start < 2000, `lint took ${Date.now() - start} ms`);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /posts\/4\/post\.tex:1:1: cannot read the post body: is a FIFO, not a regular file/);
    assert.match(result.stdout, /comments\/2\/text\.txt:1:1: cannot read the comment text: is a FIFO, not a regular file/);
    assert.match(result.stdout, /posts\/8\/post\.tex:3:1: \\listing\{pipe\.c\} names .*pipe\.c, which is a FIFO, not a regular file/);
  });
});

describe("a body over max-post-size", () => {
  it("is skipped, and the log names the file, its size and the limit", async () => {
    assert.equal((await quickly("/?p=10")).status, 404);
    assert.match(loggedAbout("posts/10/post.tex").join("\n"), /posts\/10\/post\.tex:1:1: cannot read the post body: is 100000 bytes, over the limit of 65536 bytes \(max-post-size\)/);
  });

  it("is reported by lint with the config's limit", async () => {
    const config = join(data, "..", "config.lisp");
    writeFileSync(config, `((data-dir . "${data}") (max-post-size . 65536))`);
    const result = await runCli("lint", "--config", config);
    assert.match(result.stdout, /posts\/10\/post\.tex:1:1: cannot read the post body: is 100000 bytes, over the limit of 65536 bytes \(max-post-size\)/);
  });
});

describe("invalid UTF-8 in a body", () => {
  it("is served as U+FFFD and logged with its line and column", async () => {
    const page = await quickly("/?p=9");
    assert.equal(page.status, 200);
    assert.match(page.body, /Caf\ufffd au lait/);
    assert.match(loggedAbout("posts/9/post.tex").join("\n"), /posts\/9\/post\.tex:3:4: invalid UTF-8 \(byte 0xe9 at offset 10\)/);
  });

  it("is reported by lint with its line and column", async () => {
    const result = await runCli("lint", data);
    assert.match(result.stdout, /posts\/9\/post\.tex:3:4: invalid UTF-8/);
  });
});
