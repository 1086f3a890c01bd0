import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Config } from "../config/config.js";
import { PageScheduler, type Chunk } from "./page-scheduler.js";
import type { PlannedPage } from "./render-share.js";
import { RenderThreads } from "./render-threads.js";

/** Asks for chunks in the order given, then round-robin until every thread is told there is nothing more; the chunks each thread got. */
function drain(scheduler: PageScheduler, order: readonly number[]): Chunk[][] {
  const got: Chunk[][] = Array.from({ length: scheduler.threads }, () => []);
  const finished = new Set<number>();
  const ask = (thread: number): void => {
    if (finished.has(thread)) return;
    const chunk = scheduler.next(thread);
    if (chunk === undefined) finished.add(thread);
    else got[thread]!.push(chunk);
  };
  for (const thread of order) ask(thread);
  while (finished.size < scheduler.threads) for (let k = 0; k < scheduler.threads; k++) ask(k);
  return got;
}

/** How many times each page was handed out. */
function counts(total: number, got: readonly Chunk[][]): number[] {
  const seen = new Array<number>(total).fill(0);
  for (const chunks of got) for (const { start, end } of chunks) for (let i = start; i < end; i++) seen[i]!++;
  return seen;
}

describe("the page scheduler", () => {
  it("hands out every page exactly once, in non-empty chunks of at most the chunk size, whatever the order of requests", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 50 }), fc.array(fc.nat(), { maxLength: 200 }), (threads, total, chunkPages, picks) => {
        const scheduler = new PageScheduler(total, threads, chunkPages);
        const got = drain(scheduler, picks.map((p) => p % threads));
        assert.deepEqual(counts(total, got), new Array<number>(total).fill(1));
        for (const { start, end } of got.flat()) assert.ok(start < end && end - start <= chunkPages && start >= 0 && end <= total);
        assert.equal(scheduler.remaining, 0);
        for (let k = 0; k < threads; k++) assert.equal(scheduler.next(k), undefined);
      }),
    );
  });

  it("starts each thread on its own contiguous stretch, in order", () => {
    const scheduler = new PageScheduler(100, 4, 10);
    assert.deepEqual(scheduler.next(2), { start: 50, end: 60 });
    assert.deepEqual(scheduler.next(0), { start: 0, end: 10 });
    assert.deepEqual(scheduler.next(3), { start: 75, end: 85 });
    assert.deepEqual(scheduler.next(0), { start: 10, end: 20 });
    assert.deepEqual(scheduler.next(3), { start: 85, end: 95 });
    assert.deepEqual(scheduler.next(3), { start: 95, end: 100 });
  });

  it("lets a thread whose stretch is done take chunks from the far end of the stretch with the most pages left", () => {
    const scheduler = new PageScheduler(90, 3, 10);
    assert.deepEqual(scheduler.next(0), { start: 0, end: 10 });
    assert.deepEqual(scheduler.next(1), { start: 30, end: 40 });
    assert.deepEqual(scheduler.next(1), { start: 40, end: 50 });
    assert.deepEqual(scheduler.next(1), { start: 50, end: 60 });
    // Stretch 2 (60-89) has 30 pages left, stretch 0 has 20.
    assert.deepEqual(scheduler.next(1), { start: 80, end: 90 });
    // Now both have 20: the first found.
    assert.deepEqual(scheduler.next(1), { start: 20, end: 30 });
    // The owners go on from their fronts, towards the helper.
    assert.deepEqual(scheduler.next(0), { start: 10, end: 20 });
    assert.deepEqual(scheduler.next(2), { start: 60, end: 70 });
    assert.deepEqual(scheduler.next(0), { start: 70, end: 80 });
    assert.equal(scheduler.next(2), undefined);
    assert.equal(scheduler.remaining, 0);
  });

  it("gives a stolen stretch's last pages as a short chunk, never past its owner's front", () => {
    const scheduler = new PageScheduler(20, 2, 8);
    assert.deepEqual(scheduler.next(0), { start: 0, end: 8 });
    assert.deepEqual(scheduler.next(1), { start: 10, end: 18 });
    assert.deepEqual(scheduler.next(1), { start: 18, end: 20 });
    assert.deepEqual(scheduler.next(1), { start: 8, end: 10 });
    assert.equal(scheduler.next(0), undefined);
  });

  it("with one thread, hands out the pages in order", () => {
    const scheduler = new PageScheduler(25, 1, 10);
    assert.deepEqual(drain(scheduler, []), [
      [
        { start: 0, end: 10 },
        { start: 10, end: 20 },
        { start: 20, end: 25 },
      ],
    ]);
  });

  it("with more threads than pages, gives the spare threads nothing or pages from the others' stretches, each page once", () => {
    const scheduler = new PageScheduler(5, 8, 4);
    // Stretches of one page: threads 5-7 own none and take from the others'.
    assert.deepEqual(scheduler.next(7), { start: 0, end: 1 });
    assert.deepEqual(scheduler.next(0), { start: 1, end: 2 });
    const got = drain(scheduler, [6, 5, 4, 3, 2, 1]);
    assert.deepEqual(counts(5, got), [0, 0, 1, 1, 1]);
    assert.equal(scheduler.next(7), undefined);
  });

  it("hands out nothing for an empty build", () => {
    const scheduler = new PageScheduler(0, 2, 4);
    assert.equal(scheduler.next(0), undefined);
    assert.equal(scheduler.next(1), undefined);
  });

  it("hands out nothing more to any thread once stopped (a thread failed)", () => {
    const scheduler = new PageScheduler(100, 2, 10);
    assert.deepEqual(scheduler.next(0), { start: 0, end: 10 });
    scheduler.stop();
    assert.equal(scheduler.next(0), undefined);
    assert.equal(scheduler.next(1), undefined);
  });
});

describe("rendering in threads", () => {
  it("rejects, without waiting for pages or hanging, when a thread fails", async () => {
    // A configuration without a data directory: each thread fails as it sets up its posts.
    const job = { config: {} as Config, templateDir: "", posts: [{ id: 1, bodySize: 10 } as never], captcha: [1, 1] as const, outDir: "", now: 0n };
    const pages: PlannedPage[] = Array.from({ length: 300 }, (_, i) => ({ route: { kind: "story", id: i }, path: `${i}/index.html`, known: undefined }) as PlannedPage);
    let progress = 0;
    await assert.rejects(
      new RenderThreads(job, 2).render(pages, (done) => void (progress = done)),
      (e: unknown) => e instanceof Error,
    );
    assert.equal(progress, 0);
  });
});
