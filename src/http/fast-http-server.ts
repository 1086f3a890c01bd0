/**
 * The HTTP/1.1 server. Plain GET and HEAD requests, which is nearly all a
 * blog gets, are read and answered here directly on the socket, with the
 * response head serialized once per cached response: node:http's request
 * and response objects cost more than serving a cached page does. Anything
 * else (a body, chunked encoding, `Expect`, `Upgrade`, an odd request line,
 * folded or oversized headers) is handed with its connection to node:http,
 * which handles the full protocol.
 *
 * Keep-alive and pipelining are supported; responses go out in request order.
 */

import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { STATUS_CODES, type Server as HttpServer } from "node:http";
import type { Logger } from "../log.js";
import type { RequestHandler } from "./handler.js";
import { createHttpServer, type HttpServerOptions } from "./node-server.js";
import { internalError, logRequest, type BlahgRequest, type BlahgResponse } from "./request.js";

/** The largest request head read here; larger ones go to node:http (which answers 431). */
const MAX_HEAD = 16 * 1024;
const IDLE_TIMEOUT_MS = 5000;
const CRLFCRLF = Buffer.from("\r\n\r\n");

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

interface Parsed {
  request: BlahgRequest;
  /** Whether the connection stays open after the response. */
  keepAlive: boolean;
}

/** Reads a simple GET/HEAD request head; undefined when node:http should handle it. */
function parseHead(head: string, remoteAddress: string | undefined): Parsed | undefined {
  const lineEnd = head.indexOf("\r\n");
  const requestLine = lineEnd === -1 ? head : head.slice(0, lineEnd);
  const match = /^(GET|HEAD) (\/[^ ]*) HTTP\/1\.([01])$/.exec(requestLine);
  if (!match) return undefined;
  const headers: Record<string, string> = {};
  if (lineEnd !== -1) {
    for (const line of head.slice(lineEnd + 2).split("\r\n")) {
      const colon = line.indexOf(":");
      // A folded line, a line without a name, or control characters: leave it to node:http.
      if (colon <= 0 || line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9 || /[\0-\x08\x0a-\x1f\x7f]/.test(line)) return undefined;
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "transfer-encoding" || name === "expect" || name === "upgrade") return undefined;
      if (name === "content-length" && (value !== "0" || headers[name] !== undefined)) return undefined;
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
  }
  const target = match[2]!;
  const q = target.indexOf("?");
  let path: string;
  try {
    path = decodeURIComponent(q === -1 ? target : target.slice(0, q));
  } catch {
    return undefined;
  }
  const connection = headers.connection?.toLowerCase() ?? "";
  const keepAlive = match[3] === "1" ? !connection.includes("close") : connection.includes("keep-alive");
  return {
    request: { method: match[1]!, path, query: q === -1 ? "" : target.slice(q + 1), headers, remoteAddress, body: undefined },
    keepAlive,
  };
}

export interface FastHttpServer {
  /** Listens here; connections it cannot serve go to node:http. */
  server: NetServer;
  /** Ends every connection once its responses are out (for a graceful shutdown). */
  closeConnections(): void;
  /** Drops every connection now. */
  destroyConnections(): void;
}

interface Connection {
  socket: Socket;
  /** Ends the connection after what is under way. */
  finish(): void;
}

export function createFastHttpServer(handler: RequestHandler, log: Logger, options: HttpServerOptions = {}): FastHttpServer {
  const fallback = createHttpServer(handler, log, options);
  const connections = new Set<Connection>();
  const server = createNetServer({ noDelay: true }, (socket) => {
    const connection = serveConnection(socket, handler, log, fallback);
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
  };
}

function serveConnection(socket: Socket, handler: RequestHandler, log: Logger, fallback: HttpServer): Connection {
  let buffered: Buffer | undefined;
  /** The last response still to be sent, when responses wait for an earlier one (pipelining). */
  let tail: Promise<void> | undefined;
  let closing = false;
  let handedOff = false;
  socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
  socket.on("error", () => socket.destroy());

  const afterPending = (then: () => void): void => {
    if (tail) void tail.then(then);
    else then();
  };

  const handOff = (rest: Buffer): void => {
    handedOff = true;
    socket.removeListener("data", onData);
    socket.setTimeout(0);
    socket.pause();
    afterPending(() => {
      if (socket.destroyed) return;
      if (rest.length > 0) socket.unshift(rest);
      fallback.emit("connection", socket);
      socket.resume();
    });
  };

  const send = (method: string, response: BlahgResponse, keepAlive: boolean, start: bigint, url: string): void => {
    if (socket.destroyed) return;
    const tailLines = currentDateLine() + (keepAlive ? "\r\n" : "Connection: close\r\n\r\n");
    const bodyless = method === "HEAD" || response.status === 304;
    socket.cork();
    socket.write(headOf(response));
    socket.write(tailLines, "latin1");
    if (!bodyless && response.body.length > 0) socket.write(response.body);
    socket.uncork();
    if (!keepAlive) socket.end();
    logRequest(log, { method, url, remote: socket.remoteAddress, start }, response.status, bodyless ? 0 : response.body.length);
  };

  const failed = (error: unknown, url: string): BlahgResponse => {
    log.error("request failed", { url, error: error instanceof Error ? error.stack : String(error) });
    return internalError();
  };

  function onData(chunk: Buffer): void {
    let data = buffered ? Buffer.concat([buffered, chunk]) : chunk;
    buffered = undefined;
    while (!closing) {
      const end = data.indexOf(CRLFCRLF);
      if (end === -1) {
        if (data.length > MAX_HEAD) return handOff(data);
        if (data.length > 0) buffered = data;
        return;
      }
      const parsed = end > MAX_HEAD ? undefined : parseHead(data.toString("latin1", 0, end), socket.remoteAddress);
      if (!parsed) return handOff(data);
      data = data.subarray(end + 4);
      const start = process.hrtime.bigint();
      const { request, keepAlive } = parsed;
      const url = request.query === "" ? request.path : `${request.path}?${request.query}`;
      if (!keepAlive) closing = true;
      let result: BlahgResponse | Promise<BlahgResponse>;
      try {
        result = handler.handle(request);
      } catch (error) {
        result = failed(error, url);
      }
      if (!tail && !(result instanceof Promise)) {
        send(request.method, result, keepAlive, start, url);
        continue;
      }
      const sent: Promise<void> = (tail ?? Promise.resolve())
        .then(() => result)
        .catch((error: unknown) => failed(error, url))
        .then((response) => send(request.method, response, keepAlive, start, url))
        .finally(() => {
          if (tail === sent) tail = undefined;
        });
      tail = sent;
    }
  }

  socket.on("data", onData);
  return {
    socket,
    finish() {
      if (handedOff) return;
      closing = true;
      afterPending(() => socket.end());
    },
  };
}
