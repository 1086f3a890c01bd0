/**
 * The HTTP/1.1 server. Plain GET and HEAD requests, which is nearly all a
 * blog gets, are read and answered here directly on the socket, with the
 * response head serialized once per cached response: node:http's request
 * and response objects cost more than serving a cached page does. Anything
 * else (a body, chunked encoding, `Expect`, `Upgrade`, an odd request line,
 * folded or oversized headers, any byte llhttp would refuse) is handed with
 * its connection to node:http, which handles the full protocol: the front
 * accepts a strict subset of what llhttp accepts (see request-head.ts).
 *
 * Keep-alive and pipelining are supported; responses go out in request order.
 * A connection is bounded: it is not read while its unsent responses pass
 * MAX_UNSENT_BYTES, and a request head must be complete within the headers
 * timeout (408).
 *
 * An idle kept-alive connection is closed as node:http closes it: responses
 * announce `Keep-Alive: timeout=5`, and the connection is closed a grace
 * second after that, so that a client reusing it just in time (node's agent
 * gives it up a second early, browsers keep it longer and retry) never sends
 * a request into a closing socket. Only time between requests counts: a
 * response that takes long to compute does not close its connection.
 */

import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { STATUS_CODES, type Server as HttpServer } from "node:http";
import type { Logger } from "../log.js";
import { createHttpServer, DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_KEEP_ALIVE_TIMEOUT_MS, KEEP_ALIVE_GRACE_MS, type HandlesRequests, type HttpServerOptions } from "./node-server.js";
import { internalError, logRequest, type BlahgRequest, type BlahgResponse } from "./request.js";
import { RequestHeadReader, type RequestHead } from "./request-head.js";

/** Unsent response bytes past which a connection is not read until they drain (a client that pipelines and never reads). */
export const MAX_UNSENT_BYTES = 1024 * 1024;
/** Requests answered asynchronously and not yet sent, past which a connection is not read. */
const MAX_IN_FLIGHT = 32;

/** What node:http answers to a head it refuses; the front answers the same. */
const BAD_REQUEST = Buffer.from("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n", "latin1");
const REQUEST_TIMEOUT = Buffer.from("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n", "latin1");

/** `Date: ...\r\n`, refreshed once a second rather than formatted per response. */
let dateLine = "";
let dateSecond = -1;
function currentDateLine(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateLine = `Date: ${new Date(now).toUTCString()}\r\n`;
  }
  return dateLine;
}

/** Serialized status line and headers of a response, made once per (immutable) response object. */
const heads = new WeakMap<BlahgResponse, Buffer>();

