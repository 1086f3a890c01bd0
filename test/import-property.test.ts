/** Hostile input for `blahg import`: whatever a site holds, the import does not crash and every post it writes loads. */

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { loadPosts } from "../src/content/index.js";
import { importBlog } from "../src/import/import-blog.js";
import { postMarkdown } from "../src/import/write-blog.js";
import { readFrontMatter } from "../src/markup/markdown/front-matter.js";
import { removeDir } from "./support/temp-dir.js";

const work = mkdtempSync(join(tmpdir(), "blahg-import-prop-"));
after(() => removeDir(work));

/** Text with the characters that matter to YAML, Markdown, Liquid and shortcodes, and any Unicode. */
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.array(fc.constantFrom("---", "\n", "#", ":", " ", '"', "'", "{%", "%}", "{{<", ">}}", "`", "\\", "- ", "é", "☃", "\t", "[", "]", "&", "<b>", "yes", "1e3", "null"), { maxLength: 12 }).map((a) => a.join("")),
);

describe("hostile input for blahg import", () => {
  it("writes front matter that blahg reads back exactly, whatever the title, tags, slug, summary and aliases", () => {
    fc.assert(
      fc.property(text, fc.array(text.filter((t) => t.trim() !== ""), { maxLength: 4 }), text, text, fc.array(text, { maxLength: 3 }), text, (title, tags, slug, summary, aliases, body) => {
        const frontMatter: Record<string, unknown> = { title, date: "2020-01-02T03:04:05Z", tags, slug, summary, aliases };
        const read = readFrontMatter(postMarkdown({ id: 1, frontMatter, markdown: body }));
        assert.equal(read.ok, true);
        assert.deepEqual(read.diagnostics, []);
        assert.equal(read.meta.title, title);
        assert.deepEqual(read.meta.tags, tags);
        assert.equal(read.meta.slug, slug);
        assert.equal(read.meta.summary, summary);
        assert.deepEqual(read.meta.aliases ?? [], aliases);
        assert.equal(read.meta.time, Date.UTC(2020, 0, 2, 3, 4, 5) / 1000);
      }),
      { numRuns: 500 },
    );
  });

  it("imports a Jekyll site of arbitrary posts without crashing, and every post it writes loads", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ title: text, tags: fc.array(text, { maxLength: 3 }), body: text, raw: fc.boolean() }), { minLength: 1, maxLength: 4 }), async (posts) => {
        const site = join(work, `site-${run}`);
        const blog = join(work, `blog-${run++}`);
        mkdirSync(join(site, "_posts"), { recursive: true });
        posts.forEach((post, i) => {
          // Some posts are written as given, front matter and all, so they may be broken in any way.
          const content = post.raw ? `---\n${post.title}\n---\n${post.body}` : `---\n${stringify({ title: post.title, tags: post.tags })}---\n${post.body}`;
          writeFileSync(join(site, "_posts", `2020-01-0${i + 1}-post-${i}.md`), content);
        });
        const summary = await importBlog("jekyll", site, blog);
        const { posts: loaded, diagnostics } = loadPosts({ dataDir: join(blog, "data"), photoBaseUrl: "" });
        assert.deepEqual(diagnostics.filter((d) => d.severity === "error"), []);
        assert.equal(loaded.length, summary.posts);
        assert.equal(summary.posts + summary.problems.filter((p) => p.code === "import/post-skipped").length, posts.length);
        removeDir(site);
        removeDir(blog);
      }),
      { numRuns: 60 },
    );
  });
});
