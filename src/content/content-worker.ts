/** The worker thread of ./load-in-worker.ts: does one job and posts the result back. */

import { parentPort, workerData } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics.js";
import { BodyStore, checkBody } from "./bodies.js";
import type { AsideRenderResult, CheckResult, WorkerJob } from "./load-in-worker.js";
import { loadPosts } from "./load-posts.js";

const job = workerData as WorkerJob;

if (job.kind === "load") {
  // In batches when asked, so that the server can show the first posts while the rest load.
  const batch = job.batch ?? job.ids.length;
  for (let i = 0; i === 0 || i < job.ids.length; i += batch) parentPort!.postMessage(loadPosts(job.options, job.ids.slice(i, i + batch)));
} else if (job.kind === "render") {
  const diagnostics: Diagnostic[] = [];
  const store = new BodyStore({ ...job.options, onProblem: (d) => void diagnostics.push(d) });
  const result: AsideRenderResult = { body: store.render(job.post, job.titleLevel), diagnostics };
  parentPort!.postMessage(result);
} else {
  const result: CheckResult = { broken: [], diagnostics: [] };
  for (const post of job.posts) {
    const { ok, diagnostics } = checkBody(post, job.maxPostSize);
    result.diagnostics.push(...diagnostics);
    if (!ok) result.broken.push(post.id);
  }
  parentPort!.postMessage(result);
}
