/**
 * The HTTP/1.1 adapter: node:http requests in, BlahgRequests to the core,
 * BlahgResponses back out, one JSON log line per request. A failure inside
 * the core is a 500 for that request only.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../log.js";
import type { RequestHandler } from "./handler.js";
import { internalError, logRequest, plainResponse, type BlahgRequest, type BlahgResponse } from "./request.js";

export interface HttpServerOptions {
  /** Largest request body accepted (comment forms), in bytes. */
  maxBodyBytes?: number;
  /** Time allowed for a whole request head, in ms; 408 after it. */
  headersTimeoutMs?: number;
  /** How long an idle kept-alive connection is kept, as announced to clients (`Keep-Alive: timeout=`), in ms. */
  keepAliveTimeoutMs?: number;
}

const DEFAULT_MAX_BODY = 256 * 1024;
/** Time allowed for a whole request head (node's own default is 60 s; a blog's clients need far less). */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** How long an idle kept-alive connection is kept, as announced in `Keep-Alive: timeout=5` (node's default). */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5000;
/**
 * An idle connection is closed this long after the time announced to the client, as node:http
 * does: a client that reuses it just before the announced time must not find it closing.
 */
export const KEEP_ALIVE_GRACE_MS = 1000;
/**
 * After a body passes the limit, up to this much more is read and dropped
 * (for at most DISCARD_MS) before the 413 goes out: closing a socket with
 * unread bytes makes the kernel reset the connection, and the client would
 * see the reset instead of the 413.
 */
const DISCARD_BYTES = 1024 * 1024;
const DISCARD_MS = 2000;

class RequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The client went away before its request was complete: nothing to answer, nothing failed. */
class ClientGone extends Error {}

function tooLarge(): RequestError {
  return new RequestError(413, "Request body too large.\n");
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > limit;
    let timer: NodeJS.Timeout | undefined;
    const refuse = (): void => {
      clearTimeout(timer);
      reject(tooLarge());
    };
    // A declared length too large even to drop is refused at once.
    if (declared > limit + DISCARD_BYTES) return refuse();
    if (over) timer = setTimeout(refuse, DISCARD_MS);
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > limit + DISCARD_BYTES) refuse();
        return;
      }
      if (size > limit) {
        over = true;
        chunks.length = 0;
        timer = setTimeout(refuse, DISCARD_MS);
      } else chunks.push(chunk);
    });
    req.on("end", () => (over ? refuse() : resolve(Buffer.concat(chunks))));
    req.on("error", () => {
      clearTimeout(timer);
      reject(new ClientGone());
    });
    req.on("close", () => {
      clearTimeout(timer);
      if (!req.complete) reject(new ClientGone());
    });
  });
}

export async function toBlahgRequest(req: IncomingMessage, maxBodyBytes: number): Promise<BlahgRequest> {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const rawPath = q === -1 ? url : url.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw new RequestError(400, "Bad request: malformed path.\n");
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const method = (req.method ?? "GET").toUpperCase();
  const body = method === "POST" ? await readBody(req, maxBodyBytes) : undefined;
  return { method, path, query: q === -1 ? "" : url.slice(q + 1), headers, remoteAddress: req.socket.remoteAddress, body };
}

function send(res: ServerResponse, method: string, response: BlahgResponse): void {
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.setHeader("Content-Length", response.body.length);
  res.end(method === "HEAD" ? undefined : response.body);
}

/** All a server needs of the request handler (a test may give a stand-in). */
export type HandlesRequests = Pick<RequestHandler, "handle">;

export function createHttpServer(handler: HandlesRequests, log: Logger, options: HttpServerOptions = {}): Server {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  return createServer({
    // node:http announces this and closes KEEP_ALIVE_GRACE_MS later (since Node 20.19; earlier on the dot).
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    headersTimeout,
    requestTimeout: Math.max(30_000, headersTimeout),
    // node checks both timeouts this often (30 s by default, which would stretch a short headers timeout).
    connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(headersTimeout / 4))),
  }, (req, res) => {
    const start = process.hrtime.bigint();
    const method = req.method ?? "GET";
    const finish = (response: BlahgResponse): void => {
      send(res, method, response);
      logRequest(log, { method, url: req.url, remote: req.socket.remoteAddress, start }, response.status, response.body.length);
    };
    toBlahgRequest(req, maxBody)
      .then((request) => handler.handle(request))
      .then(finish, (error: unknown) => {
        if (error instanceof ClientGone) return log.info("client left mid-request", { method, url: req.url, remote: req.socket.remoteAddress });
        // A refused body may be partly unread: the connection cannot carry another request.
        if (error instanceof RequestError) return finish(plainResponse(error.status, error.message, error.status === 413 ? { Connection: "close" } : {}));
        log.error("request failed", { url: req.url, error: error instanceof Error ? error.stack : String(error) });
        finish(internalError());
      });
  });
}
