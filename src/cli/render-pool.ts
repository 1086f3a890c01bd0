/**
 * Renders many files on every core: the main thread and one worker thread
 * per other core take small batches from one queue, so a slow file does not
 * hold the others up and the work ends on all threads at about the same
 * time. The outcomes come back in the order of the files, whichever thread
 * rendered them. A thread that fails hands its batch back to the queue.
 */

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { renderFile, type RenderJob, type RenderOutcome, type RenderSettings } from "./render-file.js";
import type { RenderBatch, RenderBatchResult } from "./render-worker.js";

/** Fewer files than this are rendered on the main thread alone: a thread costs the loading of every module. */
export const PARALLEL_MIN_FILES = 16;
/** Files per batch: small enough to balance the threads, big enough that messages cost little. */
const BATCH = 8;

export interface PoolOptions {
  /** Threads in all, the main one included (default: the available parallelism, at most 8). */
  threads?: number;
  /** Whether the main thread renders too (default true); false leaves it all to worker threads. */
  mainThread?: boolean;
}

export interface PoolReport {
  /** Files rendered by worker threads (the rest by the main thread). */
  inWorkers: number;
}

/**
 * Renders every job and calls `report` for each outcome in job order, as
 * soon as it and every job before it are done.
 */
export async function renderInPool(jobs: readonly RenderJob[], settings: RenderSettings, report: (outcome: RenderOutcome, index: number) => void, options: PoolOptions = {}): Promise<PoolReport> {
  const mainThread = options.mainThread ?? true;
  const outcomes: Array<RenderOutcome | undefined> = new Array(jobs.length);
  let reported = 0;
  const settle = (index: number, outcome: RenderOutcome): void => {
    outcomes[index] = outcome;
    while (reported < jobs.length && outcomes[reported] !== undefined) {
      report(outcomes[reported]!, reported);
      outcomes[reported] = undefined; // the output may be big: let it go
      reported++;
    }
  };

  // Batches handed back by a failed thread go first.
  const returned: number[][] = [];
  let next = 0;
  const takeBatch = (): number[] | undefined => {
    const again = returned.shift();
    if (again) return again;
    if (next >= jobs.length) return undefined;
    const indexes: number[] = [];
    for (; indexes.length < BATCH && next < jobs.length; next++) indexes.push(next);
    return indexes;
  };

  const threads = Math.max(1, options.threads ?? Math.min(8, availableParallelism()));
  const workersWanted = !mainThread
    ? Math.max(1, Math.min(threads, Math.ceil(jobs.length / BATCH)))
    : jobs.length < PARALLEL_MIN_FILES ? 0 : Math.min(threads - 1, Math.ceil(jobs.length / BATCH) - 1);
  const pool: PoolReport = { inWorkers: 0 };
  const fromWorker = (index: number, outcome: RenderOutcome): void => {
    pool.inWorkers++;
    settle(index, outcome);
  };
  const running: Array<Promise<void>> = [];
  for (let w = 0; w < workersWanted; w++) running.push(runWorker(settings, takeBatch, jobs, fromWorker, (batch) => returned.push(batch)));

  // The main thread renders too, yielding between batches so that the workers' messages get through.
  if (mainThread) {
    for (let batch = takeBatch(); batch !== undefined; batch = takeBatch()) {
      for (const index of batch) settle(index, renderFile(jobs[index]!, settings));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await Promise.all(running);
  // A worker that failed last may have handed back a batch after the main thread finished.
  for (let batch = takeBatch(); batch !== undefined; batch = takeBatch()) {
    for (const index of batch) settle(index, renderFile(jobs[index]!, settings));
  }
  return pool;
}

function runWorker(
  settings: RenderSettings,
  takeBatch: () => number[] | undefined,
  jobs: readonly RenderJob[],
  settle: (index: number, outcome: RenderOutcome) => void,
  handBack: (batch: number[]) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./render-worker.js", import.meta.url), { workerData: settings });
    // Batches sent and not answered yet: two, so that the thread has the next one while
    // the main thread, busy rendering, has not read its answer yet.
    const inFlight: number[][] = [];
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      for (const batch of inFlight.splice(0)) handBack(batch);
      void worker.terminate();
      resolve();
    };
    const send = (): void => {
      const batch = takeBatch();
      if (batch === undefined) {
        if (inFlight.length === 0) finish();
        return;
      }
      inFlight.push(batch);
      const message: RenderBatch = { indexes: batch, jobs: batch.map((i) => jobs[i]!) };
      worker.postMessage(message);
    };
    // The first message (null) says the thread has loaded its modules.
    worker.on("message", (result: RenderBatchResult | null) => {
      if (result === null) {
        send();
        send();
        return;
      }
      inFlight.shift();
      result.indexes.forEach((index, i) => settle(index, result.outcomes[i]!));
      send();
    });
    worker.once("error", finish);
    worker.once("exit", finish);
  });
}
