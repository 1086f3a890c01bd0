/**
 * The old URLs the Hugo importer computes, checked against Hugo itself: the
 * fixture site is built with Debian's hugo (when installed) and every post's
 * old path, alias and bundle file must be where hugo wrote it, and so must
 * the site's own old addresses the import keeps (feeds, section and term pages).
 */

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { hugoSiteFiles } from "../bench/hugo-corpus.js";
import { bundleWebPath, hugoReader, readHugoSite } from "../src/import/hugo.js";
import { fixturesDir } from "./support/paths.js";
import { removeDir } from "./support/temp-dir.js";

const hugoInstalled = spawnSync("hugo", ["version"], { encoding: "utf8" }).status === 0;
const work = mkdtempSync(join(tmpdir(), "blahg-hugo-paths-"));
after(() => removeDir(work));

/** Where hugo writes a path: `/a/b/` as `a/b/index.html`, `/a/b.html` as is. */
function outputFile(out: string, path: string): string {
  return path.endsWith("/") ? join(out, path, "index.html") : join(out, path);
}

describe("old URLs of Hugo posts", { skip: hugoInstalled ? false : "hugo is not installed" }, () => {
  it("are where hugo writes the posts, their aliases and their bundle files", () => {
    const site = join(work, "site");
    cpSync(join(fixturesDir, "import", "hugo"), site, { recursive: true });
    // hugo refuses to build a broken front matter or an unknown shortcode; the importer reports them instead.
    rmSync(join(site, "content", "posts", "broken-toml.md"));
    for (const file of hugoSiteFiles().filter((f) => f.path.startsWith("layouts/"))) {
      mkdirSync(dirname(join(site, file.path)), { recursive: true });
      writeFileSync(join(site, file.path), file.content);
    }
    mkdirSync(join(site, "layouts", "shortcodes"), { recursive: true });
    writeFileSync(join(site, "layouts", "shortcodes", "notice.html"), "{{ .Inner }}");
    const out = join(work, "public");
    const build = spawnSync("hugo", ["--source", site, "--destination", out, "--quiet"], { encoding: "utf8" });
    assert.equal(build.status, 0, build.stderr);

    const { posts } = readHugoSite(site);
    assert.equal(posts.length, 6);
    for (const post of posts) {
      if (post.draft) {
        assert.equal(post.oldPath, "");
        continue;
      }
      assert.ok(existsSync(outputFile(out, post.oldPath)), `${post.file}: ${post.oldPath}`);
      for (const alias of post.aliases) assert.ok(existsSync(outputFile(out, alias)), `${post.file}: alias ${alias}`);
      for (const resource of post.resources) assert.ok(existsSync(join(out, bundleWebPath(post.oldPath), resource.name)), `${post.file}: ${resource.name}`);
    }
    const siteAliases = hugoReader.siteAliases(hugoReader.outline(site).context, posts);
    assert.ok(siteAliases.size >= 10, [...siteAliases.keys()].join(" "));
    for (const path of siteAliases.keys()) assert.ok(existsSync(outputFile(out, path)), `site alias ${path}`);
  });
});
