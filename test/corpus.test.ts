/** Tests of the benchmark corpus generator: deterministic, complete, and safe with its output dir. */
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { generateCorpus, generateCorpusPosts } from "../bench/corpus.js";

/** Every file under `root` as relative path -> contents, plus the list of directories. */
async function readTree(root: string): Promise<{ files: Map<string, string>; dirs: string[] }> {
  const files = new Map<string, string>();
  const dirs: string[] = [];
  async function walk(rel: string): Promise<void> {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true });
    for (const e of entries) {
      const child = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        dirs.push(child);
        await walk(child);
      } else {
        files.set(child, await readFile(path.join(root, child), "utf8"));
      }
    }
  }
  await walk("");
  dirs.sort();
  return { files, dirs };
}

describe("generateCorpus", () => {
  let work = "";
  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "blahg-corpus-"));
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("writes byte-identical trees for the same seed", async () => {
    const a = await generateCorpus(path.join(work, "a"), { posts: 50, seed: 7 });
    const b = await generateCorpus(path.join(work, "b"), { posts: 50, seed: 7 });
    assert.deepEqual(a, b);
    const ta = await readTree(path.join(work, "a"));
    const tb = await readTree(path.join(work, "b"));
    assert.deepEqual(ta.dirs, tb.dirs);
    assert.deepEqual([...ta.files.keys()].sort(), [...tb.files.keys()].sort());
    for (const [name, content] of ta.files) assert.equal(tb.files.get(name), content, name);
  });

  it("writes different posts for different seeds", async () => {
    await generateCorpus(path.join(work, "s1"), { posts: 50, seed: 1 });
    await generateCorpus(path.join(work, "s2"), { posts: 50, seed: 2 });
    const t1 = await readTree(path.join(work, "s1"));
    const t2 = await readTree(path.join(work, "s2"));
    const first = (t: { files: Map<string, string> }): string | undefined => t.files.get("posts/1/post.tex");
    assert.ok(first(t1) !== undefined && first(t2) !== undefined);
    assert.notEqual(first(t1), first(t2));
  });

  it("defaults to seed 1", async () => {
    const explicit = [...generateCorpusPosts({ posts: 3, seed: 1 })];
    const implicit = [...generateCorpusPosts({ posts: 3 })];
    assert.deepEqual(implicit, explicit);
  });

  it("writes a complete data directory and reports what it wrote", async () => {
    const out = path.join(work, "complete");
    const stats = await generateCorpus(out, { posts: 50 });
    const tree = await readTree(out);
    assert.equal(stats.posts, 50);
    assert.ok(tree.dirs.includes("pending-comments"));
    assert.deepEqual(await readdir(path.join(out, "pending-comments")), []);

    const postDirs = tree.dirs.filter((d) => /^posts\/\d+$/.test(d));
    assert.equal(postDirs.length, 50);
    for (const d of postDirs) {
      assert.ok(tree.files.has(`${d}/post.lisp`), `${d}/post.lisp`);
      assert.ok(tree.files.has(`${d}/post.tex`), `${d}/post.tex`);
    }
    const commentDirs = tree.dirs.filter((d) => /^posts\/\d+\/comments\/\d+$/.test(d));
    assert.equal(commentDirs.length, stats.comments);
    for (const d of commentDirs) {
      assert.ok(tree.files.has(`${d}/meta.lisp`) && tree.files.has(`${d}/text.txt`), d);
    }
    let bytes = 0;
    for (const content of tree.files.values()) bytes += Buffer.byteLength(content);
    assert.equal(stats.bytes, bytes);
  });

  it("lists exactly the comment directories it wrote in post.lisp", async () => {
    for (const post of generateCorpusPosts({ posts: 200, seed: 3 })) {
      const lisp = post.files.find((f) => f.path.endsWith("/post.lisp"));
      assert.ok(lisp !== undefined);
      const listed = /\(comments((?: \d+)*)\)/.exec(lisp.content)?.[1]?.trim().split(" ").filter(Boolean) ?? [];
      const onDisk = post.files
        .map((f) => /\/comments\/(\d+)\/meta\.lisp$/.exec(f.path)?.[1])
        .filter((c): c is string => c !== undefined);
      assert.deepEqual(onDisk, listed, `post ${post.id}`);
    }
  });

  it("writes post bodies without CR, control characters or 4-byte UTF-8, which fmt3 cannot lex", () => {
    for (const post of generateCorpusPosts({ posts: 200, seed: 4 })) {
      const tex = post.files.find((f) => f.path.endsWith("/post.tex"));
      assert.ok(tex !== undefined);
      assert.doesNotMatch(tex.content, /[\u0000-\u0008\u000b-\u001f\u007f]|[\u{10000}-\u{10ffff}]/u, `post ${post.id}`);
      assert.ok(!tex.content.startsWith("\n"), `post ${post.id} starts with a blank line`);
      assert.ok(tex.content.endsWith("\n") && !tex.content.endsWith("\n\n"), `post ${post.id} ending`);
    }
  });

  it("refuses to clear a directory that is not a corpus", async () => {
    const out = path.join(work, "precious");
    await generateCorpus(out, { posts: 1 });
    await writeFile(path.join(out, "notes.txt"), "keep me");
    await assert.rejects(generateCorpus(out, { posts: 1 }), /does not look like a corpus/);
    assert.equal(await readFile(path.join(out, "notes.txt"), "utf8"), "keep me");
  });

  it("replaces an older corpus in the same directory", async () => {
    const out = path.join(work, "again");
    await generateCorpus(out, { posts: 30 });
    await generateCorpus(out, { posts: 5 });
    const posts = await readdir(path.join(out, "posts"));
    assert.equal(posts.length, 5);
  });
});
