/**
 * Opening or writing the search index file in a worker thread: rendering
 * every post to text and indexing it takes seconds to minutes, and its
 * garbage would stay in the serving thread's heap. The serving thread only
 * opens the finished file (./index-file.ts).
 */

import { createHash } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { AsideRenderOptions } from "../content/load-in-worker.js";
import type { Post } from "../content/model.js";
import { FORMATS } from "../markup/formats.js";
import { FORMAT } from "./index-file.js";
import type { IndexedDocument } from "./write-index-file.js";

/** Old-generation heap of the index thread, in MB. */
const WORKER_HEAP_MB = 128;

/** What the worker needs of a post. */
export type IndexPost = Pick<Post, "id" | "dir" | "bodyPath" | "format" | "bodySize" | "title" | "tags" | "time" | "listed" | "comments" | "twitterImage" | "commentsClosed">;

export interface IndexJob {
  path: string;
  fingerprint: string;
  render: AsideRenderOptions;
  /** Every listed post. */
  posts: IndexPost[];
  /** Write a new file even when the one there could be used. */
  rebuild: boolean;
}

export type IndexMessage =
  | { kind: "progress"; indexed: number; total: number }
  | {
      kind: "done";
      /** A new file was written (else the one there is used). */
      rebuilt: boolean;
      /** Why the file there was not used. */
      reason?: string;
      /** Posts of the file to hide (changed or gone since it was written). */
      hidden: number[];
      /** Posts changed or added since it was written, to keep in memory. */
      fresh: IndexedDocument[];
    };

export type IndexOutcome = Extract<IndexMessage, { kind: "done" }>;

/** What the file depends on besides the posts: a file made with other settings is not used. */
export function indexFingerprint(dataDir: string, version: string, render: AsideRenderOptions): string {
  const what = JSON.stringify([FORMAT, resolve(dataDir), version, render, FORMATS.map((f) => [f.id, f.bodyFile])]);
  return createHash("sha256").update(what).digest("hex").slice(0, 32);
}

/** Only what rendering and indexing need travels to the thread. */
function slim(post: Post): IndexPost {
  return { id: post.id, dir: post.dir, bodyPath: post.bodyPath, format: post.format, bodySize: post.bodySize, title: post.title, tags: post.tags, time: post.time, listed: true, comments: [], twitterImage: undefined, commentsClosed: false };
}

/**
 * Opens or writes the index file of `posts` in a thread; `onProgress`
 * follows a build. Aborting stops the thread and removes its temporary files.
 */
export function indexInWorker(job: Omit<IndexJob, "posts"> & { posts: readonly Post[] }, onProgress: (indexed: number, total: number) => void, signal?: AbortSignal): Promise<IndexOutcome> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(new URL("./index-worker.js", import.meta.url), {
      workerData: { ...job, posts: job.posts.map(slim) } satisfies IndexJob,
      // The thread's heap is the server's resident memory: a bound makes V8 collect garbage early
      // (the writer holds one batch of postings, a few tens of MB at most), and a small nursery
      // (as the loading threads have) took a first start of 50,000 posts from 486 to 430 MB at its peak.
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 8 },
    });
    signal?.addEventListener("abort", () => {
      const { threadId } = worker;
      void worker.terminate().then(() => {
        // The writer's names: `<file>.<pid>-<thread>.tmp` and its runs `.tmp.runN`.
        const prefix = `${basename(job.path)}.${process.pid}-${threadId}.tmp`;
        try {
          for (const name of readdirSync(dirname(job.path))) if (name.startsWith(prefix)) rmSync(join(dirname(job.path), name), { force: true });
        } catch {
          // The data directory itself is gone (or unreadable): nothing of ours is left to remove.
        }
      });
    }, { once: true });
    let outcome: IndexOutcome | undefined;
    worker.on("message", (message: IndexMessage) => {
      if (message.kind === "progress") onProgress(message.indexed, message.total);
      else outcome = message;
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (outcome) resolvePromise(outcome);
      else reject(new Error(`the search index thread stopped with exit code ${code}`));
    });
  });
}
