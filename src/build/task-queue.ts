/**
 * A bounded number of unfinished asynchronous tasks: the build renders a
 * page (synchronously) while the pages before it are being written, but
 * never holds more than a few pages' bytes waiting for the file system.
 */

/** Tasks started one after another, at most `limit` unfinished; `finish` rejects with the first error. */
export class TaskQueue {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  /** Adds a task, first waiting until fewer than `limit` are unfinished. */
  async add(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    if (this.failure) throw this.failure.error;
    const running: Promise<void> = task()
      .catch((error: unknown) => void (this.failure ??= { error }))
      .finally(() => this.running.delete(running));
    this.running.add(running);
  }

  async finish(): Promise<void> {
    await Promise.all(this.running);
    if (this.failure) throw this.failure.error;
  }
}
