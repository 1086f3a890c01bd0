/**
 * FIFOs for tests of files that must never block the server. A reader that
 * opens a FIFO without O_NONBLOCK waits for a writer forever; `unblockLater`
 * is that writer, after a delay, so that a regression fails a test instead
 * of hanging the test run.
 */

import { execFileSync, spawn, type ChildProcess } from "node:child_process";

export function makeFifo(path: string): void {
  execFileSync("mkfifo", [path]);
}

/** Opens the FIFOs for writing (and closes them at once) every `ms` milliseconds, until killed. */
export function unblockLater(paths: readonly string[], ms: number): ChildProcess {
  const seconds = (ms / 1000).toFixed(3);
  // `exec 3<>` opens read-write, which never blocks on a FIFO, and then closes again.
  const script = `while true; do sleep ${seconds}; for f in "$@"; do [ -p "$f" ] && { exec 3<>"$f"; exec 3>&-; }; done; done`;
  const child = spawn("sh", ["-c", script, "sh", ...paths], { stdio: "ignore" });
  child.unref();
  return child;
}
