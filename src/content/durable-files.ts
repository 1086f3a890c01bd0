/**
 * Writing files so that a crash or power loss leaves either the old or the
 * new version, never half of one: write a temporary file, fsync it, rename
 * it over the target, fsync the directory.
 */

import { closeSync, fchmodSync, fchownSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync, type Stats } from "node:fs";
import { basename, dirname, join } from "node:path";

export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a file and flushes it to disk (the file must not exist yet). */
export function writeFileDurably(path: string, contents: string | Buffer, mode = 0o644): void {
  const fd = openSync(path, "wx", mode);
  try {
    writeSync(fd, typeof contents === "string" ? Buffer.from(contents, "utf8") : contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces a file's contents atomically (or creates it). An existing file
 * keeps its mode and, where the process may, its owner.
 */
export function replaceFileAtomically(path: string, contents: string | Buffer): void {
  let existing: Stats | undefined;
  try {
    existing = statSync(path);
  } catch {
    // a new file
  }
  const mode = existing ? existing.mode & 0o7777 : 0o644;
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temporary, "wx", mode);
  try {
    try {
      fchmodSync(fd, mode); // the umask may have taken bits away
      writeSync(fd, typeof contents === "string" ? Buffer.from(contents, "utf8") : contents);
      if (existing) {
        try {
          fchownSync(fd, existing.uid, existing.gid);
        } catch {
          // Only root may give a file away; everyone else keeps their own.
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
  fsyncDirectory(dirname(path));
}
