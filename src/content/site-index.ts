/**
 * The in-memory index of a blog: posts by id, newest first (ties: higher id
 * first), by tag and by month; pages (About, Contact) apart, by their
 * navigation order. Built in one pass from the loaded posts and
 * rebuilt whole when posts change; it is small (a few milliseconds for
 * 10,000 posts). What a request asks of it never scans every post: lists
 * are built once, when first asked for, and kept with the index.
 */

import type { Comment, Post, TagInfo } from "./model.js";
import { tagKey } from "./tags.js";

/** Newest first; on equal times the higher id first, as blahgd lists them. */
export function compareNewestFirst(a: Post, b: Post): number {
  return b.time - a.time || b.id - a.id;
}

/** `YYYYMM` of a Unix time, in UTC. */
export function monthOf(time: number): number {
  const d = new Date(time * 1000);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
}

export class SiteIndex {
  readonly byId: ReadonlyMap<number, Post>;
  /** Every post, newest first. */
  readonly all: readonly Post[];
  /** The posts shown in listings and feeds, newest first (never pages). */
  readonly listed: readonly Post[];
  /** The home page's order: sticky posts first (newest first), then the others; feeds keep dates. */
  readonly frontPage: readonly Post[];
  /** Listed pages, by `order` then title. */
  readonly pages: readonly Post[];
  /** Tags by key (see tagKey), each with every post carrying it. */
  readonly tags: ReadonlyMap<string, TagInfo>;
  private readonly listedByTag = new Map<string, readonly Post[]>();
  private readonly listedByMonth = new Map<number, Post[]>();
  private commentsNewestFirst: Array<{ post: Post; comment: Comment }> | undefined;
  private monthsNewestFirst: number[] | undefined;

  constructor(posts: Iterable<Post>) {
    const byId = new Map<number, Post>();
    // A private post is only ever seen as a preview (rendered from its files, not from here).
    for (const post of posts) if (!post.private) byId.set(post.id, post);
    this.byId = byId;
    this.all = [...byId.values()].sort(compareNewestFirst);
    this.listed = this.all.filter((p) => p.listed && !p.page);
    this.frontPage = this.listed.some((p) => p.sticky) ? [...this.listed.filter((p) => p.sticky), ...this.listed.filter((p) => !p.sticky)] : this.listed;
    this.pages = this.all.filter((p) => p.listed && p.page).sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id - b.id));
    // Pages carry no tags as far as the blog shows: no tag page lists them.
    this.tags = buildTags(this.all.filter((p) => !p.page));
    for (const post of this.listed) {
      const month = monthOf(post.time);
      let list = this.listedByMonth.get(month);
      if (!list) this.listedByMonth.set(month, (list = []));
      list.push(post);
    }
  }

  post(id: number): Post | undefined {
    return this.byId.get(id);
  }

  tag(name: string): TagInfo | undefined {
    return this.tags.get(tagKey(name));
  }

  /** Listed posts carrying the tag (any capitalisation), newest first. */
  listedWithTag(name: string): readonly Post[] {
    const key = tagKey(name);
    let posts = this.listedByTag.get(key);
    if (!posts) {
      const tag = this.tags.get(key);
      // Tags nobody uses are not remembered: a visitor can ask for any number of them.
      if (!tag) return [];
      posts = tag.posts.filter((p) => p.listed);
      this.listedByTag.set(key, posts);
    }
    return posts;
  }

  /** Listed posts of a month (`YYYYMM`), newest first. */
  listedInMonth(month: number): readonly Post[] {
    return this.listedByMonth.get(month) ?? [];
  }

  /** The newest comments on listed posts, newest first, with their posts. */
  recentComments(limit: number): Array<{ post: Post; comment: Comment }> {
    if (!this.commentsNewestFirst) {
      const all: Array<{ post: Post; comment: Comment }> = [];
      for (const post of this.listed) for (const comment of post.comments) all.push({ post, comment });
      this.commentsNewestFirst = all.sort((a, b) => b.comment.time - a.comment.time || b.post.id - a.post.id || b.comment.id - a.comment.id);
    }
    return this.commentsNewestFirst.slice(0, limit);
  }

  /** Listed pages without a (listed) parent: the site navigation. */
  topPages(): readonly Post[] {
    return this.pages.filter((p) => p.parent === undefined || !this.byId.get(p.parent)?.listed);
  }

  /** Months that have listed posts, newest first. */
  months(): number[] {
    this.monthsNewestFirst ??= [...this.listedByMonth.keys()].sort((a, b) => b - a);
    return [...this.monthsNewestFirst];
  }
}

/**
 * Groups tags case-insensitively. The shown spelling is the one most posts
 * use, ties going to the oldest post's (blahgd took whichever loaded first).
 */
function buildTags(newestFirst: readonly Post[]): Map<string, TagInfo> {
  const spellings = new Map<string, Map<string, number>>();
  const tags = new Map<string, TagInfo>();
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    const post = newestFirst[i]!;
    for (const tag of post.tags) {
      const key = tagKey(tag);
      let info = tags.get(key);
      if (!info) {
        tags.set(key, (info = { name: tag, key, posts: [] }));
        spellings.set(key, new Map());
      }
      info.posts.push(post);
      const counts = spellings.get(key)!;
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
  }
  for (const [key, info] of tags) {
    info.posts.reverse();
    let best = info.name;
    for (const [spelling, count] of spellings.get(key)!) if (count > spellings.get(key)!.get(best)!) best = spelling;
    info.name = best;
  }
  return tags;
}
