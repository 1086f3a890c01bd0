/** A raw SCGI client for tests: builds netstring requests, sends bytes, splits the answer. */

import { connect } from "node:net";

/** `len:NAME\0value\0...,` from pairs in the given order (names may repeat, on purpose). */
export function scgiNetstring(pairs: ReadonlyArray<readonly [string, string]>): Buffer {
  const block = Buffer.from(pairs.map(([name, value]) => `${name}\0${value}\0`).join(""), "latin1");
  return Buffer.concat([Buffer.from(`${block.length}:`), block, Buffer.from(",")]);
}

/** What nginx sends for a GET of `uri`, plus `extra` pairs; CONTENT_LENGTH first, as the SCGI spec asks. */
export function scgiGet(uri: string, extra: ReadonlyArray<readonly [string, string]> = [], method = "GET", body = ""): Buffer {
  const q = uri.indexOf("?");
  const path = q === -1 ? uri : uri.slice(0, q);
  const pairs: Array<readonly [string, string]> = [
    ["CONTENT_LENGTH", String(Buffer.byteLength(body))],
    ["SCGI", "1"],
    ["REQUEST_METHOD", method],
    ["REQUEST_URI", uri],
    ["QUERY_STRING", q === -1 ? "" : uri.slice(q + 1)],
    ["DOCUMENT_URI", decodeURIComponent(path)],
    ["SERVER_PROTOCOL", "HTTP/1.1"],
    ["REMOTE_ADDR", "192.0.2.7"],
    ["REMOTE_PORT", "40000"],
    ["SERVER_PORT", "80"],
    ["SERVER_NAME", "blog.test"],
    ["HTTP_HOST", "blog.test"],
    ...extra,
  ];
  return Buffer.concat([scgiNetstring(pairs), Buffer.from(body)]);
}

export interface ScgiExchange {
  /** Everything the server sent before closing. */
  raw: Buffer;
  /** How the connection ended: the server closed it cleanly, or it was reset. */
  ended: "closed" | "reset";
}

/**
 * Connects, sends `parts` (with `delayMs` between them), optionally
 * half-closes, and collects the answer until the server closes.
 */
export function scgiExchange(
  port: number,
  parts: Buffer | string | Array<Buffer | string>,
  options: { delayMs?: number; halfClose?: boolean; destroyAfterMs?: number } = {},
): Promise<ScgiExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let reset = false;
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ECONNRESET" || e.code === "EPIPE") reset = true;
      else reject(e);
    });
    socket.on("close", () => resolve({ raw: Buffer.concat(chunks), ended: reset ? "reset" : "closed" }));
    const list = Array.isArray(parts) ? parts : [parts];
    const send = async (): Promise<void> => {
      for (let i = 0; i < list.length; i++) {
        if (i > 0 && options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
        if (socket.destroyed) return;
        socket.write(list[i]!);
      }
      if (options.destroyAfterMs !== undefined) setTimeout(() => socket.destroy(), options.destroyAfterMs);
      else if (options.halfClose !== false) socket.end();
    };
    socket.on("connect", () => void send());
  });
}

export interface ScgiResponse {
  statusLine: string;
  status: number;
  /** Header lines in the order sent. */
  headerLines: string[];
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

/** Splits an SCGI answer at its first empty line; throws if there is none. */
export function parseScgiResponse(raw: Buffer): ScgiResponse {
  const end = raw.indexOf("\n\n");
  if (end === -1) throw new Error(`no end of head in ${JSON.stringify(raw.toString("latin1").slice(0, 200))}`);
  const [statusLine = "", ...headerLines] = raw.toString("latin1", 0, end).split("\n");
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(": ");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 2);
  }
  const match = /^Status: (\d{3})/.exec(statusLine);
  return { statusLine, status: match ? Number(match[1]) : NaN, headerLines, headers, body: raw.subarray(end + 2) };
}

/** One request, one parsed answer. */
export async function scgiFetch(port: number, request: Buffer): Promise<ScgiResponse> {
  return parseScgiResponse((await scgiExchange(port, request)).raw);
}
