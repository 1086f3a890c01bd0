/** The worker thread of ./load-in-worker.ts: does one job and posts the result back. */

import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics.js";
import { parseFmt3Paragraphs } from "../markup/fmt3/parser.js";
import type { CheckResult, WorkerJob } from "./load-in-worker.js";
import type { LoadResult } from "./load-posts.js";
import { loadPost } from "./load-posts.js";

const job = workerData as WorkerJob;

if (job.kind === "load") {
  const result: LoadResult = { posts: [], diagnostics: [] };
  for (const id of job.ids) {
    const { post, diagnostics } = loadPost(id, job.options);
    if (post) result.posts.push(post);
    result.diagnostics.push(...diagnostics);
  }
  parentPort!.postMessage(result);
} else {
  const result: CheckResult = { broken: [], diagnostics: [] };
  for (const { id, texPath } of job.posts) {
    let source: string;
    try {
      source = readFileSync(texPath, "utf8");
    } catch {
      result.broken.push(id);
      continue;
    }
    const { ok, diagnostics } = parseFmt3Paragraphs(source, () => {});
    for (const d of diagnostics) result.diagnostics.push({ ...d, file: texPath } satisfies Diagnostic);
    if (!ok) result.broken.push(id);
  }
  parentPort!.postMessage(result);
}
