/**
 * Loading a data directory, checking every body and rendering big bodies in
 * worker threads. The
 * work makes a lot of short-lived garbage (100 MB of bodies read, parsed and
 * dropped); in a worker, that heap disappears with the thread instead of
 * staying in the server's resident memory, and the main thread stays free
 * to answer requests meanwhile.
 */

import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics.js";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { listPostIds, type LoadOptions, type LoadResult } from "./load-posts.js";
import type { BodyStoreOptions, RenderedBody } from "./bodies.js";
import type { Post } from "./model.js";
import { withOwnPaths, withPaths } from "./post-paths.js";
import type { HeadingLevel } from "../markup/fmt3/options.js";

export type WorkerJob =
  | { kind: "load"; options: LoadOptions; ids: number[]; batch?: number }
  | { kind: "check"; posts: Array<Pick<Post, "id" | "bodyPath" | "format">>; maxPostSize?: number | undefined }
  | { kind: "render"; post: Post; titleLevel: HeadingLevel | undefined; options: AsideRenderOptions };

/** The options of a BodyStore that can travel to a thread (no callbacks). */
export type AsideRenderOptions = Omit<BodyStoreOptions, "onProblem" | "renderAside" | "onRenderedAside">;

export interface AsideRenderResult {
  body?: RenderedBody | undefined;
  diagnostics: Diagnostic[];
}

/**
 * A thread's young generation, in MB (V8's default lets it grow to 3 × 16):
 * the threads' garbage is short-lived, and a smaller nursery kept the first
 * start of 50,000 posts at 239 MB of resident memory instead of 307 MB,
 * without slowing it (measured; bench/RESULTS.md).
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** Posts per message of a thread loading in batches. */
export const LOAD_BATCH = 1000;

export interface CheckResult {
  broken: number[];
  diagnostics: Diagnostic[];
}

function run<T>(job: WorkerJob): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./content-worker.js", import.meta.url), { workerData: job, resourceLimits: THREAD_LIMITS });
    worker.once("message", (result: T) => resolve(result));
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the loading thread stopped with exit code ${code}`));
    });
  });
}

/** Runs a job whose thread posts several messages; settles when the thread ends. */
function runEach<T>(job: WorkerJob, onMessage: (message: T) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./content-worker.js", import.meta.url), { workerData: job, resourceLimits: THREAD_LIMITS });
    worker.on("message", onMessage);
    worker.once("error", reject);
    worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the loading thread stopped with exit code ${code}`))));
  });
}

/**
 * Loads every post (or the posts `only`), split over one thread per core
 * (at most 4). With `onBatch`, each thread hands over its posts in batches
 * of `LOAD_BATCH` as it goes.
 */
export async function loadPostsInWorkers(options: LoadOptions, only?: readonly number[], onBatch?: (batch: LoadResult) => void): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const ids = only ?? listPostIds(options.dataDir, diagnostics);
  const threads = Math.max(1, Math.min(4, availableParallelism(), Math.ceil(ids.length / 500)));
  const shares = Array.from({ length: threads }, (_, t) => ids.filter((_, i) => i % threads === t));
  const results: LoadResult[] = [];
  const postsDir = join(options.dataDir, "posts");
  await Promise.all(shares.map((share) =>
    runEach<LoadResult>({ kind: "load", options, ids: share, ...(onBatch && { batch: LOAD_BATCH }) }, (result) => {
      // Cloned from the thread without their prototype, which derives the paths.
      for (const post of result.posts) withPaths(postsDir, post);
      results.push(result);
      onBatch?.(result);
    }),
  ));
  return {
    posts: results.flatMap((r) => r.posts),
    files: results.flatMap((r) => r.files),
    diagnostics: [...diagnostics, ...results.flatMap((r) => r.diagnostics)],
    ...(options.checkBodies && {
      checks: { broken: results.flatMap((r) => r.checks?.broken ?? []), diagnostics: results.flatMap((r) => r.checks?.diagnostics ?? []) },
    }),
  };
}

/** Which posts' bodies do not parse. */
export function checkBodiesInWorker(posts: readonly Post[], maxPostSize?: number): Promise<CheckResult> {
  return run<CheckResult>({ kind: "check", posts: posts.map(({ id, bodyPath, format }) => ({ id, bodyPath, format })), maxPostSize });
}

/** Renders one body in a thread of its own (for bodies too big to render on the request path). */
export function renderBodyInWorker(post: Post, titleLevel: HeadingLevel | undefined, options: AsideRenderOptions): Promise<AsideRenderResult> {
  return run<AsideRenderResult>({ kind: "render", post: withOwnPaths(post), titleLevel, options });
}
