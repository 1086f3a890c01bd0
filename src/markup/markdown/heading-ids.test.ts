import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { markdownFormat } from "./format.js";
import type { RenderContext } from "../format.js";

const html = (source: string, context: RenderContext = {}): string => markdownFormat.render(source, context, { html: true, text: false }).html!;
const ids = (out: string): string[] => [...out.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
const hrefs = (out: string): string[] => [...out.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!);

describe("heading ids and the ids of the page around the body", () => {
  it("never take an id the page uses: the next free suffix instead", () => {
    const out = html("## Comments\n\n## Tags\n\n## Comments\n\n## Other\n", { reservedIds: ["comments", "tags", "comments-1"] });
    assert.deepEqual(ids(out), ["comments-2", "tags-1", "comments-3", "other"]);
  });

  it("treat `*` in a reserved id as a run of digits, and nothing else", () => {
    const out = html("## Comment 12\n\n## Comment policy\n\n## Post 7\n\n## Comment\n", { reservedIds: ["comment-*", "post-*"] });
    assert.deepEqual(ids(out), ["comment-12-1", "comment-policy", "post-7-1", "comment"]);
  });

  it("stop looking for a free id after a bound when patterns reserve every suffix", () => {
    const out = html("## X 1\n\n## X 1\n", { reservedIds: ["x-*", "x-*-*"] });
    const found = ids(out);
    assert.equal(found.length, 2);
    assert.notEqual(found[0], found[1], "the post's own headings still differ from each other");
  });

  it("take the plain ids when nothing is reserved, with or without an empty list", () => {
    assert.deepEqual(ids(html("## Comments\n")), ["comments"]);
    assert.deepEqual(ids(html("## Comments\n", { reservedIds: [] })), ["comments"]);
  });

  it("keep the body's links to its own headings pointing at them when the ids carry a prefix", () => {
    const source = "## Set up\n\nSee [setup](#set-up), [Über](#über), [elsewhere](#nothing) and [a page](/x#set-up).\n\n## Über\n";
    const plain = html(source);
    assert.deepEqual(hrefs(plain), ["#set-up", "#%C3%BCber", "#nothing", "/x#set-up"]);
    const prefixed = html(source, { idPrefix: "post-3-", titleLevel: 2 });
    assert.deepEqual(ids(prefixed), ["post-3-set-up", "post-3-über"]);
    assert.deepEqual(hrefs(prefixed), ["#post-3-set-up", "#post-3-%C3%BCber", "#nothing", "/x#set-up"]);
  });

  it("write each place's links from one parse as a render at that place alone does", () => {
    const source = "## A\n\n[to a](#a)\n";
    const both = markdownFormat.render(source, {}, { html: true, text: false, places: [{ titleLevel: 2, idPrefix: "p-" }, { titleLevel: 1 }] }).htmlAt!;
    assert.equal(both[0], html(source, { titleLevel: 2, idPrefix: "p-" }));
    assert.equal(both[1], html(source, { titleLevel: 1 }));
    assert.match(both[0]!, /href="#p-a"/);
    assert.match(both[1]!, /href="#a"/);
  });
});

describe("a body's links to its own headings when the page reserves their ids", () => {
  it("follow the heading to the id it got", () => {
    const out = html("[c](#comments) [c2](#comments-1) [t](#tags)\n\n## Comments\n\n## Comments\n\n## Tags\n", { reservedIds: ["comments"] });
    assert.deepEqual(ids(out), ["comments-1", "comments-2", "tags"]);
    assert.deepEqual(hrefs(out), ["#comments-1", "#comments-2", "#tags"]);
    const prefixed = html("[c](#comments)\n\n## Comments\n", { reservedIds: ["comments"], idPrefix: "post-1-" });
    assert.deepEqual(hrefs(prefixed), ["#post-1-comments-1"]);
  });

  it("are written as markdown-it writes link destinations when the id changed", () => {
    const out = html("[u](#über)\n\n## Über\n", { reservedIds: ["über"] });
    assert.deepEqual(ids(out), ["über-1"]);
    assert.deepEqual(hrefs(out), ["#%C3%BCber-1"]);
  });
});
