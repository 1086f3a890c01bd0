/** The worker thread of ./load-in-worker.ts: does one job and posts the result back. */

import { parentPort, workerData } from "node:worker_threads";
import { checkBody } from "./bodies.js";
import type { CheckResult, WorkerJob } from "./load-in-worker.js";
import { loadPosts } from "./load-posts.js";

const job = workerData as WorkerJob;

if (job.kind === "load") {
  parentPort!.postMessage(loadPosts(job.options, job.ids));
} else {
  const result: CheckResult = { broken: [], diagnostics: [] };
  for (const post of job.posts) {
    const { ok, diagnostics } = checkBody(post);
    result.diagnostics.push(...diagnostics);
    if (!ok) result.broken.push(post.id);
  }
  parentPort!.postMessage(result);
}
