/**
 * Writing derived files (rendered output that can be made again from the
 * sources): through a temporary name and a rename, so a reader never sees
 * half a file, but without an fsync each. A crash mid-build can lose the
 * newest outputs, and building again repairs that; fsyncing thousands of
 * small files would cost more than rendering them.
 */

import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { threadId } from "node:worker_threads";

let sequence = 0;

/** Replaces (or creates) `path` with `contents`, atomically for readers, not durably. */
export function writeDerivedFile(path: string, contents: string | Uint8Array): void {
  // Unique per process, thread and call: threads of one process write side by side.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}-${threadId}-${sequence++}.tmp`);
  try {
    writeFileSync(temporary, contents, { flag: "wx" });
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}
