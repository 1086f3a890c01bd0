import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import fc from "fast-check";
import type { Diagnostic } from "../diagnostics.js";
import { readFrontMatter } from "../markup/markdown/front-matter.js";
import { Worker } from "node:worker_threads";
import { claimPostId, createPost, fmt3Metadata, localIsoTime, markdownPost, type NewPost } from "./create-post.js";
import { readPostMeta } from "./metadata.js";
import { parsePostDate } from "../markup/markdown/post-date.js";

const root = mkdtempSync(join(tmpdir(), "blahg-create-post-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** One line of any text, as a title or tag typed on a command line may be. */
const line = fc.string({ unit: "binary", minLength: 1, maxLength: 40 }).filter((s) => !/[\r\n]/.test(s) && s.trim() === s && s !== "");

const post = fc.record({
  title: line,
  tags: fc.array(line, { maxLength: 4 }),
  draft: fc.boolean(),
  format: fc.constant("markdown" as const),
  now: fc.integer({ min: 0, max: 4_102_444_800 }).map((s) => new Date(s * 1000)),
});

describe("new posts' metadata", () => {
  it("reads back from the front matter exactly as given, whatever the title and tags hold", () => {
    fc.assert(
      fc.property(post, (p: NewPost) => {
        const { meta, diagnostics, ok } = readFrontMatter(markdownPost(p));
        assert.deepEqual(diagnostics, []);
        assert.ok(ok);
        assert.equal(meta.title, p.title);
        assert.deepEqual(meta.tags, p.tags);
        assert.equal(meta.time, Math.floor(p.now.getTime() / 1000));
        assert.equal(meta.listed, p.draft ? false : undefined);
      }),
      { numRuns: 300 },
    );
  });

  it("reads back from post.lisp exactly as given, to the minute", () => {
    fc.assert(
      fc.property(post, (p: NewPost) => {
        const diagnostics: Diagnostic[] = [];
        const meta = readPostMeta(fmt3Metadata({ ...p, format: "fmt3" }), "post.lisp", diagnostics);
        assert.deepEqual(diagnostics, []);
        assert.equal(meta?.title, p.title);
        assert.deepEqual(meta?.tags, p.tags);
        assert.equal(meta?.time, Math.floor(p.now.getTime() / 60_000) * 60);
        assert.equal(meta?.listed, !p.draft);
      }),
      { numRuns: 300 },
    );
  });

  it("writes the date in ISO 8601 with the local offset, naming the same instant", () => {
    const now = new Date(Date.UTC(2025, 2, 9, 18, 30, 5));
    assert.match(localIsoTime(now), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    assert.equal(parsePostDate(localIsoTime(now)), now.getTime() / 1000);
  });
});

describe("createPost", () => {
  const base: NewPost = { title: "T", tags: [], draft: false, format: "markdown", now: new Date(0) };

  it("starts at 1 in an empty blog, creating posts/", () => {
    const data = join(root, "empty");
    assert.deepEqual(createPost(data, base), { id: 1, path: join(data, "posts", "1", "post.md") });
  });

  it("takes the highest id plus one, not the first gap, ignoring other names", () => {
    const data = join(root, "gaps");
    for (const name of ["2", "9", "010x", ".new", "README"]) mkdirSync(join(data, "posts", name), { recursive: true });
    assert.equal(createPost(data, base).id, 10);
    assert.equal(createPost(data, { ...base, format: "fmt3" }).id, 11);
    assert.deepEqual(readdirSync(join(data, "posts", "11")).sort(), ["post.lisp", "post.tex"]);
  });

  it("moves past ids another writer took after the scan", () => {
    const posts = join(root, "taken", "posts");
    for (const id of ["5", "6"]) mkdirSync(join(posts, id), { recursive: true });
    assert.equal(claimPostId(posts, 5), 7);
    assert.equal(claimPostId(posts, 5), 8);
  });

  it("gives distinct ids to threads that create posts at the same instant", async () => {
    const data = join(root, "race");
    mkdirSync(join(data, "posts"), { recursive: true });
    const threads = 6;
    const perThread = 5;
    // Every thread blocks on this word until all are ready, then they start together.
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const module = new URL("./create-post.js", import.meta.url).href;
    const code = `
      const { workerData, parentPort } = require("node:worker_threads");
      import(workerData.module).then(({ createPost }) => {
        const gate = new Int32Array(workerData.gate);
        Atomics.add(gate, 1, 1);
        Atomics.wait(gate, 0, 0);
        const ids = [];
        for (let i = 0; i < workerData.count; i++) {
          ids.push(createPost(workerData.data, { title: "T", tags: [], draft: false, format: "markdown", now: new Date(0) }).id);
        }
        parentPort.postMessage(ids);
      });`;
    const results = Array.from({ length: threads }, () => {
      const worker = new Worker(code, { eval: true, workerData: { module, gate: gate.buffer, data, count: perThread } });
      return new Promise<number[]>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
    });
    while (Atomics.load(gate, 1) < threads) await new Promise((r) => setTimeout(r, 5));
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    const ids = (await Promise.all(results)).flat().sort((a, b) => a - b);
    assert.deepEqual(ids, Array.from({ length: threads * perThread }, (_, i) => i + 1));
  });
});
