/**
 * The fingerprint that guards each of blahg's faster replacements of
 * markdown-it internals (fast-tokens, fast-inline, fast-block, fast-links):
 * a replacement is installed only when the code it replaces is, to the
 * character (whitespace folded), the code it was written and tested against.
 */

import { createHash } from "node:crypto";

/** SHA-256 of the functions' source texts, runs of whitespace folded to one space, one per line. */
export function sourceFingerprint(...functions: ReadonlyArray<(...args: never[]) => unknown>): string {
  return createHash("sha256").update(functions.map((f) => f.toString().replace(/\s+/g, " ")).join("\n")).digest("hex");
}
