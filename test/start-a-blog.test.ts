/**
 * Starting a blog from nothing: `blahg init`, `blahg new`, and `blahg serve`
 * run inside the new blog's folder, up to reading the welcome post and a
 * new post over HTTP from a real server process.
 */

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfigFile } from "../src/config/load-config.js";
import { filesUnder } from "./support/file-tree.js";
import { runCli } from "./support/run-cli.js";
import { repoRoot } from "./support/paths.js";
import { removeDir } from "./support/temp-dir.js";

const main = join(repoRoot, "dist/src/cli/main.js");
const root = mkdtempSync(join(tmpdir(), "blahg-init-"));
after(() => removeDir(root));

let blogs = 0;
async function newBlog(...flags: string[]): Promise<string> {
  const dir = join(root, `blog-${++blogs}`);
  const result = await runCli("init", ...flags, dir);
  assert.equal(result.status, 0, result.stderr);
  return dir;
}

/** Runs the built `blahg` as a process in `cwd`; resolves with its output and status. */
function runProcess(cwd: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Starts `blahg serve ARGS` in `cwd` and waits for the address it prints. */
async function startServer(cwd: string, ...args: string[]): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [main, "serve", "--port", "0", "--log-level", "warn", ...args], { cwd });
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address in 20 s: ${stderr}`)), 20_000);
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d;
      const m = / at (http:\/\/[^ ]+?)\/?(?: |\n)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { url, child, stderr: () => stderr };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Fetches a page, retrying while the posts are still loading (404) for a few seconds. */
async function fetchPage(url: string): Promise<string> {
  for (let i = 0; ; i++) {
    let response = await fetch(url, { redirect: "manual" });
    // init writes a permalink, so `/?p=ID` moves to the post's URL under base-url: follow it on this server.
    if (response.status === 301) {
      const moved = new URL(response.headers.get("location") ?? "/");
      response = await fetch(new URL(moved.pathname + moved.search, url));
    }
    if (response.ok || i >= 50) {
      assert.equal(response.status, 200, url);
      return response.text();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the welcome post promises, as the page shows it. */
function assertShowsEveryFeature(html: string): void {
  assert.match(html, /<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML">/, "inline math");
  assert.match(html, /<math [^>]*display="block"/, "display math");
  assert.match(html, /<span class="hljs-keyword">def<\/span>/, "highlighted code");
  assert.match(html, /<table[^>]*>\s*<thead>/, "a table");
  assert.match(html, /<sup class="footnote-ref"><a href="#fn-\d+-1"/, "a footnote reference");
  assert.match(html, /<section class="footnotes">/, "the footnotes");
  assert.match(html, /<li class="task-list-item"><input class="task-list-item-checkbox" type="checkbox" checked disabled aria-label="[^"]+">/, "a task list");
}

describe("blahg init", () => {
  it("creates config.lisp and the welcome post, and nothing else", async () => {
    const dir = join(root, "fresh");
    const result = await runCli("init", "--title", "Notes \"from\" here", "--author", "Ada", "--base-url", "https://blog.example/", dir);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "");
    assert.deepEqual(filesUnder(dir), ["config.lisp", join("data", "posts", "1", "post.md")]);
    const config = readFileSync(join(dir, "config.lisp"), "utf8");
    assert.match(config, /\(site-title \. "Notes \\"from\\" here"\)/);
    assert.match(config, /\(site-author \. "Ada"\)/);
    assert.match(config, /\(base-url \. "https:\/\/blog\.example"\)/, "the trailing slash is dropped");
    assert.match(config, /\(permalink \. "\/%year%\/%monthnum%\/%postname%\/"\)/, "a new blog gets pretty URLs");
    assert.match(config, /^ *; .*\n/m, "the keys are explained in comments");
  });

  it("writes a config that loads without a diagnostic, with its data directory beside it", async () => {
    const dir = await newBlog();
    const { config, diagnostics } = await loadConfigFile(join(dir, "config.lisp"));
    assert.deepEqual(diagnostics, []);
    assert.equal(config?.dataDir, join(dir, "data"));
    assert.equal(config?.pathsRelativeTo, "config");
    assert.equal(config?.siteTitle, "My blog");
  });

  it("makes a blog that lints clean, warnings included", async () => {
    const dir = await newBlog();
    assert.deepEqual(await runCli("lint", "--strict", "--config", join(dir, "config.lisp")), { status: 0, stdout: "", stderr: "" });
  });

  it("refuses a folder that already holds a blog and changes nothing in it", async () => {
    const dir = await newBlog("--title", "First");
    const before = readFileSync(join(dir, "config.lisp"), "utf8");
    const again = await runCli("init", "--title", "Second", dir);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /config\.lisp exists: .* already holds a blog/);
    assert.equal(readFileSync(join(dir, "config.lisp"), "utf8"), before);
    // A blahgd data directory without config.lisp is a blog too.
    const data = join(root, "blahgd-data");
    mkdirSync(join(data, "data", "posts", "4"), { recursive: true });
    const onData = await runCli("init", data);
    assert.equal(onData.status, 1);
    assert.match(onData.stderr, /posts exists/);
    assert.equal(existsSync(join(data, "config.lisp")), false);
  });

  it("rejects a second folder with a usage error", async () => {
    assert.equal((await runCli("init", join(root, "a"), join(root, "b"))).status, 2);
  });
});

describe("blahg new", () => {
  it("creates the post after the highest id and prints only its path", async () => {
    const dir = await newBlog();
    mkdirSync(join(dir, "data", "posts", "7"));
    mkdirSync(join(dir, "data", "posts", "not-a-post"));
    const result = await runCli("new", "--config", join(dir, "config.lisp"), "Hello: \"world\"");
    assert.equal(result.status, 0, result.stderr);
    const path = join(dir, "data", "posts", "8", "post.md");
    assert.equal(result.stdout, path + "\n");
    assert.match(result.stderr, /post 8/);
    const text = readFileSync(path, "utf8");
    assert.match(text, /^---\ntitle: 'Hello: "world"'\ndate: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d\n---\n/);
  });

  it("fills in tags and draft, and makes a post the blog lists only when it is not a draft", async () => {
    const dir = await newBlog();
    const data = join(dir, "data");
    const tagged = await runCli("new", "--data", data, "--tag", "linux", "--tag", "c, d", "Tagged");
    assert.match(readFileSync(tagged.stdout.trim(), "utf8"), /^---\ntitle: Tagged\ndate: [^\n]+\ntags: \[linux, "c, d"\]\n---\n/);
    const draft = await runCli("new", "--data", data, "--draft", "Secret");
    assert.match(readFileSync(draft.stdout.trim(), "utf8"), /\ndraft: true\n---\n/);
    assert.deepEqual(await runCli("lint", "--strict", data), { status: 0, stdout: "", stderr: "" });
  });

  it("writes post.lisp and post.tex for --format fmt3 and prints the .tex path", async () => {
    const dir = await newBlog();
    const result = await runCli("new", "--data", join(dir, "data"), "--format", "fmt3", "--tag", "notes", "--draft", "An fmt3 post");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, join(dir, "data", "posts", "2", "post.tex") + "\n");
    const lisp = readFileSync(join(dir, "data", "posts", "2", "post.lisp"), "utf8");
    assert.match(lisp, /^\(\(time \. "\d{4}-\d\d-\d\d \d\d:\d\d"\)\n \(title \. "An fmt3 post"\)\n \(fmt \. 3\)\n \(tags "notes"\)\n \(listed \. #f\)\)\n$/);
    assert.deepEqual(await runCli("lint", "--strict", join(dir, "data")), { status: 0, stdout: "", stderr: "" });
  });

  it("gives each of several processes started together its own id", async () => {
    // Processes start at uneven speeds and rarely collide; the race itself is
    // forced with threads in src/content/create-post.test.ts.
    const dir = await newBlog();
    const runs = await Promise.all(Array.from({ length: 6 }, (_, i) => runProcess(dir, "new", `Post ${i}`)));
    for (const run of runs) assert.equal(run.status, 0, run.stderr);
    const paths = runs.map((r) => r.stdout.trim()).sort();
    assert.deepEqual(paths, [2, 3, 4, 5, 6, 7].map((id) => join("data", "posts", String(id), "post.md")).sort());
    for (const path of paths) assert.match(readFileSync(join(dir, path), "utf8"), /^---\ntitle: Post \d\n/);
  });

  it("finds the blog from ./config.lisp, and says so when there is none", async () => {
    const dir = await newBlog();
    const inside = await runProcess(dir, "new", "Here");
    assert.equal(inside.stdout, join("data", "posts", "2", "post.md") + "\n");
    const elsewhere = await runProcess(root, "new", "Nowhere");
    assert.equal(elsewhere.status, 1);
    assert.equal(elsewhere.stdout, "");
    assert.match(elsewhere.stderr, /no blog here/);
  });

  it("rejects a bad format, a missing title and an empty tag with usage errors", async () => {
    const dir = await newBlog();
    for (const args of [["--format", "rst", "T"], [], ["--tag", " ", "T"], ["A", "B"]]) {
      const result = await runCli("new", "--data", join(dir, "data"), ...args);
      assert.equal(result.status, 2, args.join(" "));
      assert.equal(result.stdout, "");
    }
    assert.deepEqual(readdirSync(join(dir, "data", "posts")), ["1"]);
  });
});

describe("blahg serve in a blog made by init", () => {
  it("serves ./config.lisp's blog: the welcome post and a new post with math, code, a table, a footnote and a task list", async () => {
    const dir = await newBlog("--title", "Fresh start");
    const made = await runProcess(dir, "new", "--tag", "welcome", "Second post");
    const path = join(dir, made.stdout.trim());
    const body = readFileSync(join(dir, "data", "posts", "1", "post.md"), "utf8").replace(/^---\n[^]*?\n---\n/, "");
    writeFileSync(path, readFileSync(path, "utf8").replace("Write your post here.\n", () => body));
    // Served from elsewhere with --config: the paths still resolve against the config's folder.
    for (const [cwd, args] of [[dir, []], [root, ["--config", join(dir, "config.lisp"), "--no-scgi"]]] as const) {
      const server = await startServer(cwd, ...args);
      try {
        const welcome = await fetchPage(`${server.url}/?p=1`);
        assert.match(welcome, /Welcome to your blog/);
        assert.match(welcome, /Fresh start/);
        assertShowsEveryFeature(welcome);
        const second = await fetchPage(`${server.url}/?p=2`);
        assert.match(second, /Second post/);
        assertShowsEveryFeature(second);
        assert.match(await fetchPage(`${server.url}/?tag=welcome`), /Second post/);
        assert.doesNotMatch(server.stderr(), /warn|error/i);
      } finally {
        await stop(server.child);
      }
    }
  });

  it("serves the bundled example in a folder without config.lisp", async () => {
    const server = await startServer(root);
    try {
      assert.match(await fetchPage(`${server.url}/`), /The blahg example/);
    } finally {
      await stop(server.child);
    }
  });
});
