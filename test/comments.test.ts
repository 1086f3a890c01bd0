/**
 * Comments end to end on a real server: every rejection rule with its status
 * and message, a forged timestamp, the pending comment on disk, XSS in every
 * field, 200 submissions at once, a writer killed mid-write, and moderation
 * with the CLI while the server shows the result live.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MESSAGES } from "../src/comments/submit.js";
import { readCommentMeta } from "../src/content/metadata.js";
import { lintCommentMeta } from "../src/sexpr/lisp-lint.js";
import { readDataFile } from "../src/sexpr/reader.js";
import type { RunningBlog } from "../src/server/start-blog.js";
import { runCli } from "./support/run-cli.js";
import { repoRoot } from "./support/paths.js";
import { copyOfTestSite, rawRequest, startTestBlog } from "./support/test-blog.js";
import { xmlProblems } from "./support/xml-check.js";

/** A clock the tests move: pages are loaded "now", forms sent a little later. */
let clock = BigInt(Date.UTC(2024, 5, 1, 12, 0, 0)) * 1_000_000n;
const SECOND = 1_000_000_000n;

interface Form {
  token: string;
  sum: number;
}

async function formOf(blog: RunningBlog, postId: number): Promise<Form> {
  const page = (await rawRequest(`${blog.url}/?p=${postId}`)).body.toString("utf8");
  const token = /name="d" value="([^"]+)"/.exec(page)?.[1];
  const captcha = /What is (\d+) \+ (\d+)\?/.exec(page);
  assert.ok(token && captcha, "the story page has the comment form");
  return { token, sum: Number(captcha[1]) + Number(captcha[2]) };
}

function body(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function validFields(form: Form, postId: number, overrides: Record<string, string> = {}): Record<string, string> {
  return { x: "", a: "Ann", e: "ann@example.org", u: "", v: String(form.sum), c: "A thoughtful comment.", s: "Submit Comment", i: String(postId), d: form.token, ...overrides };
}

async function post(blog: RunningBlog, payload: string, headers: Record<string, string> = { "User-Agent": "test browser/1.0" }) {
  const response = await rawRequest(`${blog.url}/?comment=1`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: payload,
  });
  return { ...response, text: response.body.toString("utf8") };
}

function pendingDirs(dataDir: string): string[] {
  const dir = join(dataDir, "pending-comments");
  return existsSync(dir) ? readdirSync(dir).filter((n) => !n.startsWith(".")) : [];
}

