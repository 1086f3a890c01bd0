/**
 * A thread of `blahg render --out` (see ./render-pool.ts): renders the
 * batches of files it is sent, writes their outputs and answers with what
 * each one reported. Its first message, `null`, says it is ready.
 */

import { parentPort, workerData } from "node:worker_threads";
import { renderFile, type RenderJob, type RenderOutcome, type RenderSettings } from "./render-file.js";

export interface RenderBatch {
  /** Indexes of the jobs in the command's list, echoed back. */
  indexes: number[];
  jobs: RenderJob[];
}

export interface RenderBatchResult {
  indexes: number[];
  outcomes: RenderOutcome[];
}

const settings = workerData as RenderSettings;

// Every module is loaded by now: ask for the first batch.
parentPort!.postMessage(null);

parentPort!.on("message", (batch: RenderBatch) => {
  const result: RenderBatchResult = { indexes: batch.indexes, outcomes: batch.jobs.map((job) => renderFile(job, settings)) };
  parentPort!.postMessage(result);
});
