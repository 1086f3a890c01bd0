/**
 * Reading a source site's files: sorted walks (so two imports write the same
 * blog), size-bounded text reads, and copies of static directories. Symbolic
 * links are not followed (a site must not pull in files from elsewhere); each
 * one is reported.
 */

import { copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics.js";

/** Larger source files are reported and skipped. */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

export function fileProblem(file: string, code: string, message: string, severity: Diagnostic["severity"] = "error"): Diagnostic {
  return { file, line: 1, column: 1, severity, code, message };
}

export function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** Names in a directory, sorted by code unit (not locale), so the order is the same everywhere. */
export function sortedEntries(dir: string): string[] {
  try {
    return readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch {
    return [];
  }
}

interface EntryType {
  isSymbolicLink(): boolean;
  isDirectory(): boolean;
  isFile(): boolean;
}

/**
 * A directory's entries in sortedEntries' order, with their types: from the
 * directory itself (no lstat per file) where the file system says them;
 * else, as when a file vanishes while Node asks, an lstat each (skipping
 * those that fail).
 */
function typedEntries(dir: string): Array<{ name: string; entry: EntryType }> {
  let entries: Array<{ name: string; entry: EntryType }>;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).map((entry) => ({ name: entry.name, entry }));
  } catch {
    entries = [];
    for (const name of sortedEntries(dir)) {
      try {
        entries.push({ name, entry: lstatSync(join(dir, name)) });
      } catch {
        // Gone since the directory was read.
      }
    }
    return entries;
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Regular files under `root` (paths relative to it, with `/`), depth first in
 * sorted order; `skipDir` leaves out directories by name.
 */
export function listFiles(root: string, report: (d: Diagnostic) => void, skipDir: (name: string) => boolean = () => false, shown = root): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number): void => {
    if (depth > 32) return report(fileProblem(join(shown, rel), "import/too-deep", "directories nested too deeply; not read"));
    for (const { name, entry } of typedEntries(join(root, rel))) {
      const relPath = rel === "" ? name : `${rel}/${name}`;
      if (entry.isSymbolicLink()) report(fileProblem(join(shown, relPath), "import/symlink", "symbolic link not followed", "warning"));
      else if (entry.isDirectory()) {
        if (!skipDir(name)) walk(relPath, depth + 1);
      } else if (entry.isFile()) out.push(relPath);
    }
  };
  walk("", 0);
  return out;
}

/** A source file as text, or a problem naming it. */
export function readSourceText(path: string, shown: string): { text: string } | { problem: Diagnostic } {
  try {
    const size = statSync(path).size;
    if (size > MAX_SOURCE_BYTES) return { problem: fileProblem(shown, "import/too-large", `file of ${size} bytes is larger than ${MAX_SOURCE_BYTES}; not imported`) };
    return { text: readFileSync(path, "utf8") };
  } catch (e) {
    return { problem: fileProblem(shown, "import/unreadable", `cannot read: ${(e as Error).message}`) };
  }
}

export function modifiedSeconds(path: string): number {
  try {
    return Math.floor(statSync(path).mtimeMs / 1000);
  } catch {
    return 0;
  }
}

/** Copies every regular file under `from` to `to`, keeping relative paths; files already at `to` are kept and reported. */
export function copyTree(from: string, to: string, report: (d: Diagnostic) => void, shown = from): number {
  let copied = 0;
  for (const rel of listFiles(from, report, () => false, shown)) {
    const target = join(to, rel);
    if (isFile(target) || isDirectory(target)) {
      report(fileProblem(join(shown, rel), "import/static-clash", `not copied: the web directory already has ${rel}`, "warning"));
      continue;
    }
    mkdirSync(join(target, ".."), { recursive: true });
    copyFileSync(join(from, rel), target);
    copied++;
  }
  return copied;
}
