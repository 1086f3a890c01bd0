import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashBytes } from "./manifest.js";
import { OutputWriter } from "./write-output.js";

const bytes = (text: string): Buffer => Buffer.from(text, "utf8");

describe("the output writer", () => {
  it("writes files into directories it makes, leaving no temporary file", () => {
    const out = mkdtempSync(join(tmpdir(), "blahg-write-"));
    const writer = new OutputWriter(out);
    assert.equal(writer.write("a/b/c/index.html", bytes("one"), undefined).outcome, "written");
    assert.equal(writer.write("a/b/feed.xml", bytes("two"), undefined).outcome, "written");
    assert.equal(writer.write("a/index.html", bytes("three"), undefined).outcome, "written");
    assert.equal(readFileSync(join(out, "a/b/c/index.html"), "utf8"), "one");
    assert.equal(readFileSync(join(out, "a/b/feed.xml"), "utf8"), "two");
    assert.deepEqual(readdirSync(join(out, "a")).sort(), ["b", "index.html"]);
  });

  it("leaves a file with the same bytes alone, by the manifest's hash or by comparing, and replaces one that changed", () => {
    const out = mkdtempSync(join(tmpdir(), "blahg-write-"));
    mkdirSync(join(out, "p"));
    for (const name of ["known", "unknown", "changed"]) writeFileSync(join(out, "p", name), "same");
    const old = new Date(2000, 0, 1);
    for (const name of ["known", "unknown", "changed"]) utimesSync(join(out, "p", name), old, old);
    const writer = new OutputWriter(out);
    assert.equal(writer.write("p/known", bytes("same"), hashBytes(bytes("same"))).outcome, "unchanged");
    assert.equal(writer.write("p/unknown", bytes("same"), undefined).outcome, "unchanged");
    assert.equal(writer.write("p/changed", bytes("else"), hashBytes(bytes("same"))).outcome, "written");
    assert.equal(statSync(join(out, "p", "known")).mtime.getTime(), old.getTime());
    assert.equal(statSync(join(out, "p", "unknown")).mtime.getTime(), old.getTime());
    assert.equal(readFileSync(join(out, "p", "changed"), "utf8"), "else");
  });
});
