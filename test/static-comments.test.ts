/**
 * Comments on a static copy: with `static-comments` the built story pages
 * carry a form that posts to the endpoint (a running blog on the same data
 * directory) with `d=static` instead of a signed timestamp; the endpoint
 * takes such comments only when `static-comment-rate-limit` allows them,
 * and at most that many per address per hour.
 */

import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fixturesDir } from "./support/paths.js";
import { runCli } from "./support/run-cli.js";
import { copyOfTestSite, rawRequest, startTestBlog } from "./support/test-blog.js";

const NOW = BigInt(Date.UTC(2024, 5, 1, 12, 0, 0)) * 1_000_000n;

function pending(data: string): string[] {
  const dir = join(data, "pending-comments");
  return existsSync(dir) ? readdirSync(dir).filter((n) => !n.startsWith(".")) : [];
}

describe("comments on a static copy", () => {
  let data: string;
  let out: string;
  let fields: Record<string, string>;
  let page: string;
  before(async () => {
    data = copyOfTestSite();
    out = mkdtempSync(join(tmpdir(), "blahg-build-"));
    const config = join(data, "..", "config.lisp");
    const text = readFileSync(join(fixturesDir, "site", "config.lisp"), "utf8").trimEnd();
    writeFileSync(config, `${text.slice(0, -1)}\n (static-comments . "https://comments.test/"))\n`);
    const run = await runCli("build", "--config", config, "--data", data, "--out", out, "--keep-going");
    assert.equal(run.status, 0, run.stderr);
    const target = /^\/ p=1 (\S+) 301$/m.exec(readFileSync(join(out, "_redirects"), "utf8"))![1]!;
    page = readFileSync(join(out, decodeURIComponent(target), "index.html"), "utf8");
    const captcha = /What is (\d+) \+ (\d+)\?/.exec(page)!;
    fields = { x: "", a: "Ann", e: "ann@example.org", u: "", v: String(Number(captcha[1]) + Number(captcha[2])), c: "From the static copy.", s: "Submit Comment", i: "1", d: /name="d" value="([^"]*)"/.exec(page)![1]! };
  });
  after(() => {
    rmSync(join(data, ".."), { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it("bakes a form that posts to the endpoint and carries no timestamp", () => {
    assert.match(page, /<form class="comment-form" id="commentform" action="https:\/\/comments\.test\/\?comment=1" method="post">/);
    assert.equal(fields.d, "static");
  });

  it("is refused by an endpoint that does not take static comments", async () => {
    const blog = await startTestBlog({ dataDir: data, now: () => NOW, configure: (c) => (c.commentRateLimit = 0) });
    try {
      const response = await rawRequest(`${blog.url}/?comment=1`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "test/1.0" }, body: new URLSearchParams(fields).toString() });
      assert.equal(response.status, 400);
      assert.deepEqual(pending(data), []);
    } finally {
      await blog.close();
    }
  });

  it("is taken by an endpoint with static-comment-rate-limit, up to that many an hour, with the static page's captcha", async () => {
    const blog = await startTestBlog({ dataDir: data, now: () => NOW, configure: (c) => ((c.commentRateLimit = 0), (c.staticCommentRateLimit = 1)) });
    try {
      const send = () => rawRequest(`${blog.url}/?comment=1`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "test/1.0" }, body: new URLSearchParams(fields).toString() });
      assert.equal((await send()).status, 303);
      assert.equal(pending(data).length, 1);
      const second = await send();
      assert.equal(second.status, 429);
      assert.ok(Number(second.headers["retry-after"]) > 0);
      assert.equal(pending(data).length, 1);
    } finally {
      await blog.close();
    }
  });
});
