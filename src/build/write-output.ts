/**
 * Writes one output file only when its bytes changed: a file whose hash the
 * manifest holds (and whose size still matches) or whose bytes are the same
 * is left alone, mtime and all, so `rsync` and CDN uploads stay small.
 * Changed files are written under a temporary name and renamed, without
 * fsync: a crash mid-build is repaired by building again.
 */

import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { threadId } from "node:worker_threads";
import { hashBytes } from "./manifest.js";

export type WriteOutcome = "written" | "unchanged";

export interface Written {
  outcome: WriteOutcome;
  hash: string;
}

let counter = 0;

/** `known`: the hash the manifest has for the file, if any. */
export function writeIfChanged(outDir: string, path: string, bytes: Uint8Array, known: string | undefined): Written {
  const hash = hashBytes(bytes);
  const target = join(outDir, path);
  const stat = statSync(target, { throwIfNoEntry: false });
  if (stat?.isFile() && stat.size === bytes.length) {
    if (known === hash) return { outcome: "unchanged", hash };
    // Not in the manifest (or another hash): compare the bytes themselves.
    if (known === undefined && Buffer.from(bytes).equals(readFileSync(target))) return { outcome: "unchanged", hash };
  }
  mkdirSync(dirname(target), { recursive: true });
  const temporary = join(dirname(target), `.${process.pid}-${threadId}-${counter++}.blahg-tmp`);
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, target);
  } catch (e) {
    try {
      unlinkSync(temporary);
    } catch {
      // never created
    }
    throw e;
  }
  return { outcome: "written", hash };
}
