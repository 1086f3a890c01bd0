/**
 * Files pulled into a post with `\listing{name}`: always inside the post's
 * own directory (blahgd did not check; blahg refuses `..` and absolute paths).
 */

import { isAbsolute, join, normalize, sep } from "node:path";
import type { ListingResult } from "../markup/formats.js";
import { FileRefused, readTextFile } from "./read-regular-file.js";

/** The file a listing names, or undefined when the name would leave the post directory. */
export function resolveListingPath(postDir: string, name: string): string | undefined {
  if (name === "" || name.includes("\0") || isAbsolute(name)) return undefined;
  const relative = normalize(name);
  if (relative === ".." || relative.startsWith(".." + sep)) return undefined;
  return join(postDir, relative);
}

/** The C library's words for the errors a listing read can meet, as blahgd printed them. */
const STRERROR: Record<string, string> = {
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EISDIR: "Is a directory",
  ENOTDIR: "Not a directory",
  ELOOP: "Too many levels of symbolic links",
  EMFILE: "Too many open files",
};

/** Reads a listing for the fmt3 writers. */
export function readListingFile(postDir: string, name: string, maxSize?: number): ListingResult {
  const path = resolveListingPath(postDir, name);
  if (path === undefined) return { error: "Permission denied (outside the post directory)" };
  try {
    return { text: readTextFile(path, [], { maxSize, limitName: "max-post-size" }) };
  } catch (e) {
    if (e instanceof FileRefused) return { error: `${name} ${e.message}` };
    const code = (e as NodeJS.ErrnoException).code ?? "EIO";
    return { error: STRERROR[code] ?? code };
  }
}
