/**
 * The sidebar tag cloud, computed as blahgd does (spec 7.5): every tag of
 * every post (listed or not), counted per post; tags used once are left
 * out but still count for the smallest and largest counts; font sizes
 * scale linearly between the configured sizes and round up; sorted by
 * name, ASCII case-insensitively.
 */

import type { TagInfo } from "../content/model.js";
import { compareTags } from "../content/tags.js";

export interface CloudEntry {
  name: string;
  count: number;
  /** Font size in points. */
  size: number;
}

export function tagCloud(tags: Iterable<TagInfo>, minSize: number, maxSize: number): CloudEntry[] {
  const all = [...tags];
  if (all.length === 0) return [];
  let cmin = Infinity;
  let cmax = -Infinity;
  for (const tag of all) {
    cmin = Math.min(cmin, tag.posts.length);
    cmax = Math.max(cmax, tag.posts.length);
  }
  const cloud: CloudEntry[] = [];
  for (const tag of all) {
    const count = tag.posts.length;
    if (count <= 1) continue;
    const size = count <= cmin ? minSize : Math.ceil(minSize + ((maxSize - minSize) * (count - cmin)) / (cmax - cmin));
    cloud.push({ name: tag.name, count, size });
  }
  return cloud.sort((a, b) => compareTags(a.name, b.name));
}

/**
 * The `top` most used tags of a cloud, still sorted by name and sized as in
 * the whole cloud: a sidebar that stays small whatever the number of tags
 * (the whole cloud of 300 tags is most of a page's bytes).
 */
export function topOfCloud(cloud: readonly CloudEntry[], top: number): CloudEntry[] {
  if (cloud.length <= top) return [...cloud];
  const kept = new Set([...cloud].sort((a, b) => b.count - a.count || compareTags(a.name, b.name)).slice(0, top));
  return cloud.filter((entry) => kept.has(entry));
}
