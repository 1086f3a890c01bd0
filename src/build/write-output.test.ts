import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashBytes } from "./manifest.js";
import { TaskQueue } from "./task-queue.js";
import { OutputWriter } from "./write-output.js";

const bytes = (text: string): Buffer => Buffer.from(text, "utf8");

describe("the output writer", () => {
  it("writes files into directories it makes, leaving no temporary file", async () => {
    const out = mkdtempSync(join(tmpdir(), "blahg-write-"));
    const writer = new OutputWriter(out);
    assert.equal((await writer.write("a/b/c/index.html", bytes("one"), undefined)).outcome, "written");
    assert.equal((await writer.write("a/b/feed.xml", bytes("two"), undefined)).outcome, "written");
    assert.equal((await writer.write("a/index.html", bytes("three"), undefined)).outcome, "written");
    assert.equal(readFileSync(join(out, "a/b/c/index.html"), "utf8"), "one");
    assert.equal(readFileSync(join(out, "a/b/feed.xml"), "utf8"), "two");
    assert.deepEqual(readdirSync(join(out, "a")).sort(), ["b", "index.html"]);
  });

  it("leaves a file with the same bytes alone, by the manifest's hash or by comparing, and replaces one that changed", async () => {
    const out = mkdtempSync(join(tmpdir(), "blahg-write-"));
    mkdirSync(join(out, "p"));
    for (const name of ["known", "unknown", "changed"]) writeFileSync(join(out, "p", name), "same");
    const old = new Date(2000, 0, 1);
    for (const name of ["known", "unknown", "changed"]) utimesSync(join(out, "p", name), old, old);
    const writer = new OutputWriter(out);
    assert.equal((await writer.write("p/known", bytes("same"), hashBytes(bytes("same")))).outcome, "unchanged");
    assert.equal((await writer.write("p/unknown", bytes("same"), undefined)).outcome, "unchanged");
    assert.equal((await writer.write("p/changed", bytes("else"), hashBytes(bytes("same")))).outcome, "written");
    assert.equal(statSync(join(out, "p", "known")).mtime.getTime(), old.getTime());
    assert.equal(statSync(join(out, "p", "unknown")).mtime.getTime(), old.getTime());
    assert.equal(readFileSync(join(out, "p", "changed"), "utf8"), "else");
  });

  it("writes many files at once into the same new directories", async () => {
    const out = mkdtempSync(join(tmpdir(), "blahg-write-"));
    const writer = new OutputWriter(out);
    const paths = Array.from({ length: 40 }, (_, i) => `t/${i % 3}/page/${i}/index.html`);
    const results = await Promise.all(paths.map((path) => writer.write(path, bytes(path), undefined)));
    assert.ok(results.every((r) => r.outcome === "written"));
    for (const path of paths) assert.equal(readFileSync(join(out, path), "utf8"), path);
  });
});

describe("the output writer, writing on the calling thread", () => {
  it("writes files into directories it makes, leaving no temporary file", () => {
    const out = mkdtempSync(join(tmpdir(), "blahg-write-"));
    const writer = new OutputWriter(out);
    assert.equal(writer.writeSync("a/b/c/index.html", bytes("one"), undefined).outcome, "written");
    assert.equal(writer.writeSync("a/b/feed.xml", bytes("two"), undefined).outcome, "written");
    assert.equal(writer.writeSync("a/index.html", bytes("three"), undefined).outcome, "written");
    assert.equal(readFileSync(join(out, "a/b/c/index.html"), "utf8"), "one");
    assert.equal(readFileSync(join(out, "a/b/feed.xml"), "utf8"), "two");
    assert.deepEqual(readdirSync(join(out, "a")).sort(), ["b", "index.html"]);
    assert.deepEqual(readdirSync(join(out, "a/b")).sort(), ["c", "feed.xml"]);
  });

  it("leaves a file with the same bytes alone, by the manifest's hash or by comparing, and replaces one that changed", () => {
    const out = mkdtempSync(join(tmpdir(), "blahg-write-"));
    mkdirSync(join(out, "p"));
    for (const name of ["known", "unknown", "changed", "longer"]) writeFileSync(join(out, "p", name), "same");
    const old = new Date(2000, 0, 1);
    for (const name of ["known", "unknown", "changed", "longer"]) utimesSync(join(out, "p", name), old, old);
    const writer = new OutputWriter(out);
    assert.equal(writer.writeSync("p/known", bytes("same"), hashBytes(bytes("same"))).outcome, "unchanged");
    assert.equal(writer.writeSync("p/unknown", bytes("same"), undefined).outcome, "unchanged");
    assert.equal(writer.writeSync("p/changed", bytes("else"), hashBytes(bytes("same"))).outcome, "written");
    assert.equal(writer.writeSync("p/longer", bytes("same and more"), undefined).outcome, "written");
    assert.equal(statSync(join(out, "p", "known")).mtime.getTime(), old.getTime());
    assert.equal(statSync(join(out, "p", "unknown")).mtime.getTime(), old.getTime());
    assert.equal(readFileSync(join(out, "p", "changed"), "utf8"), "else");
    assert.equal(readFileSync(join(out, "p", "longer"), "utf8"), "same and more");
    assert.deepEqual(readdirSync(join(out, "p")).sort(), ["changed", "known", "longer", "unknown"]);
  });

  it("looks for an existing file in a directory it found, not only in the first one it made", () => {
    const out = mkdtempSync(join(tmpdir(), "blahg-write-"));
    mkdirSync(join(out, "old"));
    writeFileSync(join(out, "old", "index.html"), "kept");
    const writer = new OutputWriter(out);
    assert.equal(writer.writeSync("new/index.html", bytes("fresh"), undefined).outcome, "written");
    assert.equal(writer.writeSync("old/index.html", bytes("kept"), undefined).outcome, "unchanged");
    assert.equal(writer.writeSync("old/index.html", bytes("kept"), hashBytes(bytes("kept"))).outcome, "unchanged");
  });
});

describe("the task queue", () => {
  it("never has more than its limit of tasks unfinished, and runs them all", async () => {
    const queue = new TaskQueue(3);
    let running = 0;
    let most = 0;
    let done = 0;
    for (let i = 0; i < 20; i++) {
      await queue.add(async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
        done++;
      });
    }
    await queue.finish();
    assert.equal(done, 20);
    assert.equal(most, 3);
  });

  it("rejects with the first error once the tasks settle, and takes no task after it", async () => {
    const queue = new TaskQueue(2);
    let ran = false;
    await queue.add(() => new Promise((_, reject) => setTimeout(() => reject(new Error("disk full")), 5)));
    await queue.add(() => new Promise((resolve) => setTimeout(resolve, 10)));
    await assert.rejects(queue.add(async () => void (ran = true)), /disk full/);
    assert.equal(ran, false);
    await assert.rejects(queue.finish(), /disk full/);
  });
});
