/**
 * The request/response core: routes a request, answers from the response
 * cache or renders, and adds what HTTP needs (validators, 304s, compression,
 * caching headers). It knows nothing of sockets; the HTTP and SCGI adapters
 * share it.
 */

import type { Site } from "../site/site.js";
import { renderPage } from "../site/render-page.js";
import { CONTENT_TYPES, type Page } from "../site/pages/page.js";
import { chooseEncoding, compress, worthCompressing, type Encoding } from "./compression.js";
import { httpDate, notModified, strongEtag } from "./conditional.js";
import { parseQuery } from "./query.js";
import { plainResponse, type BlahgRequest, type BlahgResponse } from "./request.js";
import { ResponseCache, type CachedResponse } from "./response-cache.js";
import type { StaticFile, StaticFiles } from "./static-files.js";

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

function wallClock(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

export class RequestHandler {
  private readonly now: () => bigint;

  constructor(private readonly options: HandlerOptions) {
    this.now = options.now ?? wallClock;
  }

  /**
   * Answers a request. GET and HEAD of anything already rendered are
   * answered synchronously from the cache, which is what lets the HTTP
   * adapter serve cached pages nearly as fast as static files.
   */
  handle(request: BlahgRequest): BlahgResponse | Promise<BlahgResponse> {
    const { method } = request;
    const now = this.now();
    const key = `${request.path}?${request.query}`;
    if (method === "GET" || method === "HEAD") {
      const cached = this.options.cache.get(key, Number(now / 1_000_000n));
      if (cached) return this.respond(request, cached);
    } else if (method !== "POST") {
      return plainResponse(405, "Method not allowed.\n", { Allow: "GET, HEAD, POST" });
    }
    const params = parseQuery(request.query);
    if (params === "malformed") return plainResponse(400, "Bad request: a query value contains '='.\n");
    const site = this.options.site();
    if (!site) return plainResponse(503, "Starting, try again in a moment.\n", { "Retry-After": "1" });
    const target = site.urls.scheme.parse(request.path, params);
    if (method === "POST" && target.kind !== "comment" && target.kind !== "admin") return plainResponse(405, "Method not allowed.\n", { Allow: "GET, HEAD" });

    switch (target.kind) {
      case "comment": {
        const comment = this.options.comment;
        if (!comment) return plainResponse(403, "Comments are not accepted here.\n");
        return Promise.resolve(comment(request, site, now)).then((page) => this.uncached(page));
      }
      case "admin":
        return this.options.admin ? this.options.admin(request, site, now) : plainResponse(200, "There is nothing to see here.");
      case "static":
        return this.cached(request, key, this.staticEntry(target.path, site, now));
      case "robots":
      case "sitemap": {
        // A file of that name in the web directory wins. Either way the entry is in the static
        // group, so adding or removing the file replaces it.
        const file = this.options.staticFiles().read(request.path);
        if (file) return this.cached(request, key, this.fileEntry(file));
        const page = renderPage(site, target, now, request.headers.host);
        const entry = this.entry(page, now, "static");
        return page.maxAge > 0 ? this.cached(request, key, entry) : this.respond(request, entry, false);
      }
      default: {
        const page = renderPage(site, target, now);
        const entry = this.entry(page, now, "page");
        // Pages never reused (previews, search results) stay out of the cache, variants included.
        return page.maxAge > 0 ? this.cached(request, key, entry) : this.respond(request, entry, false);
      }
    }
  }

  private cached(request: BlahgRequest, key: string, entry: CachedResponse): BlahgResponse {
    this.options.cache.set(key, entry);
    return this.respond(request, entry);
  }

  /** A file of the web directory, or (kept under the file's URL, so adding the file replaces it) the 404 page. */
  private staticEntry(path: string, site: Site, now: bigint): CachedResponse {
    const file = this.options.staticFiles().read(path);
    // A post may come to answer at this path (a new post, a changed slug or alias): the 404 goes with listing changes.
    if (!file) return this.entry({ ...renderPage(site, { kind: "not-found" }, now), listing: true }, now, "static");
    return this.fileEntry(file);
  }

  private fileEntry(file: StaticFile): CachedResponse {
    return {
      status: 200,
      headers: { "Content-Type": file.contentType, "Cache-Control": CACHE_CONTROL.static! },
      body: file.body,
      etag: strongEtag(file.body),
      modified: file.modified,
      expires: Infinity,
      posts: [],
      listing: false,
      group: "static",
      variants: new Map(),
    };
  }

  private entry(page: Page, now: bigint, group: CachedResponse["group"]): CachedResponse {
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
      group,
      variants: new Map(),
    };
  }

  /** A response that is never reused (form results). */
  private uncached(page: Page): BlahgResponse {
    const headers: Record<string, string> = { "Content-Type": page.contentType, "Cache-Control": "no-store" };
    if (page.location !== undefined) headers.Location = page.location;
    if (page.retryAfter !== undefined) headers["Retry-After"] = String(page.retryAfter);
    return { status: page.status, headers, body: Buffer.from(page.body) };
  }

  /** `kept`: the entry is in the cache, so the variant made is kept with it (and counted in its budget). */
  private respond(request: BlahgRequest, entry: CachedResponse, kept = true): BlahgResponse {
    const compressible = worthCompressing(entry.headers["Content-Type"] ?? "", entry.body.length);
    const encoding = compressible ? chooseEncoding(request.headers["accept-encoding"]) : undefined;
    const variant = entry.status === 200 && notModified(request.method, request.headers, entry) ? "304" : (encoding ?? "identity");
    let response = entry.variants.get(variant);
    if (!response) {
      response = this.variant(entry, variant, compressible);
      if (kept) this.options.cache.addVariant(entry, variant, response);
    }
    return response;
  }

  private variant(entry: CachedResponse, variant: string, compressible: boolean): BlahgResponse {
    const headers: Record<string, string> = { ...entry.headers, ETag: entry.etag, "Last-Modified": httpDate(entry.modified) };
    if (compressible) headers.Vary = "Accept-Encoding";
    if (variant === "304") {
      delete headers["Content-Type"];
      return { status: 304, headers, body: Buffer.alloc(0) };
    }
    if (variant === "identity") return { status: entry.status, headers, body: entry.body };
    headers["Content-Encoding"] = variant;
    return { status: entry.status, headers, body: compress(entry.body, variant as Encoding) };
  }
}
