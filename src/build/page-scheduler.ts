/**
 * Which pages a build thread renders next. The pages come in position order
 * (route-order.ts) and are cut into one contiguous stretch per thread, as a
 * static split would; a thread takes chunks from the front of its own
 * stretch, so its cache of rendered bodies serves the neighbouring pages.
 * A thread whose stretch is done takes chunks from the far end of the
 * stretch with the most pages left: the owner and the helper then work
 * towards each other, each still on contiguous pages, and no thread idles
 * while another has pages left. Pure bookkeeping: the main thread keeps one
 * and answers the threads' requests with it.
 */

/** Pages `start` (included) to `end` (excluded) of the ordered list. */
export interface Chunk {
  start: number;
  end: number;
}

export class PageScheduler {
  /** Per stretch: the next page its owner takes, and the end of what is left (helpers take from there). */
  private readonly fronts: number[];
  private readonly backs: number[];
  private stopped = false;

  constructor(
    readonly total: number,
    readonly threads: number,
    private readonly chunkPages: number,
  ) {
    if (!(threads >= 1 && chunkPages >= 1)) throw new RangeError("a scheduler needs at least one thread and one page a chunk");
    const size = Math.ceil(total / threads);
    this.fronts = Array.from({ length: threads }, (_, k) => Math.min(total, k * size));
    this.backs = Array.from({ length: threads }, (_, k) => Math.min(total, (k + 1) * size));
  }

  /** The next chunk for `thread` (0 to threads - 1), or undefined when every page has been handed out (or the build stopped). */
  next(thread: number): Chunk | undefined {
    if (this.stopped) return undefined;
    const own = thread;
    if (this.fronts[own]! < this.backs[own]!) {
      const start = this.fronts[own]!;
      this.fronts[own] = Math.min(start + this.chunkPages, this.backs[own]!);
      return { start, end: this.fronts[own]! };
    }
    let fullest = -1;
    for (let k = 0; k < this.threads; k++) {
      if (this.left(k) > 0 && (fullest < 0 || this.left(k) > this.left(fullest))) fullest = k;
    }
    if (fullest < 0) return undefined;
    const end = this.backs[fullest]!;
    this.backs[fullest] = Math.max(this.fronts[fullest]!, end - this.chunkPages);
    return { start: this.backs[fullest]!, end };
  }

  /** Pages not handed out yet. */
  get remaining(): number {
    let sum = 0;
    for (let k = 0; k < this.threads; k++) sum += this.left(k);
    return sum;
  }

  /** Hands out nothing more (a thread failed: the build stops). */
  stop(): void {
    this.stopped = true;
  }

  private left(stretch: number): number {
    return this.backs[stretch]! - this.fronts[stretch]!;
  }
}