function headOf(response: BlahgResponse): Buffer {
  let head = heads.get(response);
  if (!head) {
    let text = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? "Unknown"}\r\n`;
    for (const [name, value] of Object.entries(response.headers)) text += `${name}: ${value}\r\n`;
    text += `Content-Length: ${response.body.length}\r\n`;
    head = Buffer.from(text, "latin1");
    heads.set(response, head);
  }
  return head;
}

/** Whether a token list (a Connection header) names `token`, as llhttp reads it. */
function hasToken(list: string | undefined, token: string): boolean {
  if (list === undefined) return false;
  for (const item of list.split(",")) if (item.trim().toLowerCase() === token) return true;
  return false;
}

/** The request of a head the front serves; undefined when node:http should read it (a path that is not valid UTF-8 percent-encoding). */
function toRequest(head: RequestHead, remoteAddress: string | undefined): BlahgRequest | undefined {
  const { target } = head;
  const q = target.indexOf("?");
  let path: string;
  try {
    path = decodeURIComponent(q === -1 ? target : target.slice(0, q));
  } catch {
    return undefined;
  }
  return { method: head.method, path, query: q === -1 ? "" : target.slice(q + 1), headers: head.headers, remoteAddress, body: undefined };
}

export interface FastHttpServerOptions extends HttpServerOptions {
  /** Time allowed for a whole request head, in ms (node's headersTimeout); 408 after it. */
  headersTimeoutMs?: number;
}

export interface FastHttpServer {
  /** Listens here; connections it cannot serve go to node:http. */
  server: NetServer;
  /** Ends every connection once its responses are out (for a graceful shutdown). */
  closeConnections(): void;
  /** Drops every connection now. */
  destroyConnections(): void;
  /** The most response bytes any connection has had queued unsent (for tests of the bound). */
  peakUnsentBytes(): number;
}

interface Connection {
  socket: Socket;
  /** Ends the connection after what is under way. */
  finish(): void;
}

interface Shared {
  handler: HandlesRequests;
  log: Logger;
  fallback: HttpServer;
  headersTimeoutMs: number;
  /** Silence between requests after which a connection is closed: the announced keep-alive time and the grace. */
  idleTimeoutMs: number;
  /** The end of a kept-alive response's head, for HTTP/1.1 and HTTP/1.0. */
  keepAliveEnd: readonly [string, string];
  peakUnsent: number;
}

export function createFastHttpServer(handler: HandlesRequests, log: Logger, options: FastHttpServerOptions = {}): FastHttpServer {
  const headersTimeoutMs = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
  const fallback = createHttpServer(handler, log, { ...options, headersTimeoutMs, keepAliveTimeoutMs });
  // Whole seconds, as node:http announces it.
  const keepAlive = `Keep-Alive: timeout=${Math.floor(keepAliveTimeoutMs / 1000)}\r\n\r\n`;
  const shared: Shared = {
    handler,
    log,
    fallback,
    headersTimeoutMs,
    idleTimeoutMs: keepAliveTimeoutMs + KEEP_ALIVE_GRACE_MS,
    keepAliveEnd: [keepAlive, `Connection: keep-alive\r\n${keepAlive}`],
    peakUnsent: 0,
  };
  const connections = new Set<Connection>();
  // Half-open: a client may send its requests and shut its side; the answers still go out.
  const server = createNetServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    const connection = serveConnection(socket, shared);
    connections.add(connection);
    socket.on("close", () => connections.delete(connection));
  });
  return {
    server,
    closeConnections() {
      for (const connection of connections) connection.finish();
      fallback.closeIdleConnections();
    },
    destroyConnections() {
      for (const connection of connections) connection.socket.destroy();
      fallback.closeAllConnections();
    },
    peakUnsentBytes: () => shared.peakUnsent,
  };
}

function serveConnection(socket: Socket, shared: Shared): Connection {
  const { handler, log, fallback } = shared;
  const reader = new RequestHeadReader();
  /** Bytes received and not yet read: an unfinished head, or requests waiting for the responses to drain. */
  let buffered: Buffer | undefined;
  /** The last response still to be sent, when responses wait for an earlier one (pipelining). */
  let tail: Promise<void> | undefined;
  let inFlight = 0;
  let closing = false;
  let handedOff = false;
  /** Reading stopped until unsent responses drain or in-flight ones are answered. */
  let held = false;
  let headTimer: NodeJS.Timeout | undefined;
  const onIdle = (): void => {
    socket.destroy();
  };
  socket.setTimeout(shared.idleTimeoutMs);
  socket.on("timeout", onIdle);
  socket.on("error", () => socket.destroy());

  const afterPending = (then: () => void): void => {
    if (tail) void tail.then(then);
    else then();
  };

  const stopHeadTimer = (): void => {
    if (headTimer) clearTimeout(headTimer);
    headTimer = undefined;
  };

  /** Answers a refusal of the front's own after the responses under way, and closes. */
  const refuse = (response: Buffer): void => {
    closing = true;
    stopHeadTimer();
    buffered = undefined;
    afterPending(() => {
      if (!socket.destroyed) socket.end(response);
    });
  };

  const handOff = (rest: Buffer): void => {
    handedOff = true;
    stopHeadTimer();
    buffered = undefined;
    socket.removeListener("data", onData);
    socket.removeListener("end", onEnd);
    socket.removeListener("timeout", onIdle);
    socket.setTimeout(0);
    socket.pause();
    afterPending(() => {
      if (socket.destroyed) return;
      if (rest.length > 0) socket.unshift(rest);
      fallback.emit("connection", socket);
      socket.resume();
    });
  };

  const send = (method: string, response: BlahgResponse, head: RequestHead, keepAlive: boolean, start: bigint, url: string): void => {
    if (socket.destroyed) return;
    // An HTTP/1.0 client keeps the connection only when told so.
    const connection = !keepAlive ? "Connection: close\r\n\r\n" : shared.keepAliveEnd[head.minor === 0 ? 1 : 0];
    const bodyless = method === "HEAD" || response.status === 304;
    socket.cork();
    socket.write(headOf(response));
    socket.write(currentDateLine() + connection, "latin1");
    if (!bodyless && response.body.length > 0) socket.write(response.body);
    socket.uncork();
    if (socket.writableLength > shared.peakUnsent) shared.peakUnsent = socket.writableLength;
    if (!keepAlive) socket.end();
    logRequest(log, { method, url, remote: socket.remoteAddress, start }, response.status, bodyless ? 0 : response.body.length);
  };

  const failed = (error: unknown, url: string): BlahgResponse => {
    log.error("request failed", { url, error: error instanceof Error ? error.stack : String(error) });
    return internalError();
  };

  /** Stops reading until the client takes its responses (or the pending ones are answered). */
  const hold = (): void => {
    held = true;
    socket.pause();
  };

  const release = (): void => {
    if (!held || socket.destroyed) return;
    held = false;
    socket.resume();
    pump();
  };

  socket.on("drain", release);

  /** Reads and answers the requests in `buffered` while the bounds allow. */
  function pump(): void {
    let data = buffered;
    buffered = undefined;
    while (data && data.length > 0 && !closing) {
      if (socket.writableLength > MAX_UNSENT_BYTES || inFlight >= MAX_IN_FLIGHT) {
        buffered = data;
        return hold();
      }
      const head = reader.read(data);
      if (head === "partial") {
        buffered = data;
        headTimer ??= setTimeout(() => refuse(REQUEST_TIMEOUT), shared.headersTimeoutMs);
        return;
      }
      if (head === "hand-off") return handOff(data);
      const request = toRequest(head, socket.remoteAddress);
      if (!request) return handOff(data);
      reader.reset();
      stopHeadTimer();
      data = data.subarray(head.length);
      serve(request, head);
    }
  }

  function serve(request: BlahgRequest, head: RequestHead): void {
    const start = process.hrtime.bigint();
    const url = request.query === "" ? request.path : `${request.path}?${request.query}`;
    const connection = head.headers.connection;
    const keepAlive = head.minor === 1 ? !hasToken(connection, "close") : hasToken(connection, "keep-alive");
    if (!keepAlive) closing = true;
    let result: BlahgResponse | Promise<BlahgResponse>;
    try {
      result = handler.handle(request);
    } catch (error) {
      result = failed(error, url);
    }
    if (!tail && !(result instanceof Promise)) return send(request.method, result, head, keepAlive, start, url);
    // The connection is not idle while its client waits for an answer.
    if (inFlight === 0) socket.setTimeout(0);
    inFlight++;
    const sent: Promise<void> = (tail ?? Promise.resolve())
      .then(() => result)
      .catch((error: unknown) => failed(error, url))
      .then((response) => send(request.method, response, head, keepAlive, start, url))
      .finally(() => {
        inFlight--;
        if (inFlight === 0 && !handedOff && !socket.destroyed) socket.setTimeout(shared.idleTimeoutMs);
        if (tail === sent) tail = undefined;
        if (socket.writableLength <= MAX_UNSENT_BYTES) release();
      });
    tail = sent;
  }

  function onData(chunk: Buffer): void {
    buffered = buffered ? Buffer.concat([buffered, chunk]) : chunk;
    pump();
  }

  /** The client shut its side: answer what is under way; an unfinished head gets node's 400. */
  function onEnd(): void {
    if (closing) return;
    if (buffered && buffered.length > 0) return refuse(BAD_REQUEST);
    closing = true;
    stopHeadTimer();
    afterPending(() => socket.end());
  }

  socket.on("data", onData);
  socket.on("end", onEnd);
  socket.on("close", stopHeadTimer);
  return {
    socket,
    finish() {
      if (handedOff) return;
      closing = true;
      afterPending(() => socket.end());
    },
  };
}
