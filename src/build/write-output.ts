/**
 * Writes output files only when their bytes changed: a file whose hash the
 * manifest holds (and whose size still matches) or whose bytes are the same
 * is left alone, mtime and all, so `rsync` and CDN uploads stay small.
 * Changed files are written under a temporary name and renamed, without
 * fsync: a crash mid-build is repaired by building again.
 * A build writes tens of thousands of files into thousands of directories:
 * each directory is made once per writer, and a file in a directory this
 * writer had to create cannot exist yet, so it is not looked for.
 */

import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { threadId } from "node:worker_threads";
import { hashBytes } from "./manifest.js";

export type WriteOutcome = "written" | "unchanged";

export interface Written {
  outcome: WriteOutcome;
  hash: string;
}

export class OutputWriter {
  /** Directories known to exist, and whether this writer made them (then they held nothing before). */
  private readonly dirs = new Map<string, boolean>();
  private counter = 0;

  constructor(readonly outDir: string) {}

  /** `known`: the hash the manifest has for the file, if any. */
  write(path: string, bytes: Uint8Array, known: string | undefined): Written {
    const hash = hashBytes(bytes);
    const target = join(this.outDir, path);
    const dir = dirname(target);
    if (!this.madeHere(dir)) {
      const stat = statSync(target, { throwIfNoEntry: false });
      if (stat?.isFile() && stat.size === bytes.length) {
        if (known === hash) return { outcome: "unchanged", hash };
        // Not in the manifest (or another hash): compare the bytes themselves.
        if (known === undefined && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(readFileSync(target))) return { outcome: "unchanged", hash };
      }
    }
    const temporary = join(dir, `.${process.pid}-${threadId}-${this.counter++}.blahg-tmp`);
    try {
      const fd = openSync(temporary, "wx");
      try {
        for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
      } finally {
        closeSync(fd);
      }
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

  /** Makes `dir` if needed (once); true when this writer made it, so that nothing can be in it but what it wrote. */
  private madeHere(dir: string): boolean {
    const known = this.dirs.get(dir);
    if (known !== undefined) return known;
    // mkdirSync tells the first directory it created: every one below it is new too.
    const first = mkdirSync(dir, { recursive: true });
    const made = first !== undefined;
    this.dirs.set(dir, made);
    if (made) {
      for (let d = dirname(dir); d.length >= first.length && d !== dirname(d); d = dirname(d)) if (!this.dirs.has(d)) this.dirs.set(d, true);
    }
    return made;
  }
}
