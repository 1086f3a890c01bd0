/**
 * The posts of an import, split in contiguous shares of the listing: this
 * thread takes the first, a worker thread each other one (`--jobs N`; one
 * share by default, since on the two-core VM measured a second thread cost
 * a quarter more CPU and was not faster: bench/RESULTS.md). Each share is
 * read, then converted and written, by the thread that holds it; results come back in share order, so problems and posts keep the
 * listing's order whatever the number of threads.
 */

import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics.js";
import { PostShare, type PostOutline, type PostToWrite, type ShareRead } from "./post-share.js";
import { SITE_READERS, type SourceKind } from "./site-readers.js";
import type { SiteOutline } from "./source-site.js";

/** What a worker is started with. */
export interface ShareJob {
  kind: SourceKind;
  context: unknown;
  jobs: unknown[];
}

/** What a worker is sent once the posts are numbered. */
export interface WriteOrder {
  ids: Map<string, number>;
  posts: PostToWrite[];
  postsDir: string;
}

/** A post and the share that holds its body. */
export type SharedPost = PostOutline & { share: number; index: number };

/** The messages of one worker, in order; its failure or early exit rejects the one awaited. */
class ShareThread {
  private readonly worker: Worker;
  private readonly messages: unknown[] = [];
  private waiting: { resolve: (message: unknown) => void; reject: (e: unknown) => void } | undefined;
  private failure: unknown;

  constructor(job: ShareJob) {
    this.worker = new Worker(new URL("./post-thread.js", import.meta.url), { workerData: job });
    this.worker.on("message", (message: unknown) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting.resolve(message);
      else this.messages.push(message);
    });
    const fail = (e: unknown): void => {
      this.failure ??= e;
      this.waiting?.reject(this.failure);
      this.waiting = undefined;
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`an import thread stopped (exit code ${code})`)));
  }

  receive<T>(): Promise<T> {
    if (this.messages.length > 0) return Promise.resolve(this.messages.shift() as T);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => (this.waiting = { resolve: resolve as (m: unknown) => void, reject }));
  }

  send(order: WriteOrder): void {
    this.worker.postMessage(order);
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** A share in this thread or in a worker, behind one interface. */
interface Share {
  read(): Promise<ShareRead>;
  write(order: WriteOrder): Promise<Diagnostic[][]>;
  stop(): Promise<void>;
}

function localShare(kind: SourceKind, outline: SiteOutline<unknown, unknown>, jobs: unknown[]): Share {
  const share = new PostShare(SITE_READERS[kind], outline.context, jobs);
  return {
    read: async () => share.read(),
    write: async (order) => share.write(order.ids, order.posts, order.postsDir),
    stop: async () => {},
  };
}

function threadShare(kind: SourceKind, outline: SiteOutline<unknown, unknown>, jobs: unknown[]): Share {
  const thread = new ShareThread({ kind, context: outline.context, jobs });
  return {
    read: () => thread.receive<ShareRead>(),
    write: (order) => {
      thread.send(order);
      return thread.receive<Diagnostic[][]>();
    },
    stop: () => thread.stop(),
  };
}

export class PostThreads {
  private readonly shares: Share[];

  constructor(kind: SourceKind, outline: SiteOutline<unknown, unknown>, threads: number) {
    const { jobs } = outline;
    const count = Math.max(1, threads);
    const size = Math.ceil(jobs.length / count);
    const shareJobs = Array.from({ length: count }, (_, t) => jobs.slice(t * size, (t + 1) * size));
    // This thread takes the first share, so the workers (started first) read theirs meanwhile.
    const workers = shareJobs.slice(1).map((share) => threadShare(kind, outline, share));
    this.shares = [localShare(kind, outline, shareJobs[0]!), ...workers];
  }

  /** Every share's posts and problems, in the listing's order. */
  async read(): Promise<{ posts: SharedPost[]; diagnostics: Diagnostic[] }> {
    const reads = await Promise.all(this.shares.map((share) => share.read()));
    return {
      posts: reads.flatMap((read, share) => read.posts.map((post, index) => ({ ...post, share, index }))),
      diagnostics: reads.flatMap((read) => read.diagnostics),
    };
  }

  /** Converts and writes `posts` into `postsDir`; the conversion problems of each, in the order given. */
  async write(ids: Map<string, number>, posts: ReadonlyArray<{ post: SharedPost; id: number; frontMatter: Record<string, unknown> }>, postsDir: string): Promise<Diagnostic[][]> {
    const orders = this.shares.map((): WriteOrder => ({ ids, posts: [], postsDir }));
    for (const { post, id, frontMatter } of posts) orders[post.share]!.posts.push({ index: post.index, id, frontMatter });
    const results = await Promise.all(this.shares.map((share, i) => share.write(orders[i]!)));
    const next = results.map(() => 0);
    return posts.map(({ post }) => results[post.share]![next[post.share]!++]!);
  }

  /** Ends the worker threads (after an error; they end by themselves after writing). */
  async stop(): Promise<void> {
    await Promise.all(this.shares.map((share) => share.stop()));
  }
}
