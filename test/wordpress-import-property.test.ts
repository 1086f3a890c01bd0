/**
 * Hostile exports: whatever an export holds (broken XML, odd ids, dates,
 * statuses, titles, shortcodes, comments), `importWordpress` never throws,
 * and every post it writes loads and renders.
 */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { loadPosts } from "../src/content/load-posts.js";
import { formatById } from "../src/markup/formats.js";
import { importWordpress } from "../src/import/wordpress/import-wordpress.js";
import { readRegularFile } from "../src/content/read-regular-file.js";
import { removeDir, tempDirWith } from "./support/temp-dir.js";

const text = fc.oneof(
  fc.constantFrom("", " ", "x", "Hello & <b>bold</b>", "]]>", "<![CDATA[", "&nbsp;", "&amp;", "日本語", "%e6%97", "---", "\n\n", "[code]", "[/code]", "[caption]", "[gallery ids=\"1,x\"]", "<!-- wp:p -->", "\u0000", "\uFFFE", "😀"),
  fc.string({ maxLength: 30 }),
);
const cdata = (s: string): string => `<![CDATA[${s.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
const field = (name: string, value: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(fc.constant(""), value.map((v) => `<${name}>${cdata(v)}</${name}>`), value.map((v) => `<${name}>${v}</${name}>`));

const comment = fc
  .tuple(field("wp:comment_id", fc.oneof(fc.constantFrom("1", "2", "0", "-1", "x", "99999999999"), text)), field("wp:comment_author", text), field("wp:comment_content", text), field("wp:comment_approved", fc.constantFrom("1", "0", "spam", "trash", "?")), field("wp:comment_type", fc.constantFrom("", "comment", "pingback", "trackback", "x")), field("wp:comment_date_gmt", fc.constantFrom("2013-01-01 10:00:00", "0000-00-00 00:00:00", "bad")))
  .map((parts) => `<wp:comment>${parts.join("")}</wp:comment>`);

const item = fc
  .tuple(
    field("title", text),
    field("link", fc.constantFrom("https://o.example/2013/01/01/a/", "https://o.example/?p=1", "https://o.example/a/b/", "not a url", "https://o.example/%e6%97%a5/")),
    field("content:encoded", fc.array(text, { maxLength: 8 }).map((p) => p.join(""))),
    field("wp:post_id", fc.constantFrom("1", "2", "3", "0", "x", "", "2147483648")),
    field("wp:post_date_gmt", fc.constantFrom("2013-01-01 10:00:00", "0000-00-00 00:00:00", "2013-02-30 10:00:00", "x")),
    field("wp:post_name", text),
    field("wp:status", fc.constantFrom("publish", "draft", "trash", "private", "future", "pending", "inherit", "weird")),
    field("wp:post_type", fc.constantFrom("post", "page", "attachment", "nav_menu_item", "revision")),
    field("wp:post_parent", fc.constantFrom("0", "1", "2", "3", "x")),
    fc.array(comment, { maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom("post_tag", "category", "tag", ""), text).map(([d, t]) => `<category domain="${d}">${cdata(t)}</category>`), { maxLength: 3 }),
  )
  .map(([title, link, content, id, date, slug, status, type, parent, comments, cats]) => `<item>${title}${link}${content}${id}${date}${slug}${status}${type}${parent}${comments.join("")}${cats.join("")}</item>`);

const exportText = fc
  .tuple(fc.array(item, { maxLength: 6 }), fc.constantFrom("", "</channel></rss>", "<item>", "&bogus;", "<"))
  .map(([items, tail]) => `<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>${items.join("\n")}${tail === "" ? "</channel></rss>" : tail}`);

describe("hostile WordPress exports", () => {
  it("never make the import throw, and every post it writes loads and renders", async () => {
    await fc.assert(
      fc.asyncProperty(exportText, async (xml) => {
        const root = tempDirWith({ "export.xml": xml });
        try {
          const summary = await importWordpress(join(root, "export.xml"), join(root, "blog"), { now: 1_700_000_000 });
          const { posts, diagnostics } = loadPosts({ dataDir: join(root, "blog", "data"), photoBaseUrl: "" });
          assert.deepEqual(diagnostics.filter((d) => d.severity === "error"), []);
          assert.equal(posts.length, summary.posts + summary.pages);
          for (const post of posts) {
            const result = formatById(post.format).render(readRegularFile(post.bodyPath).toString("utf8"), {}, { html: true, text: true });
            assert.ok(result.ok);
          }
        } finally {
          removeDir(root);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("writes nothing outside the blog for an export full of path tricks", async () => {
    const root = tempDirWith({});
    const xml = `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>x</title><wp:post_id>5</wp:post_id><wp:post_name>../../escape</wp:post_name><link>https://o.example/../../x/</link><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>`;
    writeFileSync(join(root, "export.xml"), xml);
    try {
      const summary = await importWordpress(join(root, "export.xml"), join(root, "blog"));
      assert.equal(summary.posts, 1);
      const { posts } = loadPosts({ dataDir: join(root, "blog", "data"), photoBaseUrl: "" });
      assert.deepEqual(posts.map((p) => p.id), [5]);
    } finally {
      removeDir(root);
    }
  });
});
