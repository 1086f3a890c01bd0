/**
 * The SCGI adapter (spec 4.1), for running behind nginx the way blahgd did:
 * one request per connection, a netstring of NUL-separated headers, then
 * exactly CONTENT_LENGTH body bytes; the answer is `Status: <code> <reason>`,
 * the headers sorted by name in byte order (always with Content-Length and
 * X-blahgd-render-time), an empty line and the body, all with bare LF line
 * ends (nginx reads those); then the connection closes. blahgd wrote the
 * code alone, which nginx passes on as `HTTP/1.1 200`, without the space and
 * reason a status line needs; hence the reason. Requests become the same
 * BlahgRequest the HTTP adapter builds, and the log gets the same line per
 * request.
 *
 * Bad input, and what the client gets (blahgd closed silently on all of it;
 * blahg answers whenever the framing could be read, so the front end can
 * show and log a real status instead of a "502 upstream closed"):
 * - the netstring itself is broken (a length that is empty, not digits or
 *   has leading zeros; no `,` after the block): closed without a response,
 *   since whoever sent it does not speak SCGI and would not read one;
 * - a header block larger than `maxHeaderBytes` (the length says so, even
 *   before its `:` arrives): `431 Request Header Fields Too Large`;
 * - a readable block with bad contents (no NUL at its end, an odd number of
 *   fields, an empty name), a missing `SCGI` or one other than `1`, a
 *   missing or non-numeric CONTENT_LENGTH, a missing REQUEST_METHOD, a
 *   DOCUMENT_URI that is not UTF-8 or a REQUEST_URI with a bad `%` escape:
 *   `400 Bad Request`;
 * - CONTENT_LENGTH above `maxBodyBytes`: `413 Payload Too Large`, without
 *   reading the body;
 * - the whole request not in within `requestTimeoutMs`: `408 Request
 *   Timeout` if any byte came, else closed silently (an idle connection);
 * - the client goes away before the request is complete: nothing to answer;
 *   if it goes away while the page renders, the answer is dropped;
 * - the core fails: `500`, for that request only;
 * - `?p=1=2`: the core answers 400 (blahgd closed the connection).
 * Error answers are plain text. After an answer the server half-closes and
 * drains what the client still sends (so the client reads the answer rather
 * than a reset) until it closes or goes quiet for `requestTimeoutMs`.
 *
 * Where the spec is silent or blahgd was wrong: REMOTE_PORT and SERVER_PORT
 * are not checked (blahg does not use them); header lines are not cut at
 * 255 bytes; of a repeated header the first counts (see parseHeaderBlock);
 * bytes after the body are ignored; without DOCUMENT_URI the path is
 * REQUEST_URI's, without either it is "" (a 404), and without QUERY_STRING
 * the query is REQUEST_URI's.
 */

import { STATUS_CODES } from "node:http";
import { Server, type Socket } from "node:net";
import type { Logger } from "../log.js";
import { internalError, logRequest, plainResponse, type BlahgRequest, type BlahgResponse } from "./request.js";

export interface ScgiServerOptions {
  /** Largest netstring header block accepted, in bytes. */
  maxHeaderBytes?: number;
  /** Largest request body (CONTENT_LENGTH) accepted, in bytes. */
  maxBodyBytes?: number;
  /** Time allowed for reading the whole request, and for a stalled answer or close, in ms. */
  requestTimeoutMs?: number;
}

export const SCGI_DEFAULTS = {
  maxHeaderBytes: 64 * 1024,
  maxBodyBytes: 1024 * 1024,
  requestTimeoutMs: 10_000,
} as const satisfies Required<ScgiServerOptions>;

/** What the adapter needs of the core (RequestHandler has it). */
export interface ScgiRequestHandler {
  handle(request: BlahgRequest): BlahgResponse | Promise<BlahgResponse>;
}

/**
 * Why a request is refused: `status` undefined means closing without a
 * response.
 */
export interface ScgiProblem {
  status: number | undefined;
  reason: string;
}

export type ScgiReadResult =
  | { state: "more" }
  | { state: "done"; headers: ReadonlyMap<string, string>; body: Buffer }
  | { state: "error"; problem: ScgiProblem; headers?: ReadonlyMap<string, string> };

const COLON = 0x3a;
const COMMA = 0x2c;
const NUL = 0x00;
const ZERO = 0x30;
const NINE = 0x39;

function problem(status: number | undefined, reason: string): ScgiProblem {
  return { status, reason };
}

/**
 * Reads one SCGI request from chunks as they arrive. Pure: no sockets, so
 * every way of splitting the bytes can be tested.
 */
