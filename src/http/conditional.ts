/** HTTP validators (RFC 9110 13): strong ETags and Last-Modified, and when a request may get 304. */

import { createHash } from "node:crypto";
import type { CachedResponse } from "./response-cache.js";

export function strongEtag(body: Buffer): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}

export function httpDate(seconds: number): string {
  return new Date(seconds * 1000).toUTCString();
}

/** If-None-Match wins over If-Modified-Since; both only for GET and HEAD. */
export function notModified(method: string, headers: Readonly<Record<string, string | undefined>>, entry: CachedResponse): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  const inm = headers["if-none-match"];
  if (inm !== undefined) {
    if (inm.trim() === "*") return true;
    // Weak comparison, as RFC 9110 asks for If-None-Match.
    return inm.split(",").some((tag) => tag.trim().replace(/^W\//, "") === entry.etag);
  }
  const ims = headers["if-modified-since"];
  if (ims !== undefined) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && entry.modified <= Math.floor(since / 1000);
  }
  return false;
}
