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
}

const DEFAULT_MAX_BODY = 256 * 1024;

class RequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) return reject(new RequestError(413, "Request body too large.\n"));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new RequestError(413, "Request body too large.\n"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
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

export function createHttpServer(handler: RequestHandler, log: Logger, options: HttpServerOptions = {}): Server {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return createServer({ keepAliveTimeout: 5000, requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    const start = process.hrtime.bigint();
    const method = req.method ?? "GET";
    const finish = (response: BlahgResponse): void => {
      send(res, method, response);
      logRequest(log, { method, url: req.url, remote: req.socket.remoteAddress, start }, response.status, response.body.length);
    };
    toBlahgRequest(req, maxBody)
      .then((request) => handler.handle(request))
      .then(finish, (error: unknown) => {
        if (error instanceof RequestError) return finish(plainResponse(error.status, error.message));
        log.error("request failed", { url: req.url, error: error instanceof Error ? error.stack : String(error) });
        finish(internalError());
      });
  });
}
