import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import { fixturesDir } from "../../../test/support/paths.js";
import { readWxrFile, readWxrString, WxrReader, type RawChannel, type RawItem, type XmlProblem } from "./wxr-reader.js";
import { decodeSlug, parseWpDate, toRecord, type WxrPost, type WxrRecord } from "./wxr-records.js";

const fixture = (name: string): string => join(fixturesDir, "import", "wordpress", name);

async function readAll(path: string): Promise<{ items: RawItem[]; problems: XmlProblem[]; channel?: RawChannel }> {
  const items: RawItem[] = [];
  const problems: XmlProblem[] = [];
  let channel: RawChannel | undefined;
  await readWxrFile(path, { item: (i) => items.push(i), problem: (p) => problems.push(p), channel: (c) => (channel = c) });
  return { items, problems, ...(channel && { channel }) };
}

function records(items: RawItem[]): WxrRecord[] {
  return items.flatMap((i) => {
    const r = toRecord(i).record;
    return r ? [r] : [];
  });
}

const post = (rs: WxrRecord[], id: number, title?: string): WxrPost =>
  rs.find((r): r is WxrPost => (r.kind === "post" || r.kind === "page") && r.id === id && (title === undefined || r.title === title))!;

describe("WXR reader", () => {
  it("reads every item of the fixture export with its fields, terms and comments", async () => {
    const { items, problems, channel } = await readAll(fixture("blog.xml"));
    assert.deepEqual(problems, []);
    assert.equal(items.length, 24);
    assert.equal(channel?.fields.get("title"), "Old & Trusty Blog");
    assert.equal(channel?.fields.get("wp:base_site_url"), "https://old.example.com");
    assert.deepEqual(channel?.terms.map((t) => t.kind), ["wp:author", "wp:category", "wp:tag"]);
    const rs = records(items);
    const hello = post(rs, 10, "Hello &amp; welcome, <em>friends</em>");
    assert.equal(hello.kind, "post");
    assert.equal(hello.sticky, true);
    assert.equal(hello.excerpt, "A short hello.");
    assert.equal(hello.time, Date.UTC(2013, 0, 11, 10, 30) / 1000);
    assert.deepEqual(hello.tags, ["C", "first post"]);
    assert.deepEqual(hello.categories, ["Linux"]);
    assert.deepEqual(hello.comments.map((c) => [c.id, c.approval, c.kind]), [
      [1, "approved", "comment"], [2, "pending", "comment"], [3, "spam", "comment"], [4, "trash", "comment"],
      [5, "approved", "pingback"], [6, "approved", "comment"], [8, "approved", "trackback"],
    ]);
    assert.equal(hello.comments[5]!.parent, 1);
    const team = post(rs, 3);
    assert.deepEqual([team.kind, team.parent, team.slug], ["page", 2, "team"]);
  });

  it("joins split CDATA sections and text into one field", async () => {
    const rs = records((await readAll(fixture("blog.xml"))).items);
    const odd = post(rs, 20);
    assert.equal(odd.title, "Odd CDATA in a ]]> title");
    assert.equal(odd.content, "Plain <b>escaped</b> HTML and a CDATA part with ]]> inside.");
    assert.equal(odd.time, undefined);
  });

  it("decodes percent-encoded non-ASCII slugs and keeps a broken escape as written", async () => {
    const rs = records((await readAll(fixture("blog.xml"))).items);
    assert.equal(post(rs, 18).slug, "日本語");
    assert.equal(decodeSlug("100%-sure"), "100%-sure");
  });

  it("reads WXR 1.0 with https namespace URIs bound to other prefixes", async () => {
    const { items, problems } = await readAll(fixture("wxr-1.0-https.xml"));
    assert.deepEqual(problems, []);
    const rs = records(items);
    const first = post(rs, 1);
    assert.equal(first.title, "First");
    assert.equal(first.content, "Hello.");
    assert.deepEqual(first.tags, ["old", "old"]);
    assert.deepEqual(first.categories, ["Uncategorized"]);
  });

  it("refuses an item without a usable id with its line and why", () => {
    const items: RawItem[] = [];
    readWxrString(`<rss><channel><item><title>x</title><wp:post_id>abc</wp:post_id></item></channel></rss>`, { item: (i) => items.push(i), problem: () => {} });
    const { record, problems } = toRecord(items[0]!);
    assert.equal(record, undefined);
    assert.match(problems[0]!.message, /unusable wp:post_id "abc"/);
  });

  it("treats WordPress's zero date and impossible dates as missing", () => {
    assert.equal(parseWpDate("0000-00-00 00:00:00"), undefined);
    assert.equal(parseWpDate("2013-02-30 10:00:00"), undefined);
    assert.equal(parseWpDate("2013-02-28 10:00:00"), Date.UTC(2013, 1, 28, 10) / 1000);
  });

  it("reports malformed XML with line and column and keeps the items before it", () => {
    const items: RawItem[] = [];
    const problems: XmlProblem[] = [];
    readWxrString(`<rss><channel>\n<item><wp:post_id>1</wp:post_id></item>\n<item><title>a &nbsp; b</title><wp:post_id>2</wp:post_id></item><item><title>cut`, {
      item: (i) => items.push(i),
      problem: (p) => problems.push(p),
    });
    assert.equal(items.length, 2);
    assert.ok(problems.some((p) => p.line === 3 && /undefined entity/.test(p.message)));
    assert.ok(problems.some((p) => /ends inside this <item>/.test(p.message)));
  });

  it("reads the same items whatever the chunk boundaries", async () => {
    const { readFileSync } = await import("node:fs");
    const xml = readFileSync(fixture("blog.xml"), "utf8");
    const whole: RawItem[] = [];
    readWxrString(xml, { item: (i) => whole.push(i), problem: () => {} });
    const pieces: RawItem[] = [];
    const reader = new WxrReader({ item: (i) => pieces.push(i), problem: () => {} });
    for (let i = 0; i < xml.length; i += 7) reader.write(xml.slice(i, i + 7));
    reader.close();
    assert.deepEqual(pieces, whole);
  });

  it("never throws on hostile input and reports every item it cannot take", () => {
    const PIECES = [
      "<rss>", "</rss>", "<channel>", "</channel>", "<item>", "</item>", "<title>", "</title>", "<wp:post_id>", "</wp:post_id>",
      "<wp:comment>", "</wp:comment>", "<wp:comment_id>", "</wp:comment_id>", "<category domain=\"post_tag\">", "</category>",
      "<![CDATA[", "]]>", "<!--", "-->", "&amp;", "&nbsp;", "&#0;", "&#x110000;", "<", ">", "&", "\"", "x", "12", "\u0000", "\uFFFE",
      "<wp:post_type>page</wp:post_type>", "<wp:post_date_gmt>2013-13-45 99:99:99</wp:post_date_gmt>", "<!DOCTYPE x [<!ENTITY a \"b\">]>", "&a;",
      "<content:encoded xmlns:content=\"https://purl.org/rss/1.0/modules/content/\">", "</content:encoded>", "<?xml version=\"1.0\"?>", "é", "😀",
    ];
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((p) => p.join("")), fc.string({ unit: "binary", maxLength: 300 })), (xml) => {
        const items: RawItem[] = [];
        readWxrString(xml, { item: (i) => items.push(i), problem: (p) => assert.ok(p.line >= 1 && p.column >= 1 && p.message !== "") });
        for (const item of items) {
          const { record, problems } = toRecord(item);
          assert.ok(record !== undefined || problems.length > 0, "an item not taken is reported");
        }
      }),
      { numRuns: 2000 },
    );
  });
});
