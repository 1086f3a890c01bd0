/**
 * `blahg render --out` over many files: the outputs on several threads are
 * the bytes that rendering one file at a time prints, diagnostics come in
 * file order, and every output replaces its file through a rename.
 */

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeDerivedFile } from "../src/content/derived-files.js";
import { renderFile, type RenderJob, type RenderOutcome, type RenderSettings } from "../src/cli/render-file.js";
import { renderInPool } from "../src/cli/render-pool.js";
import { runCli } from "./support/run-cli.js";
import { fixturesDir } from "./support/paths.js";
import { removeDir, tempDirWith } from "./support/temp-dir.js";

/** Every fmt3 and Markdown source among the fixtures, each written as a post of its own (with repeats). */
function fixtureBodies(): Record<string, string> {
  const sources: Array<[string, string]> = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".tex")) sources.push(["post.tex", readFileSync(path, "utf8")]);
      else if (entry.name === "post.md") sources.push(["post.md", readFileSync(path, "utf8")]);
    }
  };
  for (const dir of ["conformance/fmt3", "fmt3", "markdown-site", "tex-math"]) walk(join(fixturesDir, dir));
  const files: Record<string, string> = {};
  // Enough posts for several batches per thread; one broken body and one bad formula among them.
  for (let i = 0; i < 150; i++) {
    const [name, source] = sources[i % sources.length]!;
    files[`posts/${i + 1}/${name}`] = source;
  }
  files["posts/40/post.tex"] = "fine\nnot _fine\n";
  files["posts/77/post.tex"] = "bad $x + \\nosuch{y}$ formula\n";
  files["posts/78/notes.txt"] = "a listing file\n";
  files["posts/78/post.tex"] = "see \\listing{notes.txt}\n";
  return files;
}

const dir = tempDirWith(fixtureBodies());
after(() => removeDir(dir));
const bodies = readdirSync(join(dir, "posts"))
  .sort((a, b) => Number(a) - Number(b))
  .map((id) => join(dir, "posts", id, readdirSync(join(dir, "posts", id)).find((f) => f.startsWith("post."))!));

describe("blahg render --out on many files", () => {
  for (const mode of ["html", "blahgd", "text"] as const) {
    it(`writes in ${mode} mode the same bytes as rendering one file at a time, with diagnostics in file order`, async () => {
      const out = join(dir, `out-${mode}`);
      const result = await runCli("render", "--mode", mode, "--out", out, ...bodies);
      let expectedErrors = "";
      let expectedStatus = 0;
      for (const body of bodies) {
        const one = await runCli("render", "--mode", mode, body);
        expectedErrors += one.stderr;
        if (one.status !== 0) expectedStatus = one.status;
        const id = body.split("/").at(-2)!;
        const target = join(out, `${id}.${mode === "text" ? "txt" : "html"}`);
        if (one.status === 0 || one.stdout !== "") assert.equal(readFileSync(target, "utf8"), one.stdout, target);
        else assert.equal(existsSync(target), false, `${target}: a body that does not render has no output`);
      }
      assert.ok(expectedErrors.includes("posts/40/post.tex:2:5"), "the broken body is reported");
      // Text mode leaves formulas as their source, so only the HTML modes warn.
      if (mode !== "text") assert.ok(expectedErrors.includes("posts/77/post.tex:1:"), "the bad formula is reported");
      assert.equal(result.stderr, expectedErrors);
      assert.equal(result.status, expectedStatus);
      assert.deepEqual(readdirSync(out).filter((name) => name.endsWith(".tmp")), [], "no temporary file is left");
    });
  }

  it("gives the same outcomes on one, two and four threads, and on worker threads alone", async () => {
    const jobs: RenderJob[] = bodies.map((file) => ({ file, format: file.endsWith(".md") ? "markdown" : "fmt3" }));
    const settings: RenderSettings = { mode: "html", urls: { base: "https://blog.example" } };
    const serial = jobs.map((job) => renderFile(job, settings));
    for (const [threads, mainThread] of [[1, true], [2, true], [4, true], [2, false]] as const) {
      const seen: Array<[number, RenderOutcome]> = [];
      const pool = await renderInPool(jobs, settings, (outcome, index) => void seen.push([index, outcome]), { threads, mainThread });
      assert.deepEqual(seen.map(([index]) => index), jobs.map((_, i) => i), "reported in job order");
      assert.deepEqual(seen.map(([, outcome]) => outcome), serial);
      if (threads === 1) assert.equal(pool.inWorkers, 0);
      if (!mainThread) assert.equal(pool.inWorkers, jobs.length);
    }
  });

  it("reports a file it cannot read and still writes the others", async () => {
    const out = join(dir, "out-missing");
    const missing = join(dir, "posts/999/post.tex");
    const result = await runCli("render", "--out", out, ...bodies.slice(0, 30), missing, ...bodies.slice(30, 60));
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot read: ENOENT\n`));
    assert.equal(readdirSync(out).length, 60 - 1); // posts/40 is broken and not written
  });
});

describe("writeDerivedFile", () => {
  it("replaces a file through a rename: a reader that has the old file open keeps reading all of it", () => {
    const path = join(dir, "derived.html");
    const old = "old ".repeat(50_000);
    writeFileSync(path, old);
    const fd = openSync(path, "r");
    try {
      writeDerivedFile(path, "new contents\n");
      const buffer = Buffer.alloc(old.length + 10);
      const read = readSync(fd, buffer, 0, buffer.length, 0);
      assert.equal(buffer.subarray(0, read).toString(), old);
    } finally {
      closeSync(fd);
    }
    assert.equal(readFileSync(path, "utf8"), "new contents\n");
  });

  it("creates a new file and leaves no temporary file behind", () => {
    const sub = join(dir, "derived-new");
    mkdirSync(sub);
    writeDerivedFile(join(sub, "a.html"), "a");
    writeDerivedFile(join(sub, "a.html"), "b");
    assert.deepEqual(readdirSync(sub), ["a.html"]);
    assert.equal(readFileSync(join(sub, "a.html"), "utf8"), "b");
  });

  it("throws when the target cannot be replaced and removes its temporary file", () => {
    const sub = join(dir, "derived-fail");
    mkdirSync(join(sub, "taken.html"), { recursive: true });
    writeFileSync(join(sub, "taken.html", "inside"), "x");
    assert.throws(() => writeDerivedFile(join(sub, "taken.html"), "contents"));
    assert.deepEqual(readdirSync(sub), ["taken.html"]);
    assert.ok(existsSync(join(sub, "taken.html", "inside")));
  });
});
