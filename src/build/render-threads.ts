/**
 * Renders a build's pages in several threads (./build-worker.ts). The main
 * thread, idle meanwhile, hands out chunks of the position-ordered pages as
 * the threads ask (./page-scheduler.ts), adds up their progress and collects
 * their results. A thread that fails stops the build: nothing more is handed
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
 * The old-generation heap of a build thread, in MB. Most of a thread's peak
 * memory is garbage V8 has not collected yet, as much as it is allowed: a
 * limit scaled to what the thread keeps (its copy of the posts, the body
 * cache, the largest body rendered at once) keeps the peak near that.
 */
export function threadHeapMb(posts: readonly Post[]): number {
  const largestBody = posts.reduce((max, post) => Math.max(max, post.bodySize), 0);
  const mb = (bytes: number): number => Math.ceil(bytes / (1024 * 1024));
  // Post objects and the site's indexes: about 3 KB a post; the cache's strings up to 2 bytes a character; a body's source, tree and HTML: 16 times its size.
  return 64 + mb(posts.length * 3 * 1024) + mb(2 * BUILD_BODY_CACHE) + mb(16 * largestBody);
}

/** `pages` in position order; `onProgress`: pages done so far by all threads. */
export function renderInThreads(job: RenderJob, pages: readonly PlannedPage[], threads: number, onProgress: (done: number) => void): Promise<ShareResult[]> {
  const scheduler = new PageScheduler(pages.length, threads, CHUNK_PAGES);
  const done = new Array<number>(threads).fill(0);
  const workers: Worker[] = [];
  const stopAll = (): void => {
    scheduler.stop();
    for (const worker of workers) void worker.terminate();
  };
  const running = Array.from({ length: threads }, (_, k) => {
    const worker = new Worker(new URL("./build-worker.js", import.meta.url), { workerData: job, resourceLimits: { maxOldGenerationSizeMb: threadHeapMb(job.posts) } });
    workers.push(worker);
    return new Promise<ShareResult>((resolve, reject) => {
      worker.on("message", (message: WorkerMessage) => {
        if (message.kind === "want") {
          const chunk = scheduler.next(k);
          worker.postMessage({ pages: chunk === undefined ? [] : pages.slice(chunk.start, chunk.end) } satisfies ChunkMessage);
        } else if (message.kind === "progress") {
          done[k] = message.done;
          onProgress(done.reduce((a, b) => a + b, 0));
        } else {
          resolve(message.result);
        }
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`a build thread stopped with exit code ${code}`)));
    });
  });
  // The first failure stops the others: their pages would be of no use.
  for (const thread of running) thread.catch(stopAll);
  return Promise.all(running);
}
