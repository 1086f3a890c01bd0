/**
 * The blog's search: the index of every listed post's title, tags and body
 * text, kept current as posts change.
 *
 * With an index file (`file`), the index is written by a worker thread into
 * the data directory and read from there per query (./index-file.ts), so
 * the serving process holds only its dictionary and document table; a
 * restart with unchanged posts reuses it. Posts changed since it was
 * written are hidden in it and kept in a small in-memory index instead,
 * and once those are many the file is written again in the background.
 * Until the first file is ready, queries get the in-memory changes only,
 * and the progress, so the page can say results may be missing.
 *
 * Without a file, the whole index is in memory, built in the background a
 * few milliseconds at a time on this thread (tests, a blog that keeps no
 * files in its data directory).
 */

import type { AsideRenderOptions } from "../content/load-in-worker.js";
import type { Post } from "../content/model.js";
import { IndexFile } from "./index-file.js";
import { indexInWorker, type IndexOutcome } from "./index-in-worker.js";
import type { SearchQuery } from "./query.js";
import { idf, type RankScale } from "./rank.js";
import { SearchIndex, type SearchResult } from "./search-index.js";
import { snippetHtml } from "./snippet.js";
import { TopHits } from "./top-hits.js";

export interface SearchFileOptions {
  /** `<data>/.blahg-search`. */
  path: string;
  /** See indexFingerprint(). */
  fingerprint: string;
  /** How the worker renders bodies to text. */
  render: AsideRenderOptions;
  /** Every listed post as the site has it now (for writing the file again). */
  posts: () => Post[];
  /** Told when writing the file again in the background failed. */
  onProblem?: (message: string) => void;
}

export interface SiteSearchOptions {
  /** A post's body as plain text (read from disk); undefined when it cannot be rendered. */
  textOf: (post: Post) => string | undefined;
  /** How long one slice of the background build may run, in ms (default 8). */
  sliceMs?: number;
  /** Budget of the cache of body texts for snippets, in UTF-16 code units (default 4 Mi). */
  textCacheSize?: number;
  /** Keep the index in a file (see above). */
  file?: SearchFileOptions;
}

/** The file is written again once this many posts changed since (or a twentieth of it, if more). */
const REWRITE_AFTER = 100;
/** After a failed rewrite (a full disk, a read-only data directory), the next try waits this long. */
const RETRY_REWRITE_MS = 10 * 60 * 1000;

export interface BuildProgress {
  indexed: number;
  total: number;
}

export interface SiteSearchResult extends SearchResult {
  /** Present while the index is still being built. */
  building?: BuildProgress;
  /** The query matched too much to read all of it: the total counts what was read (the newest posts). */
  partial?: boolean;
}

export class SiteSearch {
  /** The whole index without a file; with one, the posts changed since it was written. */
  readonly index = new SearchIndex();
  /** The index file in use. */
  private file: IndexFile | undefined;
  /** Posts of the file changed or gone since it was written (their current version, if any, is in `index`). */
  private hidden = new Set<number>();
  /** Body terms of the hidden posts, left out of the average. */
  private hiddenLength = 0;
  /** A worker is writing the file. */
  private writing = false;
  /** The first index (a file, or in memory) is complete. */
  private complete = false;
  /** When writing the file again last failed (it is not tried again for a while). */
  private rewriteFailedAt = -Infinity;
  private closed = false;
  /** Stops a running worker at close(). */
  private readonly stop = new AbortController();
  private progress: BuildProgress | undefined;
  /** Posts changed during the build: already indexed as they are now. */
  private readonly followed = new Set<number>();
  /** Body texts of recent results, least recently used first: a post that is found often is not rendered again for each snippet. */
  private readonly texts = new Map<number, string>();
  private textsSize = 0;

  constructor(private readonly options: SiteSearchOptions) {}

