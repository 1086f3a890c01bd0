/**
 * Files from the web directory (style sheets, icons, images). Any regular
 * file inside it can be served; paths that climb out, hidden files and
 * symbolic links leading elsewhere are refused.
 */

import { closeSync, fstatSync, realpathSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import { FileRefused, openRegularFile, readOpenFile } from "../content/read-regular-file.js";
import type { Diagnostic } from "../diagnostics.js";

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".pdf": "application/pdf",
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Seconds since the epoch. */
  modified: number;
}

export class StaticFiles {
  private readonly root: string;

  /** `onProblem` hears of files that exist but may not be served (a FIFO, a device). */
  constructor(
    dir: string,
    private readonly onProblem?: (d: Diagnostic) => void,
  ) {
    this.root = resolve(dir);
  }

  /** The file for a URL path, or undefined when there is none (or it may not be served). */
  read(urlPath: string): StaticFile | undefined {
    const segments = urlPath.split("/").filter((s) => s !== "");
    if (segments.length === 0 || segments.some((s) => s.startsWith(".") || s.includes("\0") || s.includes("\\"))) return undefined;
    const path = join(this.root, ...segments);
    try {
      const real = realpathSync(path);
      if (!real.startsWith(realpathSync(this.root) + sep)) return undefined;
      // Only regular files, checked without blocking: a FIFO here once hung the whole server.
      const { fd, size } = openRegularFile(real);
      let body: Buffer;
      let modified: number;
      try {
        body = readOpenFile(fd, size);
        modified = Math.floor(fstatSync(fd).mtimeMs / 1000);
      } finally {
        closeSync(fd);
      }
      let contentType = TYPES[extname(real).toLowerCase()] ?? "application/octet-stream";
      // blahgd's favicon.ico was a PNG, and so may a blog's be.
      if (contentType === "image/x-icon" && body.subarray(0, 4).equals(PNG_SIGNATURE)) contentType = "image/png";
      return { body, contentType, modified };
    } catch (e) {
      if (e instanceof FileRefused) {
        this.onProblem?.({ file: e.path, line: 1, column: 1, severity: "error", code: "web/not-a-file", message: `not served: ${e.message}` });
      }
      return undefined;
    }
  }
}
