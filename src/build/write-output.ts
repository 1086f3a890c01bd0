/**
 * Writes output files only when their bytes changed: a file whose hash the
 * manifest holds (and whose size still matches) or whose bytes are the same
 * is left alone, mtime and all, so `rsync` and CDN uploads stay small.
 * Changed files are written under a temporary name and renamed, without
 * fsync: a crash mid-build is repaired by building again.
 * A build writes tens of thousands of files into thousands of directories:
 * each directory is made once per writer, and a file in a directory this
 * writer had to create cannot exist yet, so it is not looked for. Build
 * threads write on their own thread (writeSync): every core is rendering,
 * so a libuv thread doing the system call would only compete with them, and
 * each fs.promises call costs JavaScript on the calling thread besides (see
 * bench/RESULTS.md, "Build scheduling, heap and write path"). A one-thread
 * build leaves a core free: its files are written in libuv's thread pool
 * (write) while it renders the next pages.
 */

import { mkdirSync, readFileSync, statSync, type Stats } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeDerivedFile, writeDerivedFileAsync } from "../content/derived-files.js";
import { hashBytes } from "./manifest.js";

export type WriteOutcome = "written" | "unchanged";

export interface Written {
  outcome: WriteOutcome;
  hash: string;
}

/**
 * What a file already at the target says about writing `bytes` there: they are there already (its
 * size matches and the manifest's hash is theirs), they must be written, or the file must be
 * compared byte for byte (its size matches but the manifest does not know it).
 */
function verdictOn(found: Stats | undefined, bytes: Uint8Array, hash: string, known: string | undefined): "unchanged" | "write" | "compare" {
  if (!found?.isFile() || found.size !== bytes.length) return "write";
  if (known === hash) return "unchanged";
  return known === undefined ? "compare" : "write";
}

/** The directories a recursive mkdir of `dir` created, `first` being the first it names: each one between it and `dir`. */
function createdBy(dir: string, first: string): string[] {
  const made: string[] = [];
  for (let d = dir; d.length >= first.length && d !== dirname(d); d = dirname(d)) made.push(d);
  return made;
}

function sameBytes(bytes: Uint8Array, file: Buffer): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(file);
}

export class OutputWriter {
  /** Directories made or found, and whether this writer made them (then they held nothing before). */
  private readonly dirs = new Map<string, Promise<boolean>>();
  /** The same for writeSync. */
  private readonly madeDirs = new Map<string, boolean>();

  constructor(readonly outDir: string) {}

  /** `known`: the hash the manifest has for the file, if any. The caller must not change `bytes` until this settles. */
  async write(path: string, bytes: Uint8Array, known: string | undefined): Promise<Written> {
    const hash = hashBytes(bytes);
    const target = join(this.outDir, path);
    const dir = dirname(target);
    if (!(await this.madeHere(dir))) {
      const verdict = verdictOn(await stat(target).catch(() => undefined), bytes, hash, known);
      if (verdict === "unchanged" || (verdict === "compare" && sameBytes(bytes, await readFile(target)))) return { outcome: "unchanged", hash };
    }
    await writeDerivedFileAsync(target, bytes);
    return { outcome: "written", hash };
  }

  /** write, with the file system's work done on this thread (a build thread: every core is rendering anyway). */
  writeSync(path: string, bytes: Uint8Array, known: string | undefined): Written {
    const hash = hashBytes(bytes);
    const target = join(this.outDir, path);
    if (!this.madeHereSync(dirname(target))) {
      const verdict = verdictOn(statSync(target, { throwIfNoEntry: false }), bytes, hash, known);
      if (verdict === "unchanged" || (verdict === "compare" && sameBytes(bytes, readFileSync(target)))) return { outcome: "unchanged", hash };
    }
    writeDerivedFile(target, bytes);
    return { outcome: "written", hash };
  }

  private madeHereSync(dir: string): boolean {
    const known = this.madeDirs.get(dir);
    if (known !== undefined) return known;
    const first = mkdirSync(dir, { recursive: true });
    if (first !== undefined) for (const d of createdBy(dir, first)) if (!this.madeDirs.has(d)) this.madeDirs.set(d, true);
    this.madeDirs.set(dir, first !== undefined);
    return first !== undefined;
  }

  /** Makes `dir` if needed (once); true when this writer made it, so that nothing can be in it but what it wrote. */
  private madeHere(dir: string): Promise<boolean> {
    let made = this.dirs.get(dir);
    if (made === undefined) {
      // mkdir tells the first directory it created: every one between it and `dir` is new too.
      made = mkdir(dir, { recursive: true }).then((first) => {
        if (first === undefined) return false;
        for (const d of createdBy(dirname(dir), first)) if (!this.dirs.has(d)) this.dirs.set(d, Promise.resolve(true));
        return true;
      });
      this.dirs.set(dir, made);
    }
    return made;
  }
}
