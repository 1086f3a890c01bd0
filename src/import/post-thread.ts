/**
 * A worker thread of ./post-threads.ts: reads its share of the post files,
 * posts their metadata back, then converts and writes the posts it is told
 * to (with their ids and front matter) and posts back their problems.
 */

import { parentPort, workerData } from "node:worker_threads";
import { PostShare } from "./post-share.js";
import type { ShareJob, WriteOrder } from "./post-threads.js";
import { SITE_READERS } from "./site-readers.js";

const job = workerData as ShareJob;
const share = new PostShare(SITE_READERS[job.kind], job.context, job.jobs);
parentPort!.postMessage(share.read());
parentPort!.once("message", (order: WriteOrder) => {
  parentPort!.postMessage(share.write(order.ids, order.posts, order.postsDir));
  parentPort!.close();
});
