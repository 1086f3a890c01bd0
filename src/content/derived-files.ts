/**
 * Writing derived files (rendered output that can be made again from the
 * sources): through a temporary name and a rename, so a reader never sees
 * half a file, but without an fsync each. A crash mid-build can lose the
 * newest outputs, and building again repairs that; fsyncing thousands of
 * small files would cost more than rendering them.
 */

import { renameSync, rmSync, writeFileSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { threadId } from "node:worker_threads";

let sequence = 0;

/** Unique per process, thread and call: threads of one process write side by side. */
function temporaryFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${threadId}-${sequence++}.tmp`);
}

/** Replaces (or creates) `path` with `contents`, atomically for readers, not durably. */
export function writeDerivedFile(path: string, contents: string | Uint8Array): void {
  const temporary = temporaryFor(path);
  try {
    writeFileSync(temporary, contents, { flag: "wx" });
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}

/** writeDerivedFile through libuv's thread pool, for callers that go on working meanwhile. */
export async function writeDerivedFileAsync(path: string, contents: string | Uint8Array): Promise<void> {
  const temporary = temporaryFor(path);
  try {
    await writeFile(temporary, contents, { flag: "wx" });
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
}
