/**
 * Writing files so that a crash or power loss leaves either the old or the
 * new version, never half of one: write a temporary file, fsync it, rename
 * it over the target, fsync the directory.
 */

import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";
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

/** Replaces a file's contents atomically. */
export function replaceFileAtomically(path: string, contents: string | Buffer): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  writeFileDurably(temporary, contents);
  renameSync(temporary, path);
  fsyncDirectory(dirname(path));
}
