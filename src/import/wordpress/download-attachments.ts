/**
 * `--download-to DIR`: fetches the attachments of an imported blog while the
 * old site still answers, each to DIR plus its URL's path
 * (`wp-content/uploads/2013/01/cat.jpg`), so that DIR can serve as (part
 * of) the web directory at the same addresses. Optional and never needed:
 * a failure is a line in the report, not an error of the import.
 */

import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface DownloadResult {
  url: string;
  /** Where it was written, when it was. */
  path?: string;
  error?: string;
}

/** Files larger than this are not kept: an attachment, not a backup. */
const MAX_BYTES = 256 * 1024 * 1024;
const TIMEOUT_MS = 60_000;
const PARALLEL = 4;

/** The file an attachment URL goes to under `dir`, or undefined when its path is not a plain file path. */
export function downloadPath(dir: string, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
  const segments = parsed.pathname.split("/").filter((s) => s !== "");
  const decoded: string[] = [];
  for (const segment of segments) {
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (name === "." || name === ".." || name.includes("/") || name.includes("\\") || name.includes("\0") || name.length > 255) return undefined;
    decoded.push(name);
  }
  if (decoded.length === 0) return undefined;
  const path = join(dir, ...decoded);
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep) ? path : undefined;
}

async function download(url: string, path: string): Promise<void> {
  const response = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const length = Number(response.headers.get("content-length"));
  if (length > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
  mkdirSync(dirname(path), { recursive: true });
  let seen = 0;
  const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>);
  body.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_BYTES) body.destroy(new Error(`larger than ${MAX_BYTES} bytes`));
  });
  try {
    await pipeline(body, createWriteStream(path));
  } catch (e) {
    rmSync(path, { force: true });
    throw e;
  }
}

/** Downloads every URL, a few at a time; each result says where it went or why not. */
export async function downloadAttachments(urls: readonly string[], dir: string): Promise<DownloadResult[]> {
  const results: DownloadResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < urls.length) {
      const url = urls[next++]!;
      const path = downloadPath(dir, url);
      if (path === undefined) {
        results.push({ url, error: "not an http(s) URL of a file" });
        continue;
      }
      try {
        await download(url, path);
        results.push({ url, path });
      } catch (e) {
        results.push({ url, error: (e as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return results;
}
