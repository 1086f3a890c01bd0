/**
 * The build manifest, `.blahg-build` in the output directory: every file
 * blahg wrote there with the hash of its bytes. It tells an unchanged file
 * without reading it, and which files a later build may remove (only these:
 * files blahg did not write are never deleted).
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { replaceFileAtomically } from "../content/durable-files.js";

export const MANIFEST_NAME = ".blahg-build";

/** Output path -> hash. */
export type Manifest = Map<string, string>;

export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha1").update(bytes).digest("base64url");
}

/** The manifest of an earlier build; empty when there is none or it cannot be read (every file is then compared by its bytes). */
export function readManifest(outDir: string): Manifest {
  let text: string;
  try {
    text = readFileSync(join(outDir, MANIFEST_NAME), "utf8");
  } catch {
    return new Map();
  }
  const manifest: Manifest = new Map();
  for (const line of text.split("\n")) {
    // `HASH PATH`: the hash has no spaces, the path may.
    const space = line.indexOf(" ");
    if (space > 0) manifest.set(line.slice(space + 1), line.slice(0, space));
  }
  return manifest;
}

export function writeManifest(outDir: string, manifest: Manifest): void {
  const lines = [...manifest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, hash]) => `${hash} ${path}\n`);
  replaceFileAtomically(join(outDir, MANIFEST_NAME), lines.join(""));
}
