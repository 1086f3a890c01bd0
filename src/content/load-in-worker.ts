/**
 * Loading a data directory and checking every body in a worker thread. The
 * work makes a lot of short-lived garbage (100 MB of bodies read, parsed and
 * dropped); in a worker, that heap disappears with the thread instead of
 * staying in the server's resident memory, and the main thread stays free
 * to answer requests meanwhile.
 */

import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics.js";
import type { LoadOptions, LoadResult } from "./load-posts.js";
import type { Post } from "./model.js";

export type WorkerJob =
  | { kind: "load"; options: LoadOptions }
  | { kind: "check"; posts: Array<Pick<Post, "id" | "texPath">> };

export interface CheckResult {
  broken: number[];
  diagnostics: Diagnostic[];
}

function run<T>(job: WorkerJob): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./content-worker.js", import.meta.url), { workerData: job });
    worker.once("message", (result: T) => resolve(result));
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the loading thread stopped with exit code ${code}`));
    });
  });
}

export function loadPostsInWorker(options: LoadOptions): Promise<LoadResult> {
  return run<LoadResult>({ kind: "load", options });
}

/** Which posts' bodies do not parse. */
export function checkBodiesInWorker(posts: readonly Post[]): Promise<CheckResult> {
  return run<CheckResult>({ kind: "check", posts: posts.map(({ id, texPath }) => ({ id, texPath })) });
}
