/**
 * The blog's search: the index of every listed post's title, tags and body
 * text, built in the background at start-up (a few milliseconds at a time,
 * so requests are answered meanwhile) and kept current as posts change.
 * Until the build is done, queries get what is indexed so far and the
 * progress, so the page can say results may be missing.
 */

import type { Post } from "../content/model.js";
import type { SearchQuery } from "./query.js";
import { SearchIndex, type SearchResult } from "./search-index.js";
import { snippetHtml } from "./snippet.js";

export interface SiteSearchOptions {
  /** A post's body as plain text (read from disk); undefined when it cannot be rendered. */
  textOf: (post: Post) => string | undefined;
  /** How long one slice of the background build may run, in ms (default 8). */
  sliceMs?: number;
  /** Budget of the cache of body texts for snippets, in UTF-16 code units (default 4 Mi). */
  textCacheSize?: number;
}

export interface BuildProgress {
  indexed: number;
  total: number;
}

export interface SiteSearchResult extends SearchResult {
  /** Present while the index is still being built. */
  building?: BuildProgress;
}

export class SiteSearch {
  readonly index = new SearchIndex();
  private progress: BuildProgress | undefined;
  /** Posts changed during the build: already indexed as they are now. */
  private readonly followed = new Set<number>();
  /** Body texts of recent results, least recently used first: a post that is found often is not rendered again for each snippet. */
  private readonly texts = new Map<number, string>();
  private textsSize = 0;

  constructor(private readonly options: SiteSearchOptions) {}

  get building(): BuildProgress | undefined {
    return this.progress && { ...this.progress };
  }

  /**
   * Indexes the posts `ids`, in slices between which the event loop runs.
   * `current` gives a post as the site has it when its turn comes
   * (undefined: deleted meanwhile).
   */
  build(ids: readonly number[], current: (id: number) => Post | undefined): Promise<void> {
    this.progress = { indexed: 0, total: ids.length };
    const sliceMs = this.options.sliceMs ?? 8;
    return new Promise((resolve) => {
      let next = 0;
      const slice = (): void => {
        const end = performance.now() + sliceMs;
        while (next < ids.length && performance.now() < end) {
          const id = ids[next++]!;
          if (!this.followed.has(id)) this.put(id, current(id));
          this.progress!.indexed = next;
        }
        if (next < ids.length) {
          setImmediate(slice);
          return;
        }
        this.index.trim();
        this.progress = undefined;
        this.followed.clear();
        resolve();
      };
      setImmediate(slice);
    });
  }

  /** Follows a change: a listed post is indexed as it is now; a deleted or unlisted one leaves the index. */
  update(id: number, post: Post | undefined): void {
    if (this.progress) this.followed.add(id);
    this.forgetText(id);
    this.put(id, post);
  }

  search(query: SearchQuery, offset: number, limit: number): SiteSearchResult {
    const result: SiteSearchResult = this.index.search(query, offset, limit);
    if (this.progress) result.building = this.building!;
    return result;
  }

  /** A result's snippet as HTML (the body is read again unless it is among the recent results' texts). */
  snippet(post: Post, query: SearchQuery): string {
    return snippetHtml(this.textForSnippet(post), query);
  }

  private textForSnippet(post: Post): string {
    let text = this.texts.get(post.id);
    if (text !== undefined) {
      this.texts.delete(post.id);
      this.texts.set(post.id, text);
      return text;
    }
    text = this.options.textOf(post) ?? "";
    const budget = this.options.textCacheSize ?? 4 * 1024 * 1024;
    if (text.length > budget / 8) return text;
    this.texts.set(post.id, text);
    this.textsSize += text.length;
    for (const [id, old] of this.texts) {
      if (this.textsSize <= budget) break;
      this.texts.delete(id);
      this.textsSize -= old.length;
    }
    return text;
  }

  private forgetText(id: number): void {
    const old = this.texts.get(id);
    if (old === undefined) return;
    this.texts.delete(id);
    this.textsSize -= old.length;
  }

  private put(id: number, post: Post | undefined): void {
    if (!post || !post.listed) {
      this.index.remove(id);
      return;
    }
    this.index.add(id, { title: post.title, tags: post.tags, body: this.options.textOf(post) ?? "", time: post.time });
  }
}
