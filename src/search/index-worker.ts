/**
 * The worker thread of ./index-in-worker.ts: opens the index file if it is
 * sound and still describes the posts (the few posts changed since are
 * rendered and sent back, to be kept in memory), else renders every post's
 * text and writes a new file, saying how far it got as it goes.
 */

import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { BodyStore } from "../content/bodies.js";
import type { Post } from "../content/model.js";
import { readDocStamps, UnusableIndex, verifyIndexFile, type DocStamp } from "./index-file.js";
import type { IndexJob, IndexMessage } from "./index-in-worker.js";
import { IndexFileWriter, type IndexedDocument } from "./write-index-file.js";

/** A body written this close to the build's start may have changed within the same clock tick (as git's "racily clean"). */
const RACY_MS = 2000;
const PROGRESS_EVERY = 200;

const job = workerData as IndexJob;
const store = new BodyStore({ ...job.render });
const send = (message: IndexMessage): void => parentPort!.postMessage(message);

function stampOf(post: Post): DocStamp {
  const meta = createHash("sha1").update(JSON.stringify([post.title, post.tags, post.time, post.format, post.bodyPath])).digest("hex").slice(0, 16);
  try {
    const s = statSync(post.bodyPath);
    return { bodySize: s.size, bodyMtime: s.mtimeMs, bodyIno: s.ino, meta };
  } catch {
    return { bodySize: -1, bodyMtime: 0, bodyIno: 0, meta };
  }
}

/** A post as the index takes it (stamped before its body is read, so a later edit shows). */
function documentOf(post: Post): IndexedDocument {
  const stamp = stampOf(post);
  return { id: post.id, title: post.title, tags: post.tags, time: post.time, body: store.plainText(post) ?? "", stamp };
}

/** The posts to index again, and the file's posts to hide, when the file there can be used; else why not. */
function reuse(): { stale: Post[]; hidden: number[] } | string {
  let layout;
  try {
    layout = verifyIndexFile(job.path, job.fingerprint);
  } catch (e) {
    if (e instanceof UnusableIndex) return e.message;
    throw e;
  }
  const stamps = readDocStamps(job.path, layout);
  const stale: Post[] = [];
  const hidden: number[] = [];
  const current = new Set<number>();
  for (const post of job.posts) {
    current.add(post.id);
    const old = stamps.get(post.id);
    if (!old) {
      stale.push(post);
      continue;
    }
    const now = stampOf(post);
    if (now.meta !== old.meta || now.bodySize !== old.bodySize || now.bodyMtime !== old.bodyMtime || now.bodyIno !== old.bodyIno || old.bodyMtime > layout.builtAt - RACY_MS) {
      stale.push(post);
      hidden.push(post.id);
    }
  }
  for (const id of stamps.keys()) if (!current.has(id)) hidden.push(id);
  const limit = Math.max(64, Math.floor(job.posts.length / 20));
  if (stale.length > limit) return `${stale.length} posts changed since it was written`;
  return { stale, hidden };
}

const found = job.rebuild ? "a new one was asked for" : reuse();
if (typeof found !== "string") {
  send({ kind: "done", rebuilt: false, hidden: found.hidden, fresh: found.stale.map(documentOf) });
} else {
  // Newest first: a query cut short by its read budget has ranked the newest posts.
  const posts = [...job.posts].sort((a, b) => b.time - a.time || b.id - a.id);
  const writer = new IndexFileWriter(job.path, job.fingerprint);
  try {
    posts.forEach((post, i) => {
      writer.add(documentOf(post));
      if ((i + 1) % PROGRESS_EVERY === 0) send({ kind: "progress", indexed: i + 1, total: posts.length });
    });
    writer.finish();
  } catch (e) {
    writer.abort();
    throw e;
  }
  send({ kind: "done", rebuilt: true, reason: found, hidden: [], fresh: [] });
}
