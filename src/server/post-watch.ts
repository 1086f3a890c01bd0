/**
 * Noticing changes to post directories without an inotify watch on each of
 * them: an FSWatcher costs some 0.5 KB of heap and 1.7 KB of resident memory
 * (measured: 85 MB for 50,000 posts, more than the posts themselves).
 *
 * The posts directory itself is watched by the caller (a post directory
 * created, deleted, replaced or moved over is seen at once). Here, the
 * newest `limit` posts and every post changed while serving get a watch of
 * their own, all sharing one listener; the other posts' files are compared
 * with the stamps they were loaded with (as a restart does with the
 * snapshot), round after round, in short slices with pauses between them so
 * that the sweep takes a small, bounded share of one core. An edit to an
 * old post is seen within one round (seconds: see bench/RESULTS.md); the
 * post is watched from then on (up to twice the limit in all). A post's
 * comments directory is not watched: a comment is shown only once post.lisp
 * lists it, and that edit is seen.
 */

import { watch, type FSWatcher } from "node:fs";
import { sep } from "node:path";
import { unchanged, type PostFiles } from "../content/post-snapshot.js";

export interface PostWatchOptions {
  /** `<data>/posts`. */
  postsDir: string;
  /** Posts watched each from the start (the newest ones: the ones authors edit). */
  limit: number;
  /** The stamps a post was loaded with (undefined: not known, not swept). */
  files: (id: number) => PostFiles | undefined;
  /** Every post now. */
  ids: () => Iterable<number>;
  /** A post's directory had an event, or its files differ from their stamps. */
  onChange: (id: number) => void;
  warn: (message: string) => void;
  /** The posts' files are being compared already (a restart's check against the snapshot): no sweep meanwhile. */
  busy?: () => boolean;
  /** Milliseconds of work per slice of the sweep, and of rest after each (default 5 and 95: 5% of a core). */
  sliceMs?: number;
  pauseMs?: number;
}

export class PostWatch {
  private readonly watchers = new Map<number, FSWatcher>();
  private readonly idOf = new Map<FSWatcher, number>();
  private closed = false;
  private sweeping = false;
  /** One listener for every watch (a closure each would cost a few hundred bytes per post). */
  private readonly onEvent: (this: FSWatcher) => void;
  private readonly onError: (this: FSWatcher) => void;

  constructor(private readonly options: PostWatchOptions) {
    const self = this;
    this.onEvent = function (this: FSWatcher) {
      const id = self.idOf.get(this);
      if (id !== undefined) self.options.onChange(id);
    };
    this.onError = function (this: FSWatcher) {
      const id = self.idOf.get(this);
      if (id === undefined) return;
      self.unwatch(id);
      self.options.onChange(id);
    };
  }

  /** Watches the posts `newestFirst` up to the limit (a few hundred at a time) and starts the sweep. */
  start(newestFirst: readonly number[]): void {
    const ids = newestFirst.slice(0, this.options.limit);
    const step = (from: number): void => {
      if (this.closed) return;
      for (const id of ids.slice(from, from + 500)) this.watch(id);
      if (from + 500 < ids.length) setImmediate(step, from + 500);
    };
    setImmediate(step, 0);
    if (!this.sweeping) {
      this.sweeping = true;
      void this.sweep();
    }
  }

  get watched(): number {
    return this.watchers.size;
  }

  /**
   * After a change to a post: watches its directory anew (it may have been
   * replaced, leaving the old watch on a gone inode), or for the first time
   * while there is room (twice the limit: a `git checkout` of every post
   * must not bring back a watch per post); else the sweep keeps looking.
   */
  changed(id: number): void {
    if (this.watchers.has(id) || this.watchers.size < 2 * this.options.limit) this.watch(id);
  }

  private watch(id: number): void {
    this.unwatch(id);
    try {
      const watcher = watch(this.options.postsDir + sep + id, { persistent: false });
      watcher.on("change", this.onEvent);
      watcher.on("error", this.onError);
      this.watchers.set(id, watcher);
      this.idOf.set(watcher, id);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return;
      this.options.warn(`cannot watch ${this.options.postsDir + sep + id}: ${code ?? e}` + (code === "ENOSPC" ? " (raise fs.inotify.max_user_watches)" : ""));
    }
  }

  unwatch(id: number): void {
    const watcher = this.watchers.get(id);
    if (!watcher) return;
    watcher.close();
    this.watchers.delete(id);
    this.idOf.delete(watcher);
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    this.idOf.clear();
  }

  /** Compares the files of unwatched posts with their stamps, round after round. */
  private async sweep(): Promise<void> {
    const sliceMs = this.options.sliceMs ?? 5;
    const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, this.options.pauseMs ?? 95).unref());
    while (!this.closed) {
      if (this.options.busy?.()) {
        await pause();
        continue;
      }
      const ids = [...this.options.ids()].filter((id) => !this.watchers.has(id));
      for (let i = 0; i < ids.length && !this.closed;) {
        const sliceEnd = performance.now() + sliceMs;
        for (; i < ids.length && performance.now() < sliceEnd; i++) {
          const id = ids[i]!;
          const files = this.options.files(id);
          if (files && !this.watchers.has(id) && !unchanged(this.options.postsDir + sep + id, files)) this.options.onChange(id);
        }
        await pause();
      }
      await pause();
    }
  }
}
