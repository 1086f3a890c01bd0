/** The `blahg` command line, run in-process with captured output and once as a real process. */

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { runCli } from "./support/run-cli.js";
import { conformanceDir, repoRoot } from "./support/paths.js";
import { removeDir, tempDirWith } from "./support/temp-dir.js";

const conformance = join(conformanceDir, "fmt3", "commands");
const dir = tempDirWith({
  "bad.tex": "fine\nnot _fine\n",
  "a/one.tex": "one\n",
  "b/one.tex": "other one\n",
  "config.lisp": `((base-url . "https://blog.example") (wiki-base-url . "https://wiki"))`,
  "bad-config.lisp": `((base-url . 5)`,
  "data/posts/1/post.lisp": `((time . "2020-01-01 00:00") (title . "t") (fmt . 3))`,
  "data/posts/1/post.tex": "ok\n\\textbf{oops\n",
  "math/posts/1/post.lisp": `((time . "2020-01-01 00:00") (title . "t") (fmt . 3))`,
  "math/posts/1/post.tex": "fine $\\alpha^2$\nbad $x + \\nosuch{y}$ here\n",
  "front/broken.md": "---\ntitle: [unclosed\n---\nBody\n",
  "front/fine.md": "---\ntitle: ok\nnosuchkey: 1\n---\nBody *b*\n",
});
after(() => removeDir(dir));

describe("blahg render", () => {
  it("prints a body in blahgd mode exactly as blahgd's test driver does", async () => {
    const result = await runCli("render", "--mode", "blahgd", join(conformance, "post.tex"));
    assert.deepEqual(result, { status: 0, stdout: readFileSync(join(conformance, "post.html"), "utf8"), stderr: "" });
  });
  it("takes the base URLs from --config", async () => {
    const result = await runCli("render", "--mode", "blahgd", "--config", join(dir, "config.lisp"), join(conformance, "post.tex"));
    assert.match(result.stdout, /href="https:\/\/blog\.example\/\?p=id1"/);
  });
  it("renders clean HTML by default and plain text on request", async () => {
    assert.equal((await runCli("render", join(conformance, "section.tex"))).stdout, "<h3>foo</h3>\n");
    assert.equal((await runCli("render", "--mode", "text", join(conformance, "section.tex"))).stdout, "foo");
  });
  it("writes one file per input with --out, named after the post id for post.tex", async () => {
    const out = join(dir, "out");
    const result = await runCli("render", "--out", out, join(conformance, "simple.tex"), join(conformance, "emph.tex"), join(repoRoot, "example/posts/1/post.tex"));
    assert.equal(result.status, 0);
    assert.deepEqual(readdirSync(out).sort(), ["1.html", "emph.html", "simple.html"]);
    assert.equal(readFileSync(join(out, "simple.html"), "utf8"), "<p>hello </p>\n");
  });
  it("refuses two inputs that would overwrite each other's output", async () => {
    const result = await runCli("render", "--out", join(dir, "out2"), join(dir, "a/one.tex"), join(dir, "b/one.tex"));
    assert.equal(result.status, 2);
    assert.match(result.stderr, /would both be written/);
  });
  it("refuses a Markdown body whose front matter is broken, as loading a blog does, and renders the others without it", async () => {
    const broken = join(dir, "front/broken.md");
    const result = await runCli("render", broken, join(dir, "front/fine.md"));
    assert.deepEqual(result, {
      status: 1,
      stdout: "<p>Body <em>b</em></p>\n",
      stderr: `${broken}:3:1: front matter: Flow sequence in block collection must be sufficiently indented and end with a ]\n`,
    });
  });

  it("reports a syntax error as FILE:LINE:COL and exits 1, still rendering the other files", async () => {
    const bad = join(dir, "bad.tex");
    const result = await runCli("render", bad, join(conformance, "simple.tex"));
    assert.equal(result.status, 1);
    assert.equal(result.stderr, `${bad}:2:5: unexpected '_' in text: write \\_ for a literal '_'\n`);
    assert.equal(result.stdout, "<p>hello </p>\n");
  });
  it("rejects an unknown mode or option with status 2", async () => {
    assert.equal((await runCli("render", "--mode", "pdf", "x.tex")).status, 2);
    assert.equal((await runCli("render", "--colour", "x.tex")).status, 2);
  });
  it("stops on a config file with errors", async () => {
    const result = await runCli("render", "--config", join(dir, "bad-config.lisp"), join(conformance, "simple.tex"));
    assert.equal(result.status, 1);
    assert.match(result.stderr, /bad-config\.lisp:1:\d+: /);
  });
});

describe("blahg lint", () => {
  it("is silent and exits 0 on the bundled example", async () => {
    assert.deepEqual(await runCli("lint", "--config", join(repoRoot, "example/config.lisp"), join(repoRoot, "example")), { status: 0, stdout: "", stderr: "" });
  });
  it("prints one path:line:col line per problem and exits 1", async () => {
    const result = await runCli("lint", join(dir, "data"));
    assert.equal(result.status, 1);
    assert.equal(result.stdout, `${join(dir, "data/posts/1/post.tex")}:2:8: unclosed '{': missing '}'\n`);
  });
  it("warns about a formula the TeX converter cannot read, at its place, and exits 0", async () => {
    const result = await runCli("lint", join(dir, "math"));
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `${join(dir, "math/posts/1/post.tex")}:2:10: warning: cannot render the formula (shown as its source): Unsupported function name: \\nosuch\n`);
  });
  it("checks the config file with lisplint's rules", async () => {
    const result = await runCli("lint", "--config", join(dir, "bad-config.lisp"), join(repoRoot, "example"));
    assert.equal(result.status, 1);
    assert.match(result.stdout, /bad-config\.lisp:\d+:\d+: /);
  });
});

