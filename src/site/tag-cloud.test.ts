import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Post, TagInfo } from "../content/model.js";
import { tagCloud, topOfCloud } from "./tag-cloud.js";

function tag(name: string, count: number): TagInfo {
  return { name, key: name.toLowerCase(), posts: Array.from({ length: count }, () => ({}) as Post) };
}

describe("the tag cloud", () => {
  it("leaves out tags used once but counts them for the smallest count, and rounds sizes up (spec 7.5)", () => {
    assert.deepEqual(tagCloud([tag("b", 3), tag("a", 1), tag("C", 2)], 6, 18), [
      { name: "b", count: 3, size: 18 },
      { name: "C", count: 2, size: 12 },
    ]);
  });
  it("uses the smallest size when every tag has the same count", () => {
    assert.deepEqual(tagCloud([tag("x", 2), tag("y", 2)], 6, 18).map((e) => e.size), [6, 6]);
  });
  it("sorts by name case-insensitively", () => {
    assert.deepEqual(tagCloud([tag("beta", 2), tag("Alpha", 2), tag("gamma", 3)], 6, 18).map((e) => e.name), ["Alpha", "beta", "gamma"]);
  });
  it("is empty for a blog without tags", () => assert.deepEqual(tagCloud([], 6, 18), []));
});

describe("the sidebar's bounded cloud", () => {
  it("keeps the most used tags (ties by name), sorted by name and sized as in the whole cloud", () => {
    const cloud = tagCloud([tag("d", 9), tag("b", 3), tag("a", 2), tag("C", 3), tag("e", 2)], 6, 18);
    assert.deepEqual(topOfCloud(cloud, 3), [
      { name: "b", count: 3, size: 8 },
      { name: "C", count: 3, size: 8 },
      { name: "d", count: 9, size: 18 },
    ]);
  });
  it("is the whole cloud when it is small enough", () => {
    const cloud = tagCloud([tag("x", 2), tag("y", 3)], 6, 18);
    assert.deepEqual(topOfCloud(cloud, 40), cloud);
  });
});
