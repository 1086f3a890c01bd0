/**
 * Renders a build's pages in several threads (./build-worker.ts), started
 * as soon as the posts are loaded. The main thread, idle meanwhile, hands
 * out chunks of the position-ordered pages as the threads ask
 * (./page-scheduler.ts), adds up their progress and collects their results. A thread that fails stops the build: nothing more is handed
 * out, the other threads are stopped, and the promise rejects with its error.
 */

import { Worker } from "node:worker_threads";
import type { Post } from "../content/model.js";
import { BUILD_BODY_CACHE } from "./build-site.js";
import type { ChunkMessage, RenderJob, WorkerMessage } from "./build-worker.js";
import { PageScheduler } from "./page-scheduler.js";
import type { PlannedPage, ShareResult } from "./render-share.js";

/**
 * Pages a thread is given at a time: tens of milliseconds of rendering, so
 * that asking costs nothing beside it and the threads finish within a chunk
 * or two of each other.
 */
export const CHUNK_PAGES = 32;

/**
 * The old-generation heap of a build thread, in MB: a base for the code,
 * templates and V8's own, plus twice what the thread keeps (its copy of the
 * posts and the site's indexes, the body cache, the largest body rendered at
 * once). A full collection costs about what is live, and the next one comes
 * once the free part of the cap has been allocated: with the base plus once
 * what is kept (about 160 MB at 10,000 posts, 110 MB of it live by the end)
 * the threads ran 28-52 full collections each and spent a quarter of their
 * time collecting. With headroom equal to what is kept, a full collection
 * comes at most once per that much allocated, so its marking costs about a
 * byte per byte allocated whatever the blog's size (9-14 each), and the
 * process stays under 600 MB at 10,000 posts with two threads. The young
 * generation keeps V8's default: 16 MB doubled the scavenges, 96 MB thrashed.
 * Measured: bench/RESULTS.md, "Build scheduling, heap and write path".
 */
export function threadHeapMb(posts: readonly Post[]): number {
  const largestBody = posts.reduce((max, post) => Math.max(max, post.bodySize), 0);
  const mb = (bytes: number): number => Math.ceil(bytes / (1024 * 1024));
  // Post objects and the site's indexes: about 3 KB a post; the cache's strings up to 2 bytes a character; a body's source, tree and HTML: 16 times its size.
  const kept = mb(posts.length * 3 * 1024) + mb(2 * BUILD_BODY_CACHE) + mb(16 * largestBody);
  return 64 + 2 * kept;
}

/**
 * Build threads, started before the pages are planned: each makes its site
 * (clones the posts, loads the templates, indexes) while the main thread
 * plans the pages, then renders the chunks it is handed.
 */
export class RenderThreads {
  private readonly workers: Worker[] = [];
  private readonly running: Promise<ShareResult>[];
  /** Set by render; until then the threads' requests wait in `waiting`. */
  private work: { pages: readonly PlannedPage[]; scheduler: PageScheduler; onProgress: (done: number) => void } | undefined;
  private readonly waiting: number[] = [];
  private readonly done: number[];
  private stopped = false;

  constructor(job: RenderJob, readonly threads: number) {
    this.done = new Array<number>(threads).fill(0);
    const heapMb = threadHeapMb(job.posts);
    this.running = Array.from({ length: threads }, (_, k) => {
      const worker = new Worker(new URL("./build-worker.js", import.meta.url), { workerData: job, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
      this.workers.push(worker);
      return new Promise<ShareResult>((resolve, reject) => {
        worker.on("message", (message: WorkerMessage) => {
          this.done[k] = message.done;
          this.work?.onProgress(this.done.reduce((a, b) => a + b, 0));
          if (message.kind === "want") this.answer(k);
          else resolve(message.result);
        });
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`a build thread stopped with exit code ${code}`)));
      });
    });
    // The first failure stops the others: their pages would be of no use.
    for (const thread of this.running) thread.catch(() => this.stop());
  }

  /** Renders `pages` (in position order); `onProgress`: pages done so far by all threads. Call once. */
  render(pages: readonly PlannedPage[], onProgress: (done: number) => void): Promise<ShareResult[]> {
    this.work = { pages, scheduler: new PageScheduler(pages.length, this.threads, CHUNK_PAGES), onProgress };
    if (this.stopped) this.work.scheduler.stop();
    for (const k of this.waiting.splice(0)) this.answer(k);
    return Promise.all(this.running);
  }

  /** Stops the threads (a thread failed, or the build stopped before rendering). */
  stop(): void {
    this.stopped = true;
    this.work?.scheduler.stop();
    for (const worker of this.workers) void worker.terminate();
  }

  private answer(thread: number): void {
    if (this.work === undefined) return void this.waiting.push(thread);
    const chunk = this.work.scheduler.next(thread);
    this.workers[thread]!.postMessage({ pages: chunk === undefined ? [] : this.work.pages.slice(chunk.start, chunk.end) } satisfies ChunkMessage);
  }
}
