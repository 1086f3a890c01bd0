/** A directory's files, for tests that compare outputs: their relative paths, and their bytes by path. */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Every file under `dir`, relative, `/`-separated, in directory order (sorted by name). */
export function filesUnder(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(dir, path));
    else out.push(path);
  }
  return out;
}

/** Every file under `dir`, relative path -> bytes. */
export function fileTree(dir: string): Map<string, Buffer> {
  return new Map(filesUnder(dir).map((f) => [f, readFileSync(join(dir, f))]));
}
