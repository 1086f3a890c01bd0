/**
 * The start-up snapshot `<data>/.blahg-index`: a restart takes unchanged
 * posts from it without reading them, loads again what changed, drops what
 * was deleted, reads what is new, and ignores (then rebuilds) a snapshot
 * that is corrupt, of another format or made for another data directory.
 * `blahg lint` does not look at it, and live reloads keep it current.
 */

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG, type Config } from "../src/config/config.js";
import { lintDataDir } from "../src/content/lint-data-dir.js";
import type { Post } from "../src/content/model.js";
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_FILE, type SnapshotKey } from "../src/content/post-snapshot.js";
import { silentLogger, type Logger } from "../src/log.js";
import { defaultThemeDir } from "../src/paths.js";
import { LiveSite } from "../src/server/live-site.js";
import { startBlog } from "../src/server/start-blog.js";
import { postPage } from "../src/site/pages/story.js";
import { Site } from "../src/site/site.js";
import { copyOfTestSite, rawRequest } from "./support/test-blog.js";

const VERSION = "test";
const copies: string[] = [];
after(() => {
  for (const dir of copies) rmSync(join(dir, ".."), { recursive: true, force: true });
});

/** Sets every file's mtime an hour back, so that no file is "racily" new for the snapshot. */
function age(dir: string): void {
  const past = new Date(Date.now() - 3600_000);
  for (const name of readdirSync(dir, { recursive: true }) as string[]) utimesSync(join(dir, name), past, past);
}

function site(): string {
  const dir = copyOfTestSite();
  copies.push(dir);
  rmSync(join(dir, SNAPSHOT_FILE), { force: true });
  age(dir);
  return dir;
}

interface Opened {
  live: LiveSite;
  /** The fields of the "loaded" line: how many posts came from the snapshot, how many were read. */
  loaded: { fromSnapshot: number; read: number; posts: number };
  infos: string[];
}

async function open(dataDir: string, configure?: (c: Config) => void): Promise<Opened> {
  const infos: string[] = [];
  let loaded: Opened["loaded"] | undefined;
  const log: Logger = {
    ...silentLogger,
    info: (msg, fields) => {
      infos.push(msg);
      if (msg.startsWith("loaded ")) loaded = fields as Opened["loaded"];
    },
  };
  const config: Config = { ...DEFAULT_CONFIG, dataDir };
  configure?.(config);
  const live = await LiveSite.open({ config, templateDir: defaultThemeDir, webDir: join(defaultThemeDir, "web"), version: VERSION, captcha: [1, 2], log });
  return { live, loaded: loaded!, infos };
}

/** Opens, compares with the snapshot, checks every body (which writes the snapshot) and closes. */
async function start(dataDir: string, configure?: (c: Config) => void): Promise<Opened> {
  const opened = await open(dataDir, configure);
  await opened.live.verifySnapshotInBackground();
  await opened.live.checkBodiesInBackground();
  opened.live.close();
  return opened;
}

function posts(live: LiveSite): Post[] {
  return [...live.site().index.all];
}

function key(dataDir: string): SnapshotKey {
  return { dataDir, photoBaseUrl: DEFAULT_CONFIG.photoBaseUrl, maxPostSize: DEFAULT_CONFIG.maxPostSize, version: VERSION };
}

/** Post directories that never make it into the snapshot (the test site has one that does not load and one whose body does not parse): read at every start. */
function notInSnapshot(dataDir: string): number {
  return readdirSync(join(dataDir, "posts")).length - snapshotIds(dataDir).length;
}

function snapshotIds(dataDir: string): number[] {
  const { entries, ignored } = decodeSnapshot(key(dataDir), readFileSync(join(dataDir, SNAPSHOT_FILE)));
  assert.equal(ignored, undefined);
  return [...entries.keys()].sort((a, b) => a - b);
}

/**
 * A blog of `dir` that has written its snapshot and watches its files, and
 * the title of one of its posts (`nth`) changed on disk, aged so that the
 * snapshot may take it (a file newer than its stamp's clock is left out as racy).
 */
