/**
 * The HTTP/1.1 front over raw sockets: keep-alive, pipelining in order,
 * HTTP/1.0, Connection: close, HEAD, the hand-off of everything unusual
 * (bodies, chunked encoding, huge or folded headers) to node:http, and its
 * bounds (unsent responses, the head deadline, oversized bodies).
 * test/http-differential.test.ts compares it with node:http on generated heads.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent, request as httpRequest } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { createFastHttpServer, MAX_UNSENT_BYTES } from "../src/http/fast-http-server.js";
import type { HandlesRequests } from "../src/http/node-server.js";
import { plainResponse } from "../src/http/request.js";
import { createLogger, silentLogger } from "../src/log.js";
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
function exchange(data: string | Buffer, quietMs = 300, to = port): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(to, "127.0.0.1");
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

describe("the bounds of the HTTP/1.1 front", () => {
  let bounded: RunningBlog;
  let boundedPort: number;
  const logged: Record<string, unknown>[] = [];
  before(async () => {
    const log = createLogger({ write: (line) => logged.push(JSON.parse(line) as Record<string, unknown>) });
    bounded = await startTestBlog({ http: { headersTimeoutMs: 300 }, log });
    boundedPort = Number(new URL(bounded.url).port);
  });
  after(() => bounded.close());

  it("keeps an HTTP/1.0 keep-alive connection open and says so", async () => {
    const raw = await exchange("GET /?p=1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /?p=2 HTTP/1.0\r\n\r\n", 3000, boundedPort);
    assert.deepEqual(statuses(raw), [200, 200]);
    const [first, second] = raw.split(/(?=HTTP\/1\.1 )/);
    assert.match(first!, /\r\nConnection: keep-alive\r\n/);
    assert.match(second!, /\r\nConnection: close\r\n/);
  });

  it("stops reading from a client that pipelines without reading, and answers every request once it reads", async () => {
    const requests = 3000;
    const socket = connect(boundedPort, "127.0.0.1");
    socket.pause();
    socket.write("GET /?feed=atom HTTP/1.1\r\nHost: x\r\n\r\n".repeat(requests));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const peak = bounded.front.peakUnsentBytes();
    // One response may go past the bound (the last one written before reading stops).
    assert.ok(peak > 0 && peak < MAX_UNSENT_BYTES + 256 * 1024, `at most ${peak} bytes were queued`);
    const STATUS = "HTTP/1.1 200 ";
    let carry = ""; // the end of the last chunk, shorter than STATUS: a status line may be cut between chunks
    let answered = 0;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 20_000);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      socket.on("data", (c: Buffer) => {
        const text = carry + c.toString("latin1");
        answered += text.split(STATUS).length - 1;
        carry = text.slice(-(STATUS.length - 1));
        if (answered === requests) done();
      });
      socket.on("close", done);
      socket.on("error", () => {});
      socket.resume();
    });
    socket.destroy();
    assert.equal(answered, requests);
    assert.ok(bounded.front.peakUnsentBytes() < MAX_UNSENT_BYTES + 256 * 1024);
  });

  it("answers 408 to a head that trickles in past the deadline, even when every byte comes in time", async () => {
    const start = Date.now();
    const raw = await new Promise<string>((resolve) => {
      const socket = connect(boundedPort, "127.0.0.1");
      let out = "";
      const head = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200);
      let i = 0;
      const timer = setInterval(() => {
        if (Date.now() - start > 5000) socket.destroy(); // a server without a deadline never answers
        else if (!socket.destroyed) socket.write(head[i++ % head.length]!);
      }, 20);
      socket.on("data", (c: Buffer) => (out += c.toString("latin1")));
      socket.on("error", () => {});
      socket.on("close", () => {
        clearInterval(timer);
        resolve(out);
      });
    });
    assert.deepEqual(statuses(raw), [408]);
    assert.ok(Date.now() - start < 2000, "closed soon after the deadline");
  });

  it("answers 413 to a chunked comment body over the limit, without a reset", async () => {
    const chunk = "a".repeat(16 * 1024);
    const body = Array.from({ length: 20 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join("") + "0\r\n\r\n";
    const raw = await exchange(
      `POST /?comment=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n${body}`,
      3000,
      boundedPort,
    );
    assert.deepEqual(statuses(raw), [413]);
    assert.match(raw, /\r\nConnection: close\r\n/);
  });

  it("does not log a failure when a client leaves in the middle of a body", async () => {
    logged.length = 0;
    await new Promise<void>((resolve) => {
      const socket = connect(boundedPort, "127.0.0.1");
      socket.write("POST /?comment=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\nContent-Length: 1000\r\n\r\nc=abc");
      setTimeout(() => socket.destroy(), 100);
      socket.on("close", () => setTimeout(resolve, 200));
    });
    assert.deepEqual(logged.filter((entry) => entry.level === "error" || entry.status === 500), []);
    assert.ok(logged.some((entry) => entry.msg === "client left mid-request"), JSON.stringify(logged));
  });
});

describe("kept-alive connections of the HTTP/1.1 front", () => {
  it("announce how long an idle connection is kept, as node:http does", async () => {
    const raw = await exchange("GET /?p=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /?p=1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /?p=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const heads = raw.split(/HTTP\/1\.1 /).slice(1).map((response) => response.slice(0, response.indexOf("\r\n\r\n")));
    assert.equal(heads.length, 3);
    assert.match(heads[0]!, /\r\nKeep-Alive: timeout=5$/);
    assert.doesNotMatch(heads[0]!, /\r\nConnection:/);
    assert.match(heads[1]!, /\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5$/);
    assert.match(heads[2]!, /\r\nConnection: close$/);
    assert.doesNotMatch(heads[2]!, /Keep-Alive/);
  });

  /** A front announcing `keepAliveTimeoutMs`, whose answers to `/slow...` take 2.1 s: longer than one second and the grace. */
  async function startFront(keepAliveTimeoutMs = 1000): Promise<{ port: number; close(): void }> {
    const answer = (path: string) => plainResponse(200, path);
    const handler: HandlesRequests = {
      handle: (request) =>
        request.path.startsWith("/slow") ? new Promise((resolve) => setTimeout(() => resolve(answer(request.path)), 2100)) : answer(request.path),
    };
    const front = createFastHttpServer(handler, silentLogger, { keepAliveTimeoutMs });
    await new Promise<void>((resolve) => front.server.listen(0, "127.0.0.1", resolve));
    return {
      port: (front.server.address() as AddressInfo).port,
      close() {
        front.destroyConnections();
        front.server.close();
      },
    };
  }

  /** Sends a request on an open socket and waits for its whole (short, plain-text) response. */
  function ask(socket: Socket, path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      let raw = "";
      const onData = (chunk: Buffer): void => {
        raw += chunk.toString("latin1");
        const length = Number(/Content-Length: (\d+)/.exec(raw)?.[1]);
        const bodyAt = raw.indexOf("\r\n\r\n") + 4;
        if (bodyAt >= 4 && raw.length >= bodyAt + length) {
          socket.off("data", onData);
          socket.off("close", onClose);
          socket.off("error", reject);
          resolve(raw);
        }
      };
      const onClose = (): void => reject(new Error(`the connection closed before the answer to ${path}: ${JSON.stringify(raw)}`));
      if (socket.closed || socket.readyState === "readOnly") return onClose();
      socket.on("data", onData);
      socket.once("close", onClose);
      socket.once("error", reject);
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    });
  }

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  it("stay open a grace period past the announced time, then close", async () => {
    const front = await startFront();
    try {
      const socket = connect(front.port, "127.0.0.1");
      const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
      assert.match(await ask(socket, "/first"), /Keep-Alive: timeout=1\r\n\r\n\/first$/);
      await sleep(1300); // past the announced second, within the grace
      assert.match(await ask(socket, "/second"), /\/second$/);
      const idleFrom = Date.now();
      await closed;
      assert.ok(Date.now() - idleFrom >= 1500, `closed after ${Date.now() - idleFrom} ms of silence`);
    } finally {
      front.close();
    }
  });

  it("are not closed while a slow answer is being computed", async () => {
    const front = await startFront();
    try {
      const socket = connect(front.port, "127.0.0.1");
      assert.match(await ask(socket, "/slow"), /\/slow$/);
      assert.match(await ask(socket, "/again"), /\/again$/);
      socket.destroy();
    } finally {
      front.close();
    }
  });

  it("do not reset the request of a node client whose event loop stalled past the announced time", async () => {
    // Two seconds: node's agent keeps no connection from a server that announces one.
    const front = await startFront(2000);
    // node's global agent: kept alive, given up after 5 s or a second before the server's announced time.
    const agent = new Agent({ keepAlive: true, timeout: 5000 });
    const get = (path: string): Promise<{ status: number; reused: boolean }> =>
      new Promise((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port: front.port, path, agent }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on("error", reject);
        req.end();
      });
    try {
      assert.deepEqual(await get("/first"), { status: 200, reused: false });
      // A long synchronous step: neither the agent's timer nor the server's fires meanwhile.
      const until = Date.now() + 2300;
      while (Date.now() < until);
      assert.deepEqual(await get("/second"), { status: 200, reused: true });
    } finally {
      agent.destroy();
      front.close();
    }
  });
});
