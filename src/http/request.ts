/**
 * The one request and response type. The HTTP and SCGI adapters turn what
 * they read into a BlahgRequest and write the BlahgResponse they get back;
 * nothing behind them knows which one carried the request.
 */

import type { Logger } from "../log.js";

export interface BlahgRequest {
  /** Upper-case method. */
  method: string;
  /** The path, percent-decoded (SCGI's DOCUMENT_URI). */
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  remoteAddress: string | undefined;
  body: Buffer | undefined;
}

export interface BlahgResponse {
  status: number;
  /** Header names as they are sent. */
  headers: Record<string, string>;
  body: Buffer;
}

/** A short plain-text response (errors and refusals the core or an adapter answers itself). */
export function plainResponse(status: number, text: string, headers: Record<string, string> = {}): BlahgResponse {
  return { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers }, body: Buffer.from(text) };
}

/** What an adapter answers when the core fails on a request. */
export function internalError(): BlahgResponse {
  return plainResponse(500, "Internal server error.\n");
}

/** The request log line every adapter writes, one per request. */
export function logRequest(
  log: Logger,
  request: { method: string | undefined; url: string | undefined; remote: string | undefined; start: bigint },
  status: number,
  bytes: number,
): void {
  log.info("request", {
    method: request.method,
    url: request.url,
    status,
    bytes,
    ms: Number(process.hrtime.bigint() - request.start) / 1e6,
    remote: request.remote,
  });
}
