/**
 * The request/response core: routes a request, answers from the response
 * cache or renders, and adds what HTTP needs (validators, 304s, compression,
 * caching headers). It knows nothing of sockets; the HTTP and SCGI adapters
 * share it.
 */

import type { Site } from "../site/site.js";
import { renderPage, type PageRoute } from "../site/render-page.js";
import { route } from "../site/route.js";
import { CONTENT_TYPES, type Page } from "../site/pages/page.js";
import { chooseEncoding, compress, worthCompressing } from "./compression.js";
import { httpDate, notModified, strongEtag } from "./conditional.js";
import { parseQuery } from "./query.js";
import type { BlahgRequest, BlahgResponse } from "./request.js";
import { ResponseCache, type CachedResponse } from "./response-cache.js";
import type { StaticFiles } from "./static-files.js";

export interface HandlerOptions {
  /** The current site (it changes when files change); undefined while starting. */
  site: () => Site | undefined;
  staticFiles: () => StaticFiles;
  cache: ResponseCache;
  /** The clock, in nanoseconds since the epoch (tests fix it). */
  now?: () => bigint;
  /** Answers `?comment=`; absent: comments are not accepted. */
  comment?: (request: BlahgRequest, site: Site, now: bigint) => Promise<Page> | Page;
  /** Answers `?admin`. */
  admin?: (request: BlahgRequest, site: Site, now: bigint) => Promise<BlahgResponse> | BlahgResponse;
}

const CACHE_CONTROL: Record<string, string> = {
  page: "no-cache",
  feed: "public, max-age=300",
  static: "public, max-age=3600",
};

function plain(status: number, text: string, headers: Record<string, string> = {}): BlahgResponse {
  return { status, headers: { "Content-Type": CONTENT_TYPES.text, ...headers }, body: Buffer.from(text) };
}

function wallClock(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

export class RequestHandler {
  private readonly now: () => bigint;

  constructor(private readonly options: HandlerOptions) {
    this.now = options.now ?? wallClock;
  }

  async handle(request: BlahgRequest): Promise<BlahgResponse> {
    const { method } = request;
    if (method !== "GET" && method !== "HEAD" && method !== "POST") {
      return plain(405, "Method not allowed.\n", { Allow: "GET, HEAD, POST" });
    }
    const params = parseQuery(request.query);
    if (params === "malformed") return plain(400, "Bad request: a query value contains '='.\n");
    const target = route(request.path, params);
    const now = this.now();
    const site = this.options.site();
    if (!site) return plain(503, "Starting, try again in a moment.\n", { "Retry-After": "1" });
    if (method === "POST" && target.kind !== "comment") return plain(405, "Method not allowed.\n", { Allow: "GET, HEAD" });

    switch (target.kind) {
      case "comment":
        if (!this.options.comment) return plain(403, "Comments are not accepted here.\n");
        return this.uncached(await this.options.comment(request, site, now));
      case "admin":
        return this.options.admin ? this.options.admin(request, site, now) : plain(200, "There is nothing to see here.");
      case "static":
        return this.staticFile(request, target.path, site, now);
      default:
        return this.page(request, target, site, now);
    }
  }

  private page(request: BlahgRequest, target: PageRoute, site: Site, now: bigint): BlahgResponse {
    const key = `${request.path}?${request.query}`;
    const nowMs = Number(now / 1_000_000n);
    let entry = this.options.cache.get(key, nowMs);
    if (!entry) {
      const page = renderPage(site, target, now);
      entry = this.entry(page, now);
      if (page.maxAge > 0) this.options.cache.set(key, entry);
    }
    return this.respond(request, entry);
  }

  private staticFile(request: BlahgRequest, path: string, site: Site, now: bigint): BlahgResponse {
    const key = `static:${path}`;
    const nowMs = Number(now / 1_000_000n);
    let entry = this.options.cache.get(key, nowMs);
    if (!entry) {
      const file = this.options.staticFiles().read(path);
      // A missing file's 404 is kept under the file's key, so that adding the file replaces it.
      entry = file
        ? {
            status: 200,
            headers: { "Content-Type": file.contentType, "Cache-Control": CACHE_CONTROL.static! },
            body: file.body,
            etag: strongEtag(file.body),
            modified: file.modified,
            expires: Infinity,
            posts: [],
            listing: false,
            encoded: new Map(),
          }
        : this.entry(renderPage(site, { kind: "not-found" }, now), now);
      this.options.cache.set(key, entry);
    }
    return this.respond(request, entry);
  }

  private entry(page: Page, now: bigint): CachedResponse {
    const body = Buffer.from(page.body);
    const headers: Record<string, string> = {
      "Content-Type": page.contentType,
      "Cache-Control": page.contentType === CONTENT_TYPES.html ? CACHE_CONTROL.page! : CACHE_CONTROL.feed!,
    };
    if (page.location !== undefined) headers.Location = page.location;
    const seconds = Number(now / 1_000_000_000n);
    return {
      status: page.status,
      headers,
      body,
      etag: strongEtag(body),
      modified: seconds,
      expires: page.maxAge === Infinity ? Infinity : (seconds + page.maxAge) * 1000,
      posts: page.posts,
      listing: page.listing,
      encoded: new Map(),
    };
  }

  /** A response that is never reused (form results). */
  private uncached(page: Page): BlahgResponse {
    const headers: Record<string, string> = { "Content-Type": page.contentType, "Cache-Control": "no-store" };
    if (page.location !== undefined) headers.Location = page.location;
    return { status: page.status, headers, body: Buffer.from(page.body) };
  }

  private respond(request: BlahgRequest, entry: CachedResponse): BlahgResponse {
    const headers: Record<string, string> = { ...entry.headers, ETag: entry.etag, "Last-Modified": httpDate(entry.modified) };
    const compressible = worthCompressing(entry.headers["Content-Type"] ?? "", entry.body.length);
    if (compressible) headers.Vary = "Accept-Encoding";
    if (entry.status === 200 && notModified(request.method, request.headers, entry)) {
      delete headers["Content-Type"];
      return { status: 304, headers, body: Buffer.alloc(0) };
    }
    let body = entry.body;
    const encoding = compressible ? chooseEncoding(request.headers["accept-encoding"]) : undefined;
    if (encoding) {
      let encoded = entry.encoded.get(encoding);
      if (!encoded) {
        encoded = compress(entry.body, encoding);
        this.options.cache.addEncoding(entry, encoding, encoded);
      }
      body = encoded;
      headers["Content-Encoding"] = encoding;
    }
    return { status: entry.status, headers, body };
  }
}