describe("submitting comments", () => {
  let blog: RunningBlog;
  let data: string;
  before(async () => {
    data = copyOfTestSite();
    writeFileSync(join(data, "posts/7/post.lisp"), '((time . "2024-03-01 08:00") (title . "March") (fmt . 3) (tags "math") (comments-closed . #t))');
    blog = await startTestBlog({ dataDir: data, now: () => clock, watch: true, configure: (c) => (c.commentRateLimit = 0) });
  });
  after(async () => {
    await blog.close();
    rmSync(join(data, ".."), { recursive: true, force: true });
  });

  it("holds a valid comment for moderation, written as blahgd writes it, and sends the visitor back with a notice", async () => {
    const form = await formOf(blog, 1);
    clock += 30n * SECOND;
    const response = await post(blog, body(validFields(form, 1, { u: "https://ann.example/", c: "Line one\r\nLine two" })));
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, "http://blog.test/?p=1&held=1#respond");
    const [name] = pendingDirs(data);
    assert.match(name!, /^1-[0-9a-f]{8}\.[0-9a-f]{8}\.[0-9a-f]{5}$/);
    const dir = join(data, "pending-comments", name!);
    assert.equal(readFileSync(join(dir, "text.txt"), "utf8"), "Line one\r\nLine two");
    const meta = readFileSync(join(dir, "meta.lisp"), "utf8");
    assert.equal(meta, '(("author" . "Ann") ("email" . "ann@example.org") ("time" . "2024-06-01 12:00") ("ip" . "127.0.0.1") ("url" . "https://ann.example/") ("moderated" . #f))');
    assert.deepEqual(lintCommentMeta(readDataFile(meta).datum!), []);
    const back = (await rawRequest(`${blog.url}/?p=1&held=1`)).body.toString("utf8");
    assert.match(back, /held for moderation/);
    rmSync(dir, { recursive: true });
  });

  it("writes an empty website as a well-formed string, not blahgd's (\"url\")", async () => {
    const form = await formOf(blog, 2);
    clock += 30n * SECOND;
    assert.equal((await post(blog, body(validFields(form, 2)))).status, 303);
    const [name] = pendingDirs(data);
    assert.match(readFileSync(join(data, "pending-comments", name!, "meta.lisp"), "utf8"), /\("url" \. ""\)/);
    rmSync(join(data, "pending-comments", name!), { recursive: true });
  });

  describe("refuses, with a 4xx, a specific message and the form kept", () => {
    let form: Form;
    before(async () => {
      form = await formOf(blog, 1);
      clock += 30n * SECOND;
    });
    const cases: Array<[string, (f: Form) => string, number, string, Record<string, string>?]> = [
      ["no user agent", (f) => body(validFields(f, 1)), 400, MESSAGES.userAgent, {}],
      ["an empty body", () => "", 400, MESSAGES.empty],
      ["a body that is not a form (a value with =)", (f) => body(validFields(f, 1)) + "&z=a=b", 400, MESSAGES.generic],
      ["a missing post id", (f) => body(validFields(f, 1, { i: "" })), 400, MESSAGES.generic],
      ["a post id that is not a number", (f) => body(validFields(f, 1, { i: "1x" })), 400, MESSAGES.generic],
      ["a filled-in honeypot", (f) => body(validFields(f, 1, { x: "http://spam" })), 400, MESSAGES.generic],
      ["no honeypot field at all", (f) => new URLSearchParams(Object.entries(validFields(f, 1)).filter(([k]) => k !== "x")).toString(), 400, MESSAGES.generic],
      ["a forged timestamp", (f) => body(validFields(f, 1, { d: `${clock - 60n * SECOND}.${"A".repeat(43)}` })), 400, MESSAGES.generic],
      ["blahgd's unsigned timestamp", (f) => body(validFields(f, 1, { d: String(clock - 60n * SECOND) })), 400, MESSAGES.generic],
      ["a wrong sum", (f) => body(validFields(f, 1, { v: String(f.sum + 1) })), 400, MESSAGES.captcha],
      ["no e-mail", (f) => body(validFields(f, 1, { e: "" })), 400, MESSAGES.noEmail],
      ["an e-mail without @", (f) => body(validFields(f, 1, { e: "ann.example.org" })), 400, MESSAGES.badEmail],
      ["no name", (f) => body(validFields(f, 1, { a: "  " })), 400, MESSAGES.noName],
      ["a very long name", (f) => body(validFields(f, 1, { a: "A".repeat(201) })), 400, MESSAGES.tooLong("name", "200 characters")],
      ["no text", (f) => body(validFields(f, 1, { c: "\r\n " })), 400, MESSAGES.noText],
      ["more than 64 KiB of text", (f) => body(validFields(f, 1, { c: "x".repeat(65 * 1024) })), 413, MESSAGES.tooLong("comment", "64 KiB")],
      ["a javascript: website", (f) => body(validFields(f, 1, { u: "javascript:alert(1)" })), 400, MESSAGES.badUrl],
      ["an ftp website", (f) => body(validFields(f, 1, { u: "ftp://example.org/" })), 400, MESSAGES.badUrl],
      ["a post that does not exist", (f) => body(validFields(f, 99)), 404, MESSAGES.noPost],
      ["a post whose comments are closed", (f) => body(validFields(f, 7)), 403, MESSAGES.closed],
    ];
    for (const [what, payload, status, message, headers] of cases) {
      it(what, async () => {
        const response = await post(blog, payload(form), headers);
        assert.equal(response.status, status);
        assert.ok(response.text.includes(message.replace(/&/g, "&amp;")), `the page says: ${message}`);
        assert.deepEqual(pendingDirs(data), []);
      });
    }
    it("keeps what the visitor typed, escaped, in the form", async () => {
      const response = await post(blog, body(validFields(form, 1, { v: "0", a: 'Ann "<b>"', c: "My text </textarea><script>x</script>" })));
      assert.equal(response.status, 400);
      assert.match(response.text, /value="Ann &quot;&lt;b&gt;&quot;"/);
      assert.match(response.text, /My text &lt;\/textarea&gt;&lt;script&gt;x&lt;\/script&gt;<\/textarea>/);
    });
    it("refuses a GET with 405", async () => {
      const response = await rawRequest(`${blog.url}/?comment=1`);
      assert.equal(response.status, 405);
    });
  });

  it("refuses a form sent too fast or too late", async () => {
    const form = await formOf(blog, 1);
    clock += 2n * SECOND;
    assert.match((await post(blog, body(validFields(form, 1)))).text, new RegExp(MESSAGES.tooFast));
    clock += 2n * 86400n * SECOND;
    const late = await post(blog, body(validFields(form, 1)));
    assert.equal(late.status, 400);
    assert.match(late.text, new RegExp(MESSAGES.tooOld));
  });
});

