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
    this.put(id, post);
  }

  search(query: SearchQuery, offset: number, limit: number): SiteSearchResult {
    const result: SiteSearchResult = this.index.search(query, offset, limit);
    if (this.progress) result.building = this.building!;
    return result;
  }

  /** A result's snippet as HTML (the body read again: bodies are not kept in memory). */
  snippet(post: Post, query: SearchQuery): string {
    return snippetHtml(this.options.textOf(post) ?? "", query);
  }

  private put(id: number, post: Post | undefined): void {
    if (!post || !post.listed) {
      this.index.remove(id);
      return;
    }
    this.index.add(id, { title: post.title, tags: post.tags, body: this.options.textOf(post) ?? "", time: post.time });
  }
}
