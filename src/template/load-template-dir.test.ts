import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadTemplateDir } from "./load-template-dir.js";

describe("loadTemplateDir", () => {
  let dir = "";

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "blahg-templates-"));
    await mkdir(join(dir, "html", "sub.tmpl"), { recursive: true });
    await mkdir(join(dir, "atom"));
    await writeFile(join(dir, "html", "index.tmpl"), "{header}<p>{title|escape}</p>");
    await writeFile(join(dir, "html", "header.tmpl"), "<h1>B</h1>");
    await writeFile(join(dir, "html", "broken.tmpl"), "ok\n{ oops }");
    await writeFile(join(dir, "html", "notes.txt"), "{ignored}");
    await writeFile(join(dir, "atom", "index.tmpl"), "<feed/>");
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads <dir>/<fmt>/*.tmpl into a set named by file", async () => {
    const { set, files } = await loadTemplateDir(dir, "html");
    assert.deepEqual(set.names, ["broken", "header", "index"]);
    assert.deepEqual(files, [join(dir, "html", "broken.tmpl"), join(dir, "html", "header.tmpl"), join(dir, "html", "index.tmpl")]);
    assert.equal(set.format, "html");
    assert.equal(set.render("index", { title: "a&b" }), "<h1>B</h1><p>a&amp;b</p>");
  });

  it("reports syntax errors with the file's path, line and column", async () => {
    const { diagnostics } = await loadTemplateDir(dir, "html");
    assert.deepEqual(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}`), [
      `${join(dir, "html", "broken.tmpl")}:2:1: template/literal-open-brace`,
    ]);
  });

  it("loads each format from its own directory", async () => {
    const { set } = await loadTemplateDir(dir, "atom");
    assert.equal(set.render("index", {}), "<feed/>");
  });

  it("reports a missing format directory as a diagnostic and returns an empty set", async () => {
    const { set, diagnostics } = await loadTemplateDir(dir, "rss2");
    assert.deepEqual(set.names, []);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.file]), [["template/missing-dir", join(dir, "rss2")]]);
  });
});
