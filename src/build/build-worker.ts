/** A build thread (see ./build.ts): makes the site once from the posts it is given, renders its share, reports progress and results. */

import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "../config/config.js";
import type { Post } from "../content/model.js";
import { withPaths } from "../content/post-paths.js";
import type { Diagnostic } from "../diagnostics.js";
import { buildSite, loadTemplates } from "./build-site.js";
import { renderShare, type PlannedPage } from "./render-share.js";
import { OutputWriter } from "./write-output.js";

export interface RenderJob {
  config: Config;
  templateDir: string;
  posts: Post[];
  captcha: readonly [number, number];
  share: PlannedPage[];
  outDir: string;
  now: bigint;
}

export type WorkerMessage =
  | { kind: "progress"; done: number }
  | { kind: "done"; result: import("./render-share.js").ShareResult };

const job = workerData as RenderJob;
// Cloned into this thread without the prototype that derives their paths.
for (const post of job.posts) withPaths(join(job.config.dataDir, "posts"), post);
const problems: Diagnostic[] = [];
// Template problems were reported by the main thread, which loaded the same files.
const templates = await loadTemplates(job.templateDir, () => {});
const site = buildSite({ config: job.config, templates, posts: job.posts, captcha: job.captcha, onProblem: (d) => void problems.push(d) });
const result = await renderShare(site, job.share, new OutputWriter(job.outDir), job.now, (done) => parentPort!.postMessage({ kind: "progress", done } satisfies WorkerMessage));
result.problems.unshift(...problems);
parentPort!.postMessage({ kind: "done", result } satisfies WorkerMessage);