describe("limits", () => {
  it("limits comments per address, with Retry-After", async () => {
    const data = copyOfTestSite();
    const blog = await startTestBlog({ dataDir: data, now: () => clock, configure: (c) => (c.commentRateLimit = 2) });
    try {
      const form = await formOf(blog, 1);
      clock += 30n * SECOND;
      assert.equal((await post(blog, body(validFields(form, 1)))).status, 303);
      assert.equal((await post(blog, body(validFields(form, 1)))).status, 303);
      const third = await post(blog, body(validFields(form, 1)));
      assert.equal(third.status, 429);
      assert.ok(Number(third.headers["retry-after"]) > 0);
    } finally {
      await blog.close();
      rmSync(join(data, ".."), { recursive: true, force: true });
    }
  });

  it("caps the moderation queue", async () => {
    const data = copyOfTestSite();
    const blog = await startTestBlog({ dataDir: data, now: () => clock, configure: (c) => ((c.commentMaxPending = 1), (c.commentRateLimit = 0)) });
    try {
      const form = await formOf(blog, 1);
      clock += 30n * SECOND;
      assert.equal((await post(blog, body(validFields(form, 1)))).status, 303);
      const second = await post(blog, body(validFields(form, 1)));
      assert.equal(second.status, 503);
      assert.match(second.text, new RegExp(MESSAGES.queueFull));
    } finally {
      await blog.close();
      rmSync(join(data, ".."), { recursive: true, force: true });
    }
  });

  it("tells the visitor when the comment cannot be stored, and keeps serving", async () => {
    const data = copyOfTestSite();
    rmSync(join(data, "pending-comments"), { recursive: true, force: true });
    writeFileSync(join(data, "pending-comments"), "not a directory");
    const blog = await startTestBlog({ dataDir: data, now: () => clock });
    try {
      const form = await formOf(blog, 1);
      clock += 30n * SECOND;
      const response = await post(blog, body(validFields(form, 1)));
      assert.equal(response.status, 503);
      assert.match(response.text, new RegExp(MESSAGES.storage));
      assert.equal((await rawRequest(`${blog.url}/`)).status, 200);
    } finally {
      await blog.close();
      rmSync(join(data, ".."), { recursive: true, force: true });
    }
  });
});

describe("under load and crashes", () => {
  it("keeps all of 200 comments sent at once, each complete", async () => {
    const data = copyOfTestSite();
    const blog = await startTestBlog({ dataDir: data, now: () => clock, configure: (c) => ((c.commentRateLimit = 0), (c.commentMaxPending = 0)) });
    try {
      const form = await formOf(blog, 2);
      clock += 30n * SECOND;
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, n) => post(blog, body(validFields(form, 2, { a: `Writer ${n}`, c: `Comment number ${n}.` })))),
      );
      assert.deepEqual(responses.map((r) => r.status), Array(200).fill(303));
      const names = pendingDirs(data);
      assert.equal(names.length, 200);
      const authors = new Set<string>();
      for (const name of names) {
        const dir = join(data, "pending-comments", name);
        const meta = readCommentMeta(readFileSync(join(dir, "meta.lisp"), "utf8"), "meta.lisp", []);
        assert.ok(meta, name);
        const n = Number(meta.author.slice("Writer ".length));
        assert.equal(readFileSync(join(dir, "text.txt"), "utf8"), `Comment number ${n}.`);
        authors.add(meta.author);
      }
      assert.equal(authors.size, 200);
    } finally {
      await blog.close();
      rmSync(join(data, ".."), { recursive: true, force: true });
    }
  });

  it("leaves no partial comment when the writer is killed mid-write", async () => {
    const data = copyOfTestSite();
    try {
      const writer = join(repoRoot, "dist/test/support/write-comments-forever.js");
      for (let round = 0; round < 5; round++) {
        const child = spawn(process.execPath, [writer, data], { stdio: ["ignore", "pipe", "ignore"] });
        await new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("the writer did not start within 30 s")), 30_000);
          child.stdout.once("data", () => resolve(clearTimeout(timer)));
        });
        await new Promise((r) => setTimeout(r, 20 + round * 37));
        child.kill("SIGKILL");
        await new Promise((r) => child.once("exit", r));
      }
      const names = readdirSync(join(data, "pending-comments")).filter((n) => !n.startsWith("."));
      const complete = names.filter((n) => !n.endsWith("W"));
      assert.ok(complete.length > 0, "some comments were written");
      for (const name of complete) {
        const dir = join(data, "pending-comments", name);
        assert.deepEqual(readdirSync(dir).sort(), ["meta.lisp", "text.txt"], name);
        assert.ok(readCommentMeta(readFileSync(join(dir, "meta.lisp"), "utf8"), "meta.lisp", []), name);
        assert.match(readFileSync(join(dir, "text.txt"), "utf8"), /^Written by a process that gets killed\.$/);
      }
      // A half-written one keeps its W suffix, which nothing reads.
      assert.ok(names.every((n) => n.endsWith("W") || complete.includes(n)));
      const listed = await runCli("comments", "list", "--data", data);
      assert.equal(listed.stdout.trim().split("\n").length, complete.length);
    } finally {
      rmSync(join(data, ".."), { recursive: true, force: true });
    }
  });
});