export class ScgiRequestReader {
  private phase: "length" | "block" | "comma" | "body" | "finished" = "length";
  private digits = "";
  private need = 0;
  private parts: Buffer[] = [];
  private have = 0;
  private headers: Map<string, string> | undefined;
  private result: ScgiReadResult = { state: "more" };
  private readonly maxHeaderBytes: number;
  private readonly maxBodyBytes: number;
  /** Bytes received so far, including any after the request. */
  received = 0;

  constructor(options: ScgiServerOptions = {}) {
    this.maxHeaderBytes = options.maxHeaderBytes ?? SCGI_DEFAULTS.maxHeaderBytes;
    this.maxBodyBytes = options.maxBodyBytes ?? SCGI_DEFAULTS.maxBodyBytes;
  }

  push(chunk: Buffer): ScgiReadResult {
    this.received += chunk.length;
    let i = 0;
    while (this.phase !== "finished" && (i < chunk.length || this.ready())) {
      switch (this.phase) {
        case "length": {
          const c = chunk[i++]!;
          if (c === COLON) {
            if (this.digits === "") return this.fail(problem(undefined, "netstring without a length"));
            this.need = Number(this.digits);
            if (this.need > this.maxHeaderBytes) return this.fail(this.headerTooLarge());
            this.phase = "block";
          } else if (c >= ZERO && c <= NINE) {
            if (this.digits === "0") return this.fail(problem(undefined, "netstring length with a leading zero"));
            this.digits += String.fromCharCode(c);
            // More digits than the limit has: too large whatever follows.
            if (this.digits.length > String(this.maxHeaderBytes).length) return this.fail(this.headerTooLarge());
          } else {
            return this.fail(problem(undefined, "netstring length is not a decimal number"));
          }
          break;
        }
        case "block":
          i = this.take(chunk, i);
          if (this.have === this.need) this.phase = "comma";
          break;
        case "comma": {
          if (chunk[i++] !== COMMA) return this.fail(problem(undefined, "netstring does not end with ','"));
          const parsed = parseHeaderBlock(this.collect());
          if (!(parsed instanceof Map)) return this.fail(parsed);
          this.headers = parsed;
          const bad = checkHeaders(parsed, this.maxBodyBytes);
          if (bad) return this.fail(bad);
          this.need = Number(parsed.get("CONTENT_LENGTH"));
          this.phase = "body";
          break;
        }
        case "body":
          i = this.take(chunk, i);
          if (this.have === this.need) {
            this.phase = "finished";
            this.result = { state: "done", headers: this.headers!, body: this.collect() };
          }
          break;
      }
    }
    return this.result;
  }

  /** A phase that can finish without another byte (an empty block or body). */
  private ready(): boolean {
    return (this.phase === "block" || this.phase === "body") && this.have === this.need;
  }

  private take(chunk: Buffer, i: number): number {
    const n = Math.min(this.need - this.have, chunk.length - i);
    if (n > 0) this.parts.push(chunk.subarray(i, i + n));
    this.have += n;
    return i + n;
  }

  private collect(): Buffer {
    const out = Buffer.concat(this.parts, this.have);
    this.parts = [];
    this.have = 0;
    return out;
  }

  private headerTooLarge(): ScgiProblem {
    return problem(431, `header block larger than ${this.maxHeaderBytes} bytes`);
  }

  private fail(p: ScgiProblem): ScgiReadResult {
    this.phase = "finished";
    this.parts = [];
    this.result = this.headers ? { state: "error", problem: p, headers: this.headers } : { state: "error", problem: p };
    return this.result;
  }
}

/** `NAME\0value\0...` into a map; names and values as latin1, byte for byte. */
export function parseHeaderBlock(block: Buffer): Map<string, string> | ScgiProblem {
  const headers = new Map<string, string>();
  if (block.length === 0) return headers;
  if (block[block.length - 1] !== NUL) return problem(400, "header block does not end with NUL");
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < block.length; i++) {
    if (block[i] === NUL) {
      fields.push(block.toString("latin1", start, i));
      start = i + 1;
    }
  }
  if (fields.length % 2 !== 0) return problem(400, "header block has an odd number of fields");
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i]!;
    if (name === "") return problem(400, "header with an empty name");
    // The first wins: nginx writes its own CONTENT_LENGTH first, and a config that also has
    // `scgi_param CONTENT_LENGTH $content_length` (copied from fastcgi_params) sends a second,
    // empty for a GET. One request per connection, so a repeat cannot smuggle another request.
    if (!headers.has(name)) headers.set(name, fields[i + 1]!);
  }
  return headers;
}

