/**
 * The HTTP/1.1 front over raw sockets: keep-alive, pipelining in order,
 * HTTP/1.0, Connection: close, HEAD, and the hand-off of everything unusual
 * (bodies, chunked encoding, huge or folded headers) to node:http.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import type { RunningBlog } from "../src/server/start-blog.js";
import { startTestBlog } from "./support/test-blog.js";

let blog: RunningBlog;
let port: number;
before(async () => {
  blog = await startTestBlog();
  port = Number(new URL(blog.url).port);
});
after(() => blog.close());

/** Sends raw bytes, returns everything the server sends until it closes (or `quietMs` of silence). */
function exchange(data: string | Buffer, quietMs = 300): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let timer = setTimeout(() => socket.destroy(), quietMs);
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), quietMs);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("latin1"));
    });
    socket.on("error", reject);
    socket.write(data);
  });
}

function statuses(raw: string): number[] {
  return [...raw.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
}

describe("the HTTP/1.1 front", () => {
  it("answers pipelined requests on one connection, in order", async () => {
    const raw = await exchange("GET /?p=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /?p=99 HTTP/1.1\r\nHost: x\r\n\r\nGET /style.css HTTP/1.1\r\nHost: x\r\n\r\n");
    assert.deepEqual(statuses(raw), [200, 404, 200]);
    assert.ok(raw.indexOf("New Year") < raw.indexOf("text/css"));
  });
  it("sends Date and Content-Length, and a HEAD response without a body", async () => {
    const raw = await exchange("HEAD /?p=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert.match(raw, /\r\nDate: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} /);
    const length = Number(/Content-Length: (\d+)/.exec(raw)?.[1]);
    assert.ok(length > 1000);
    assert.ok(raw.endsWith("\r\n\r\n"), "no body after the head");
  });
  it("closes after Connection: close, and after an HTTP/1.0 request without keep-alive", async () => {
    const start = Date.now();
    assert.deepEqual(statuses(await exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 3000)), [200]);
    assert.deepEqual(statuses(await exchange("GET / HTTP/1.0\r\n\r\n", 3000)), [200]);
    assert.ok(Date.now() - start < 2500, "the server closed the connections itself");
  });
  it("hands a request with a body, after earlier pipelined ones, to node:http", async () => {
    const raw = await exchange("GET /?p=1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /?p=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /?p=2 HTTP/1.1\r\nHost: x\r\n\r\n");
    assert.deepEqual(statuses(raw), [200, 405, 200]);
  });
  it("hands chunked and folded requests to node:http", async () => {
    assert.deepEqual(statuses(await exchange("POST /?p=1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")), [405]);
    // node:http refuses obsolete line folding with a 400.
    assert.deepEqual(statuses(await exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n")), [400]);
  });
  it("refuses oversized headers without dying", async () => {
    const raw = await exchange(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(70_000)}\r\n\r\n`);
    assert.match(raw, /HTTP\/1\.1 431 /);
    assert.deepEqual(statuses(await exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), [200]);
  });
  it("survives garbage and half requests", async () => {
    await exchange("\x00\x01\x02 garbage\r\n\r\n");
    await exchange("GET / HTTP/1.1\r\nHost: x\r\n");
    assert.deepEqual(statuses(await exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), [200]);
  });
  it("answers a request split across many small writes", async () => {
    const raw = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      const request = "GET /?p=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
      let out = "";
      socket.on("data", (c: Buffer) => (out += c.toString("latin1")));
      socket.on("close", () => resolve(out));
      let i = 0;
      const step = (): void => {
        if (i < request.length) {
          socket.write(request.slice(i, i + 3));
          i += 3;
          setTimeout(step, 2);
        }
      };
      step();
    });
    assert.deepEqual(statuses(raw), [200]);
  });
});