  /** The build's progress; with a file, also before the build starts (a big blog's posts are still loading). */
  get building(): BuildProgress | undefined {
    if (this.progress) return { ...this.progress };
    return this.options.file && !this.complete ? { indexed: 0, total: this.options.file.posts().length } : undefined;
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
        this.complete = true;
        this.followed.clear();
        resolve();
      };
      setImmediate(slice);
    });
  }

  /** Follows a change: a listed post is indexed as it is now; a deleted or unlisted one leaves the index. */
  update(id: number, post: Post | undefined): void {
    if (this.progress || this.writing) this.followed.add(id);
    this.forgetText(id);
    this.hide(id);
    this.put(id, post);
    this.rewriteIfMuchChanged();
  }

  private hide(id: number): void {
    if (!this.file?.has(id) || this.hidden.has(id)) return;
    this.hidden.add(id);
    this.hiddenLength += this.file.bodyLengthOf(id);
  }

  search(query: SearchQuery, offset: number, limit: number): SiteSearchResult {
    const file = this.file;
    let result: SiteSearchResult;
    if (!file) {
      result = this.index.search(query, offset, limit);
    } else {
      // The file and the changes since rank on one scale: the blog's as it is now.
      const live = file.size - this.hidden.size + this.index.size;
      const length = file.bodyLength - this.hiddenLength + this.index.bodyLength;
      const scale: RankScale = { idf: (term) => idf(live, file.df(term) + this.index.df(term)), averageLength: live > 0 ? Math.max(1, length / live) : 1 };
      const top = new TopHits(offset + Math.max(0, limit));
      const fromFile = limit > 0 ? file.rankInto(query, scale, top, this.hidden) : { total: 0, partial: false };
      const total = fromFile.total + (limit > 0 ? this.index.rankInto(query, scale, top) : 0);
      result = { total, hits: top.sorted().slice(offset) };
      if (fromFile.partial) result.partial = true;
    }
    const building = this.building;
    if (building) result.building = building;
    return result;
  }

  /**
   * Opens the index file, or writes it in a worker when there is none that
   * can be used, then answers queries from it. Posts changed meanwhile are
   * followed (update()). Rejects when the file can be neither used nor written.
   */
  async openFile(): Promise<IndexOutcome> {
    const options = this.options.file!;
    const posts = options.posts();
    this.progress = { indexed: 0, total: posts.length };
    try {
      return await this.runWorker(posts, false);
    } finally {
      this.progress = undefined;
    }
  }

  private async runWorker(posts: Post[], rebuild: boolean): Promise<IndexOutcome> {
    const options = this.options.file!;
    this.writing = true;
    this.followed.clear();
    try {
      const outcome = await indexInWorker({ path: options.path, fingerprint: options.fingerprint, render: options.render, posts, rebuild }, (indexed, total) => {
        if (this.progress) this.progress = { indexed, total };
      }, this.stop.signal);
      this.swapIn(IndexFile.open(options.path, options.fingerprint), outcome);
      this.complete = true;
      return outcome;
    } finally {
      this.writing = false;
      this.followed.clear();
    }
  }

  /** Serves from a new file: what changed since the worker started stays in memory, hidden in the file. */
  private swapIn(file: IndexFile, outcome: IndexOutcome): void {
    if (this.closed) {
      file.close();
      return;
    }
    const old = this.file;
    const changedMeanwhile = new Set(this.followed);
    this.file = file;
    this.hidden = new Set();
    this.hiddenLength = 0;
    for (const id of this.index.ids()) if (!changedMeanwhile.has(id)) this.index.remove(id);
    for (const id of changedMeanwhile) this.hide(id);
    for (const id of outcome.hidden) this.hide(id);
    for (const doc of outcome.fresh) {
      if (changedMeanwhile.has(doc.id)) continue;
      this.hide(doc.id);
      this.index.add(doc.id, doc);
      this.keepText(doc.id, doc.body);
    }
    old?.close();
  }

  /** Writes the file again in the background once many posts changed since it was written. */
  private rewriteIfMuchChanged(): void {
    const file = this.file;
    const options = this.options.file;
    if (!file || !options || this.writing || this.closed || performance.now() - this.rewriteFailedAt < RETRY_REWRITE_MS) return;
    if (Math.max(this.hidden.size, this.index.size) < Math.max(REWRITE_AFTER, file.size / 20)) return;
    this.runWorker(options.posts(), true).catch((e: unknown) => {
      this.rewriteFailedAt = performance.now();
      options.onProblem?.(`cannot write the search index ${options.path} again (${(e as NodeJS.ErrnoException).code ?? String(e)}): the posts changed since it was written stay in memory`);
    });
  }

  /** Bytes the search keeps in memory for the index file (its dictionary and document table). */
  fileMemory(): number {
    return this.file?.memory() ?? 0;
  }

  /** Whether the index is kept in a file. */
  get usesFile(): boolean {
    return this.options.file !== undefined;
  }

  /** Stops using the file. */
  close(): void {
    this.closed = true;
    this.stop.abort();
    this.file?.close();
    this.file = undefined;
  }

  /** A result's snippet as HTML (from the index file's text, else the body is read again unless it is among the recent results' texts). */
  snippet(post: Post, query: SearchQuery): string {
    return snippetHtml(this.textForSnippet(post), query);
  }

  private textForSnippet(post: Post): string {
    if (this.file && !this.hidden.has(post.id)) {
      const stored = this.file.text(post.id);
      if (stored !== undefined) return stored;
    }
    let text = this.texts.get(post.id);
    if (text !== undefined) {
      this.texts.delete(post.id);
      this.texts.set(post.id, text);
      return text;
    }
    text = this.options.textOf(post) ?? "";
    this.keepText(post.id, text);
    return text;
  }

  private keepText(id: number, text: string): void {
    const budget = this.options.textCacheSize ?? 4 * 1024 * 1024;
    if (text.length > budget / 8) return;
    this.forgetText(id);
    this.texts.set(id, text);
    this.textsSize += text.length;
    for (const [oldest, old] of this.texts) {
      if (this.textsSize <= budget) break;
      this.texts.delete(oldest);
      this.textsSize -= old.length;
    }
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