function checkHeaders(headers: ReadonlyMap<string, string>, maxBodyBytes: number): ScgiProblem | undefined {
  const scgi = headers.get("SCGI");
  if (scgi === undefined) return problem(400, "no SCGI header");
  if (scgi !== "1") return problem(400, `SCGI is ${JSON.stringify(scgi)}, not 1`);
  const length = headers.get("CONTENT_LENGTH");
  if (length === undefined) return problem(400, "no CONTENT_LENGTH header");
  if (!/^[0-9]+$/.test(length)) return problem(400, "CONTENT_LENGTH is not a number");
  if (!headers.get("REQUEST_METHOD")) return problem(400, "no REQUEST_METHOD header");
  if (Number(length) > maxBodyBytes) return problem(413, `body larger than ${maxBodyBytes} bytes`);
  return undefined;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The path of REQUEST_URI, percent-decoded as the HTTP adapter does. */
function requestUriPath(uri: string): string | undefined {
  const q = uri.indexOf("?");
  try {
    return decodeURIComponent(q === -1 ? uri : uri.slice(0, q));
  } catch {
    return undefined;
  }
}

/** The one request type from SCGI headers (HTTP_FOO_BAR becomes foo-bar). */
export function scgiToBlahgRequest(headers: ReadonlyMap<string, string>, body: Buffer): BlahgRequest | ScgiProblem {
  const requestUri = headers.get("REQUEST_URI");
  const documentUri = headers.get("DOCUMENT_URI");
  let path: string;
  if (documentUri !== undefined) {
    // nginx sends the decoded path as raw bytes; they are UTF-8 as in a URL.
    try {
      path = utf8.decode(Buffer.from(documentUri, "latin1"));
    } catch {
      return problem(400, "DOCUMENT_URI is not UTF-8");
    }
  } else if (requestUri !== undefined) {
    const decoded = requestUriPath(requestUri);
    if (decoded === undefined) return problem(400, "malformed path in REQUEST_URI");
    path = decoded;
  } else {
    path = "";
  }
  let query = headers.get("QUERY_STRING");
  if (query === undefined && requestUri !== undefined) {
    const q = requestUri.indexOf("?");
    query = q === -1 ? "" : requestUri.slice(q + 1);
  }
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name.startsWith("HTTP_") && name.length > 5) out[name.slice(5).toLowerCase().replaceAll("_", "-")] = value;
  }
  const contentType = headers.get("CONTENT_TYPE");
  if (contentType !== undefined && contentType !== "") out["content-type"] = contentType;
  const contentLength = headers.get("CONTENT_LENGTH");
  if (contentLength !== undefined) out["content-length"] = contentLength;
  const method = (headers.get("REQUEST_METHOD") ?? "GET").toUpperCase();
  return {
    method,
    path,
    query: query ?? "",
    headers: out,
    remoteAddress: headers.get("REMOTE_ADDR") || undefined,
    // As over HTTP: only a POST has a body.
    body: method === "POST" ? body : undefined,
  };
}

/** `S.NNNNNNNNN`, as blahgd wrote its render time. */
export function formatRenderTime(ns: bigint): string {
  const clamped = ns < 0n ? 0n : ns;
  return `${clamped / 1_000_000_000n}.${String(clamped % 1_000_000_000n).padStart(9, "0")}`;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// A CR, LF or NUL in a header would end it early and let the rest be read as more headers.
const UNSAFE_HEADER = /[\r\n\0]/;

/**
 * The response head: `Status: 200 OK`, then the headers sorted by name in
 * byte order, the handler's own Content-Length replaced by the body's.
 * Undefined when a header cannot be written safely.
 */
export function formatScgiHead(response: BlahgResponse, renderNs: bigint): Buffer | undefined {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(response.headers)) {
    if (name.toLowerCase() === "content-length" || name.toLowerCase() === "x-blahgd-render-time") continue;
    if (name === "" || name.includes(":") || UNSAFE_HEADER.test(name) || UNSAFE_HEADER.test(value)) return undefined;
    headers.set(name, value);
  }
  headers.set("Content-Length", String(response.body.length));
  headers.set("X-blahgd-render-time", formatRenderTime(renderNs));
  let head = `Status: ${response.status} ${STATUS_CODES[response.status] ?? "Unknown"}\n`;
  for (const name of [...headers.keys()].sort(byteOrder)) head += `${name}: ${headers.get(name)}\n`;
  return Buffer.from(head + "\n", "latin1");
}

/** An SCGI server that can also drop its connections when shutting down, like http.Server. */
export class ScgiServer extends Server {
  /** Open connections, and whether each is waiting on the core. */
  readonly openConnections = new Map<Socket, { busy: boolean }>();

  /** Drops the connections that are neither waiting on the core nor still writing its answer. */
  closeIdleConnections(): void {
    for (const [socket, state] of this.openConnections) {
      if (!state.busy && (socket.writableFinished || !socket.writableEnded)) socket.destroy();
    }
  }