describe("moderation and display", () => {
  let blog: RunningBlog;
  let data: string;
  const evil = {
    a: `<script>alert("name")</script>`,
    e: `a&b'x@example.org`,
    u: `https://example.org/"><script>alert("url")</script>`,
    c: `<img src=x onerror=alert(1)> <a href="javascript:alert(2)">click</a> <script>alert(3)</script>`,
  };
  before(async () => {
    data = copyOfTestSite();
    blog = await startTestBlog({ dataDir: data, now: () => clock, watch: true, configure: (c) => (c.commentRateLimit = 0) });
  });
  after(async () => {
    await blog.close();
    rmSync(join(data, ".."), { recursive: true, force: true });
  });

  it("approves with the CLI, and the story page shows the comment right after", async () => {
    const form = await formOf(blog, 2);
    clock += 30n * SECOND;
    const response = await post(blog, body(validFields(form, 2, evil)));
    assert.equal(response.status, 303, response.text);
    const listed = await runCli("comments", "list", "--data", data);
    const name = listed.stdout.split(/\s/)[0]!;
    assert.match(name, /^2-/);
    assert.match((await runCli("comments", "show", name, "--data", data)).stdout, /javascript:alert\(2\)/);
    assert.deepEqual(await runCli("comments", "approve", name, "--data", data), { status: 0, stdout: `approved ${name} as comment 2 of post 2\n`, stderr: "" });
    assert.match(readFileSync(join(data, "posts/2/post.lisp"), "utf8"), /\(comments 1 2\)/);
    const start = Date.now();
    while (!(await rawRequest(`${blog.url}/?p=2`)).body.toString("utf8").includes('id="comment-2"')) {
      assert.ok(Date.now() - start < 2000, "the approved comment shows within 2 s");
      await new Promise((r) => setTimeout(r, 25));
    }
  });

  it("never lets the XSS attempts out, on the page or in any feed", async () => {
    for (const path of ["/?p=2", "/?p=2&feed=atom", "/?p=2&feed=rss2", "/?feed=atom&comments=1", "/?feed=rss2&comments=1", "/"]) {
      const text = (await rawRequest(blog.url + path)).body.toString("utf8");
      assert.doesNotMatch(text, /<script>alert/i, path);
      assert.doesNotMatch(text, /<img[^>]*onerror/i, path);
      assert.doesNotMatch(text, /href="javascript:/i, path);
      assert.doesNotMatch(text, /"><script/i, path);
      if (path.includes("feed")) assert.deepEqual(xmlProblems(text), [], path);
    }
    const page = (await rawRequest(`${blog.url}/?p=2`)).body.toString("utf8");
    assert.match(page, /&lt;script&gt;alert\(&quot;name&quot;\)&lt;\/script&gt;/);
    assert.match(page, /2 Comments/);
  });

  it("rejects with the CLI by deleting, and says so for unknown names", async () => {
    const form = await formOf(blog, 1);
    clock += 30n * SECOND;
    await post(blog, body(validFields(form, 1)));
    const name = pendingDirs(data)[0]!;
    assert.equal((await runCli("comments", "reject", name, "--data", data)).status, 0);
    assert.deepEqual(pendingDirs(data), []);
    const again = await runCli("comments", "reject", name, "--data", data);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /no pending comment/);
  });

  it("approves or rejects all pending comments at once", async () => {
    const form = await formOf(blog, 4);
    clock += 30n * SECOND;
    for (const n of [1, 2, 3]) await post(blog, body(validFields(form, 4, { a: `Reader ${n}` })));
    const result = await runCli("comments", "approve", "--all", "--data", data);
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim().split("\n").length, 3);
    assert.match(readFileSync(join(data, "posts/4/post.lisp"), "utf8"), /\(comments 1 2 3\)/);
  });
});
