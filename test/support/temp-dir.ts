/** Temporary directories with given files, for tests that need a data directory on disk. */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Creates a temporary directory holding `files` (path → contents); returns its path. */
export function tempDirWith(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), "blahg-test-"));
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), contents);
  }
  return root;
}

export function removeDir(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

const removeAtExit: string[] = [];
process.once("exit", () => removeAtExit.forEach(removeDir));

/**
 * An empty temporary directory `<prefix>XXXXXX`, removed when the test
 * process exits (node --test runs each file in a process of its own), for
 * helpers whose callers have no natural place to clean up.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  removeAtExit.push(dir);
  return dir;
}