  closeAllConnections(): void {
    for (const socket of this.openConnections.keys()) socket.destroy();
  }
}

export function createScgiServer(handler: ScgiRequestHandler, log: Logger, options: ScgiServerOptions = {}): ScgiServer {
  const timeoutMs = options.requestTimeoutMs ?? SCGI_DEFAULTS.requestTimeoutMs;
  // Half-open: a client may shut down its side after sending the request and still read the answer.
  const server: ScgiServer = new ScgiServer({ allowHalfOpen: true }, (socket) => {
    const state = { busy: false };
    server.openConnections.set(socket, state);
    const reader = new ScgiRequestReader(options);
    let reading = true;
    let start = 0n;
    const remote = socket.remoteAddress;

    // One deadline for the whole request, however slowly its bytes trickle in.
    const timer = setTimeout(() => {
      if (!reading) return;
      if (reader.received === 0) return drop("no request before the timeout", "debug");
      refuse(problem(408, `request not complete within ${timeoutMs} ms`), undefined);
    }, timeoutMs);
    // Errors (resets, writes after the client left) end in "close"; they must not crash the process.
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      server.openConnections.delete(socket);
    });

    /** Half-closes after the answer, then drains until the client closes or goes quiet. */
    const finish = (bytes: Buffer[]): void => {
      reading = false;
      clearTimeout(timer);
      socket.setTimeout(timeoutMs, () => socket.destroy());
      if (socket.destroyed) return;
      socket.cork();
      for (const b of bytes) socket.write(b);
      socket.end();
    };

    const drop = (reason: string, level: "debug" | "warn"): void => {
      log.log(level, "scgi connection closed without a response", { reason, remote, bytes: reader.received });
      finish([]);
    };

    const respond = (method: string | undefined, url: string | undefined, remoteAddress: string | undefined, response: BlahgResponse, completedAt: bigint): void => {
      let head = formatScgiHead(response, process.hrtime.bigint() - completedAt);
      if (!head) {
        log.error("request failed", { url, error: "a response header holds CR, LF, NUL or a bad name" });
        response = internalError();
        head = formatScgiHead(response, process.hrtime.bigint() - completedAt)!;
      }
      finish(method === "HEAD" ? [head] : [head, response.body]);
      logRequest(log, { method, url, remote: remoteAddress, start }, response.status, response.body.length);
    };

    const refuse = (p: ScgiProblem, headers: ReadonlyMap<string, string> | undefined): void => {
      if (p.status === undefined) return drop(p.reason, "warn");
      log.warn("scgi request refused", { reason: p.reason, remote, status: p.status });
      const method = headers?.get("REQUEST_METHOD")?.toUpperCase();
      const text = `${STATUS_CODES[p.status] ?? "Error"}: ${p.reason}.\n`;
      respond(method, headers?.get("REQUEST_URI"), headers?.get("REMOTE_ADDR") ?? remote, plainResponse(p.status, text), process.hrtime.bigint());
    };

    const serve = (headers: ReadonlyMap<string, string>, body: Buffer): void => {
      const completedAt = process.hrtime.bigint();
      const request = scgiToBlahgRequest(headers, body);
      if (!("method" in request)) return refuse(request, headers);
      const url = headers.get("REQUEST_URI") ?? (request.query === "" ? request.path : `${request.path}?${request.query}`);
      state.busy = true;
      // Through a promise, so that a throw inside the core is a 500 like a rejection.
      Promise.resolve()
        .then(() => handler.handle(request))
        .catch((error: unknown): BlahgResponse => {
          log.error("request failed", { url, error: error instanceof Error ? error.stack : String(error) });
          return internalError();
        })
        .then((response) => {
          state.busy = false;
          if (socket.destroyed || !socket.writable) {
            log.log("debug", "scgi client left before the response", { url, remote: request.remoteAddress });
            return;
          }
          respond(request.method, url, request.remoteAddress, response, completedAt);
        });
    };

    socket.on("data", (chunk: Buffer) => {
      if (!reading) return; // drained: after the request, or after refusing it
      if (start === 0n) start = process.hrtime.bigint();
      const result = reader.push(chunk);
      if (result.state === "more") return;
      reading = false;
      clearTimeout(timer);
      if (result.state === "error") refuse(result.problem, result.headers);
      else serve(result.headers, result.body);
    });

    socket.on("end", () => {
      if (reading) {
        reading = false;
        clearTimeout(timer);
        log.log("debug", "scgi client left before the request was complete", { remote, bytes: reader.received });
        socket.destroy();
      } else if (socket.writableFinished) socket.destroy();
    });
    socket.on("finish", () => {
      if (socket.readableEnded) socket.destroy();
    });
  });
  return server;
}