async function retitleWhileServing(dir: string, nth: number, title: string): Promise<{ running: Opened; id: number }> {
  await start(dir);
  const running = await open(dir);
  await running.live.verifySnapshotInBackground();
  await running.live.checkBodiesInBackground();
  running.live.watch();
  // The watches of post directories are set up in slices.
  await new Promise((r) => setTimeout(r, 200));
  const id = posts(running.live)[nth]!.id;
  const lisp = join(dir, "posts", String(id), "post.lisp");
  writeFileSync(lisp, readFileSync(lisp, "utf8").replace(/\(title \. "[^"]*"\)/, `(title . "${title}")`));
  age(join(dir, "posts", String(id)));
  return { running, id };
}


describe("the start-up snapshot", () => {
  it("is written after the first load and gives a restart every post without reading one", async () => {
    const dir = site();
    const first = await start(dir);
    assert.equal(first.loaded.fromSnapshot, 0);
    assert.ok(existsSync(join(dir, SNAPSHOT_FILE)));
    const loadedFirst = posts(first.live);
    assert.ok(loadedFirst.length >= 5);
    assert.deepEqual(snapshotIds(dir), loadedFirst.map((p) => p.id).sort((a, b) => a - b));

    assert.equal(notInSnapshot(dir), 2);
    const again = await open(dir);
    assert.equal(again.loaded.read, 2);
    assert.equal(again.loaded.fromSnapshot, loadedFirst.length);
    // The same posts, field by field (paths, comments and tags included); the broken one is read, and dropped by the check.
    const kept = new Set(snapshotIds(dir));
    assert.deepEqual(posts(again.live).filter((p) => kept.has(p.id)), loadedFirst);
    await again.live.verifySnapshotInBackground();
    const before = statSync(join(dir, SNAPSHOT_FILE)).mtimeMs;
    await again.live.checkBodiesInBackground();
    again.live.close();
    assert.deepEqual(posts(again.live), loadedFirst);
    // Nothing changed: the snapshot is not rewritten.
    assert.equal(statSync(join(dir, SNAPSHOT_FILE)).mtimeMs, before);
  });

  it("keeps what pages and imported posts carry: page, parent, order, author, sticky, private, and a pingback's kind", async () => {
    const dir = site();
    for (const [id, front] of [
      [40, "title: About\ntype: page\norder: 2\nauthor: Ann\n"],
      [41, "title: Team\ntype: page\nparent: 40\n"],
      [42, "title: Pinned\ndate: 2024-02-01\nsticky: true\n"],
      [43, "title: Hidden\ndate: 2024-02-02\nprivate: true\n"],
    ] as const) {
      mkdirSync(join(dir, "posts", String(id)));
      writeFileSync(join(dir, "posts", String(id), "post.md"), `---\n${front}---\n\nText.\n`);
    }
    const comment = join(dir, "posts", "42", "comments", "1");
    mkdirSync(comment, { recursive: true });
    writeFileSync(join(comment, "meta.lisp"), '((author . "A blog") (time . "2024-02-03 10:00") (type . "pingback") (moderated . #t))');
    writeFileSync(join(comment, "text.txt"), "Linked here.");
    writeFileSync(join(dir, "posts", "42", "post.lisp"), "((comments 1))");
    age(dir);
    const first = await start(dir);
    const imported = (live: LiveSite): Post[] => posts(live).filter((p) => p.id >= 40).sort((a, b) => a.id - b.id);
    const loaded = imported(first.live);
    assert.deepEqual(loaded.map((p) => [p.id, p.page, p.parent, p.order, p.author, p.sticky, p.private]), [
      [40, true, undefined, 2, "Ann", undefined, undefined],
      [41, true, 40, undefined, undefined, undefined, undefined],
      [42, undefined, undefined, undefined, undefined, true, undefined],
      [43, undefined, undefined, undefined, undefined, undefined, true],
    ].filter(([id]) => loaded.some((p) => p.id === id)));
    assert.equal(loaded.find((p) => p.id === 42)?.comments[0]?.kind, "pingback");
    const again = await open(dir);
    assert.equal(again.loaded.read, 2, "only the test site's two unloadable posts are read again");
    assert.deepEqual(imported(again.live), loaded);
    again.live.close();
  });

  it("loads again a post whose post.lisp changed, and only that one", async () => {
    const dir = site();
    const first = await start(dir);
    const target = posts(first.live).find((p) => p.comments.length === 0)!;
    const lisp = join(dir, "posts", String(target.id), "post.lisp");
    writeFileSync(lisp, readFileSync(lisp, "utf8").replace(/\(title \. "[^"]*"\)/, '(title . "A new title")'));
    const again = await open(dir);
    assert.equal(again.loaded.read, notInSnapshot(dir));
    await again.live.verifySnapshotInBackground();
    assert.equal(again.live.site().index.post(target.id)?.title, "A new title");
    assert.ok(again.infos.some((m) => m.startsWith("1 posts changed since the start-up snapshot")), again.infos.join("\n"));
    again.live.close();
  });

  it("loads again a post whose body or comment changed", async () => {
    const dir = site();
    const first = await start(dir);
    const withComment = posts(first.live).find((p) => p.comments.length > 0)!;
    const comment = withComment.comments[0]!;
    const meta = join(dir, "posts", String(withComment.id), "comments", String(comment.id), "meta.lisp");
    writeFileSync(meta, readFileSync(meta, "utf8").replace(/\(author \. "[^"]*"\)/, '(author . "Someone Else")'));
    const other = posts(first.live).find((p) => p.id !== withComment.id)!;
    writeFileSync(join(dir, "posts", String(other.id), "post.tex"), "\\tag{from-the-body}\nA new body.\n");
    const again = await open(dir);
    await again.live.verifySnapshotInBackground();
    assert.equal(again.live.site().index.post(withComment.id)?.comments[0]?.author, "Someone Else");
    assert.ok(again.live.site().index.post(other.id)?.tags.includes("from-the-body"));
    again.live.close();
  });

  it("leaves out a deleted post at once and reads a new one", async () => {
    const dir = site();
    const first = await start(dir);
    const [gone, kept] = posts(first.live);
    rmSync(join(dir, "posts", String(gone!.id)), { recursive: true });
    mkdirSync(join(dir, "posts", "99"));
    writeFileSync(join(dir, "posts", "99", "post.lisp"), '((title . "Brand new") (time . "2024-05-30 10:00") (fmt . 3))');
    writeFileSync(join(dir, "posts", "99", "post.tex"), "New.\n");
    const again = await open(dir);
    // The new post, and the two of the test site that never make it into the snapshot.
    assert.equal(again.loaded.read, 3);
    assert.equal(again.live.site().index.post(gone!.id), undefined);
    assert.equal(again.live.site().index.post(99)?.title, "Brand new");
    assert.equal(again.live.site().index.post(kept!.id)?.title, kept!.title);
    await again.live.verifySnapshotInBackground();
    await again.live.checkBodiesInBackground();
    again.live.close();
    const ids = snapshotIds(dir);
    assert.ok(!ids.includes(gone!.id));
    // Post 99's files are seconds old: "racily" new, they are read again next time rather than trusted.
    assert.ok(!ids.includes(99));
  });

  it("drops a post whose post.lisp was deleted while the blog was stopped", async () => {
    const dir = site();
    const first = await start(dir);
    const victim = posts(first.live)[0]!;
    rmSync(join(dir, "posts", String(victim.id), "post.lisp"));
    const again = await open(dir);
    await again.live.verifySnapshotInBackground();
    assert.equal(again.live.site().index.post(victim.id), undefined);
    again.live.close();
  });

  const damage: Array<[string, (bytes: Buffer) => Buffer, RegExp]> = [
    ["truncated", (b) => b.subarray(0, b.length >> 1), /checksum/],
    ["garbage", () => Buffer.from("\u0000\u00ff not a snapshot at all\n{]"), /not a blahg snapshot/],
    ["empty", () => Buffer.alloc(0), /no header/],
    ["of another format", (b) => Buffer.from(b.toString("latin1").replace(/^blahg-index \d+ /, "blahg-index 999 "), "latin1"), /format 999/],
    ["with a body that does not match its checksum", (b) => Buffer.concat([b, Buffer.from(" ")]), /checksum/],
    ["bit-flipped", (b) => Buffer.from(b).fill(b[b.length - 9]! ^ 0x10, b.length - 9, b.length - 8), /checksum/],
    ["of the JSON format 4 of earlier versions", () => Buffer.from(`blahg-index 4 ${"0".repeat(32)} ${"0".repeat(64)}\n[]`), /format 4, this blahg writes 5/],
  ];
  for (const [what, spoil, why] of damage) {
    it(`is ignored and rebuilt when it is ${what}`, async () => {
      const dir = site();
      const first = await start(dir);
      const path = join(dir, SNAPSHOT_FILE);
      writeFileSync(path, spoil(readFileSync(path)));
      const again = await start(dir);
      assert.equal(again.loaded.fromSnapshot, 0);
      assert.ok(again.infos.some((m) => m.includes("snapshot is ignored") && why.test(m)), again.infos.join("\n"));
      assert.deepEqual(posts(again.live), posts(first.live));
      assert.deepEqual(snapshotIds(dir), posts(first.live).map((p) => p.id).sort((a, b) => a - b));
    });
  }

  it("is ignored when it holds values blahg never writes, even with a valid checksum", async () => {
    const dir = site();
    const first = await start(dir);
    // A post whose file stamps point out of its directory, written with a checksum that matches.
    const [post] = posts(first.live);
    writeFileSync(join(dir, SNAPSHOT_FILE), encodeSnapshot(key(dir), [{ post: post!, files: { paths: ["../../etc/passwd"], digest: 1234, racy: false }, checked: true }]));
    const again = await open(dir);
    assert.equal(again.loaded.fromSnapshot, 0);
    assert.ok(again.infos.some((m) => m.includes("snapshot is ignored") && /file stamps/.test(m)), again.infos.join("\n"));
    again.live.close();
  });

  it("made for another data directory (a copy) or other settings is not used", async () => {
    const dir = site();
    const first = await start(dir);
    const copy = join(dir, "..", "copy");
    cpSync(dir, copy, { recursive: true });
    age(copy);
    const inCopy = await start(copy);
    assert.equal(inCopy.loaded.fromSnapshot, 0);
    assert.deepEqual(posts(inCopy.live).map((p) => p.title), posts(first.live).map((p) => p.title));
    const otherPhotos = await open(dir, (c) => (c.photoBaseUrl = "https://elsewhere.example/photos"));
    assert.equal(otherPhotos.loaded.fromSnapshot, 0);
    otherPhotos.live.close();
  });

  it("is left alone by blahg lint, whatever it holds", async () => {
    const dir = site();
    const clean = lintDataDir(dir);
    writeFileSync(join(dir, SNAPSHOT_FILE), "garbage that is no data file\n((((");
    assert.deepEqual(lintDataDir(dir), clean);
  });

  it("follows live reloads: an edit made while the blog runs is in the snapshot it leaves", async () => {
    const dir = site();
    const { running, id } = await retitleWhileServing(dir, 0, "Edited live");
    const deadline = Date.now() + 3000;
    while (running.live.site().index.post(id)?.title !== "Edited live") {
      assert.ok(Date.now() < deadline, "the edit was not seen");
      await new Promise((r) => setTimeout(r, 20));
    }
    running.live.close();
    const { entries } = decodeSnapshot(key(dir), readFileSync(join(dir, SNAPSHOT_FILE)));
    assert.equal(entries.get(id)?.post.title, "Edited live");
    const again = await open(dir);
    assert.equal(again.loaded.read, notInSnapshot(dir));
    assert.equal(again.live.site().index.post(id)?.title, "Edited live");
    again.live.close();
  });

  it("writes an edit into the snapshot while serving (encoded in slices), without waiting for the blog to close", async () => {
    const dir = site();
    const { running, id } = await retitleWhileServing(dir, 1, "Saved while serving");
    const snapshotTitle = (): string | undefined => decodeSnapshot(key(dir), readFileSync(join(dir, SNAPSHOT_FILE))).entries.get(id)?.post.title;
    const deadline = Date.now() + 8000;
    try {
      while (snapshotTitle() !== "Saved while serving") {
        assert.ok(Date.now() < deadline, "the snapshot was not rewritten while serving");
        await new Promise((r) => setTimeout(r, 50));
      }
      // Every other post is still in it.
      assert.equal(decodeSnapshot(key(dir), readFileSync(join(dir, SNAPSHOT_FILE))).entries.size, posts(running.live).length);
    } finally {
      running.live.close();
    }
  });

  it("records which bodies parse, so that a restart does not check them again, and not a broken one", async () => {
    const dir = site();
    const victim = "1";
    writeFileSync(join(dir, "posts", victim, "post.tex"), "\\textbf{never closed\n");
    age(dir);
    const first = await start(dir);
    assert.equal(first.live.site().index.post(Number(victim)), undefined);
    const { entries } = decodeSnapshot(key(dir), readFileSync(join(dir, SNAPSHOT_FILE)));
    assert.ok(entries.size > 0);
    assert.ok([...entries.values()].every((e) => e.checked));
    assert.ok(!entries.has(Number(victim)));
  });
});

describe("a first start of a big blog (no snapshot)", () => {
  it("answers at once with the posts it has, a 503 (never a 404) for a post not loaded yet, and all of them in the end", async () => {
    const root = mkdtempSync(join(tmpdir(), "blahg-big-start-"));
    copies.push(join(root, "site"));
    const dir = join(root, "site");
    const count = 1500;
    for (let id = 1; id <= count; id++) {
      mkdirSync(join(dir, "posts", String(id)), { recursive: true });
      writeFileSync(join(dir, "posts", String(id), "post.lisp"), `((title . "Post ${id}") (time . "2020-01-01 00:00") (fmt . 3) (tags "t${id % 7}"))`);
      writeFileSync(join(dir, "posts", String(id), "post.tex"), `Body of post ${id}.\n`);
    }
    const config: Config = { ...DEFAULT_CONFIG, dataDir: dir, httpHost: "127.0.0.1", httpPort: 0 };
    const blog = await startBlog({ config, templateDir: defaultThemeDir, webDir: join(defaultThemeDir, "web"), log: silentLogger, watch: false });
    try {
      assert.equal((await rawRequest(blog.url + "/")).status, 200);
      const statuses = new Set<number>();
      for (const id of [count, 1, 750]) {
        for (;;) {
          const { status } = await rawRequest(`${blog.url}/?p=${id}`);
          statuses.add(status);
          if (status !== 503) break;
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      assert.deepEqual([...statuses].filter((s) => s !== 503), [200]);
      await blog.site.loaded;
      assert.equal(blog.site.site().index.all.length, count);
      assert.equal(blog.site.site().loading, false);
      assert.equal((await rawRequest(`${blog.url}/?p=${count + 1}`)).status, 404);
      await blog.checked;
    } finally {
      await blog.close();
    }
  });

  it("shows a story page as 503 while posts load, and as 404 once they are all loaded", async () => {
    const dir = site();
    const opened = await open(dir);
    const base = opened.live.site();
    const loading = new Site({ config: base.config, index: base.index, templates: base.templates, bodies: base.bodies, version: VERSION, captcha: [1, 2], loading: true });
    assert.equal(postPage(loading, 12345, "html", undefined, 0n).status, 503);
    assert.equal(postPage(base, 12345, "html", undefined, 0n).status, 404);
    opened.live.close();
  });
});
