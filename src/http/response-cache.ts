/**
 * Rendered responses kept for reuse. Each entry knows what it was made
 * from (the posts it shows, whether it is a listing) so a change drops
 * exactly the pages it touched; compressed forms are made once per entry,
 * on the first request that accepts them.
 */

export interface CachedResponse {
  status: number;
  /** Headers every variant shares (not Content-Length or Content-Encoding). */
  headers: Record<string, string>;
  body: Buffer;
  /** Strong validator, quoted. */
  etag: string;
  /** Seconds since the epoch, for Last-Modified. */
  modified: number;
  /** When the entry goes stale, in ms since the epoch (Infinity: only by invalidation). */
  expires: number;
  posts: readonly number[];
  listing: boolean;
  /** A file of the web directory, or a page. */
  group: "static" | "page";
  /**
   * Responses made from this entry so far, by variant ("identity", "br",
   * "gzip", "304"): built once (compressing at most once per encoding) and
   * then sent as they are.
   */
  variants: Map<string, BlahgResponse>;
}

import type { BlahgResponse } from "./request.js";

export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;

  /** `budget`: the most body bytes to keep (oldest-used entries go first). */
  constructor(private readonly budget = 32 * 1024 * 1024) {}

  get size(): number {
    return this.entries.size;
  }

  /** Body bytes held, compressed variants included. */
  get heldBytes(): number {
    return this.bytes;
  }

  get(key: string, nowMs: number): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= nowMs) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: CachedResponse): void {
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.budget || oldest === key) break;
      this.delete(oldest);
    }
  }

  /** Adds a response variant to an entry, counting its body against the budget when it is a new one. */
  addVariant(entry: CachedResponse, variant: string, response: BlahgResponse): void {
    entry.variants.set(variant, response);
    if (response.body !== entry.body) this.bytes += response.body.length;
  }

  /** Drops every page showing one of these posts, and every listing if `listings`. */
  invalidate(posts: ReadonlySet<number>, listings: boolean): void {
    for (const [key, entry] of this.entries) {
      if ((listings && entry.listing) || entry.posts.some((id) => posts.has(id))) this.delete(key);
    }
  }

  /** Drops the entries of a group, or all of them. */
  clear(group?: CachedResponse["group"]): void {
    for (const [key, entry] of [...this.entries]) if (group === undefined || entry.group === group) this.delete(key);
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.length;
    for (const variant of entry.variants.values()) if (variant.body !== entry.body) this.bytes -= variant.body.length;
  }
}