describe("the blahg executable", () => {
  it("runs as a process and prints its version", () => {
    const out = execFileSync(process.execPath, [join(repoRoot, "dist/src/cli/main.js"), "--version"], { encoding: "utf8" });
    assert.match(out, /^blahg \d+\.\d+\.\d+\n$/);
  });
});

describe("blahg serve start-up failures", () => {
  const site = tempDirWith({
    "data/posts/1/post.lisp": `((time . "2020-01-01 00:00") (title . "t") (fmt . 3))`,
    "data/posts/1/post.tex": "ok\n",
    "not-a-dir": "a file",
  });
  after(() => removeDir(site));

  /** A port that something else is listening on. */
  async function takenPort(): Promise<{ port: number; close: () => void }> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { port: (server.address() as AddressInfo).port, close: () => server.close() };
  }

  function oneLine(stderr: string): string {
    assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
    assert.equal(stderr.trimEnd().split("\n").length, 1, stderr);
    return stderr;
  }

  it("names the HTTP port that is taken, in one line, with status 1", async () => {
    const taken = await takenPort();
    try {
      const result = await runCli("serve", "--data", join(site, "data"), "--port", String(taken.port), "--log-level", "error");
      assert.equal(result.status, 1);
      assert.match(oneLine(result.stderr), new RegExp(`^blahg serve: cannot listen on 127\\.0\\.0\\.1:${taken.port} \\(HTTP\\): address in use`));
    } finally {
      taken.close();
    }
  });

  it("names the SCGI port that is taken, in one line, with status 1", async () => {
    const taken = await takenPort();
    try {
      const result = await runCli("serve", "--data", join(site, "data"), "--port", "0", "--scgi-port", String(taken.port), "--log-level", "error");
      assert.equal(result.status, 1);
      assert.match(oneLine(result.stderr), new RegExp(`^blahg serve: cannot listen on 127\\.0\\.0\\.1:${taken.port} \\(SCGI\\): address in use`));
    } finally {
      taken.close();
    }
  });

  it("as a process: a blahgd config whose SCGI port is taken exits 1 with one line, and --no-scgi serves without SCGI", async () => {
    const taken = await takenPort();
    const config = join(site, `config-${taken.port}.lisp`);
    writeFileSync(config, `((data-dir . "${join(site, "data")}") (scgi-port . ${taken.port}) (http-port . 0))`);
    try {
      const run = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, "dist/src/cli/main.js"), "serve", "--config", config, "--log-level", "error", ...args], { encoding: "utf8", timeout: 10_000 });
      const failed = run();
      assert.equal(failed.status, 1);
      assert.match(oneLine(failed.stderr), /\(SCGI\): address in use/);
      // Killed after 2 s: a serving process does not stop by itself.
      const served = spawnSync(process.execPath, [join(repoRoot, "dist/src/cli/main.js"), "serve", "--config", config, "--no-scgi", "--log-level", "error"], { encoding: "utf8", timeout: 2000, killSignal: "SIGTERM" });
      assert.match(served.stderr, /serving .* at http:\/\/127\.0\.0\.1:\d+\/\n/);
      assert.doesNotMatch(served.stderr, /SCGI/);
    } finally {
      taken.close();
    }
  });

  it("as a process with --workers 2: a taken port stops it with status 1 instead of restarting workers", async () => {
    const taken = await takenPort();
    try {
      const result = spawnSync(process.execPath, [join(repoRoot, "dist/src/cli/main.js"), "serve", "--data", join(site, "data"), "--port", String(taken.port), "--workers", "2", "--log-level", "error"], { encoding: "utf8", timeout: 10_000 });
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`^blahg serve: cannot listen on 127\\.0\\.0\\.1:${taken.port} \\(HTTP\\): address in use`));
      assert.doesNotMatch(result.stderr, /starting another|\n\s+at /);
    } finally {
      taken.close();
    }
  });

  it("reports a bad config file at its place, with status 1", async () => {
    const result = await runCli("serve", "--config", join(dir, "bad-config.lisp"));
    assert.equal(result.status, 1);
    assert.match(result.stderr, /bad-config\.lisp:\d+:\d+: /);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it("names a data directory that is missing or not a directory, with status 1", async () => {
    const missing = await runCli("serve", "--data", join(site, "nowhere"), "--port", "0");
    assert.equal(missing.status, 1);
    assert.match(oneLine(missing.stderr), /^blahg serve: .*nowhere\/posts does not exist/);
    const file = await runCli("serve", "--data", join(site, "not-a-dir"), "--port", "0");
    assert.equal(file.status, 1);
    assert.match(oneLine(file.stderr), /^blahg serve: .*not-a-dir\/posts is not a directory/);
  });
});
