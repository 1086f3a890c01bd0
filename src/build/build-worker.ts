/**
 * A build thread (see ./render-threads.ts): makes the site once from the
 * posts it is given, then renders the chunks of pages the main thread hands
 * out, asking for the next chunk as it starts one so that the answer is
 * there when it is needed; reports its progress with each request and, once
 * told there is nothing more, its results.
 */

import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "../config/config.js";
import type { Post } from "../content/model.js";
import { withPaths } from "../content/post-paths.js";
import type { Diagnostic } from "../diagnostics.js";
import { buildSite, loadTemplates } from "./build-site.js";
import { renderShare, type PlannedPage, type ShareResult } from "./render-share.js";
import { OutputWriter } from "./write-output.js";

export interface RenderJob {
  config: Config;
  templateDir: string;
  posts: Post[];
  captcha: readonly [number, number];
  outDir: string;
  now: bigint;
}

/**
 * From a thread to the main thread, with the pages it has rendered so far
 * (progress rides on the requests: every message wakes the main thread,
 * which then takes a core from the rendering threads).
 */
export type WorkerMessage = { kind: "want"; done: number } | { kind: "done"; done: number; result: ShareResult };

/** From the main thread: the next chunk of pages; none means there are no more. */
export interface ChunkMessage {
  pages: PlannedPage[];
}

const job = workerData as RenderJob;
const port = parentPort!;
const send = (message: WorkerMessage): void => port.postMessage(message);

/** Pages of the chunks rendered so far. */
let rendered = 0;

/** The chunks the main thread sends, each asked for when the one before it starts. */
async function* chunksFromMain(): AsyncGenerator<PlannedPage[]> {
  const arrived: PlannedPage[][] = [];
  let wake: (() => void) | undefined;
  const onMessage = (message: ChunkMessage): void => {
    arrived.push(message.pages);
    wake?.();
  };
  port.on("message", onMessage);
  try {
    send({ kind: "want", done: rendered });
    for (;;) {
      while (arrived.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const pages = arrived.shift()!;
      if (pages.length === 0) return;
      send({ kind: "want", done: rendered });
      yield pages;
      rendered += pages.length;
    }
  } finally {
    // Without a listener the port no longer keeps this thread alive.
    port.off("message", onMessage);
  }
}

// Cloned into this thread without the prototype that derives their paths.
for (const post of job.posts) withPaths(join(job.config.dataDir, "posts"), post);
const problems: Diagnostic[] = [];
// Template problems were reported by the main thread, which loaded the same files.
const templates = await loadTemplates(job.templateDir, () => {});
const site = buildSite({ config: job.config, templates, posts: job.posts, captcha: job.captcha, onProblem: (d) => void problems.push(d) });
const result = await renderShare(site, chunksFromMain(), new OutputWriter(job.outDir), job.now, undefined, true);
result.problems.unshift(...problems);
send({ kind: "done", done: rendered, result });
