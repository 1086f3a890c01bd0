import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect, type AddressInfo } from "node:net";
import { createLogger } from "../log.js";
import type { BlahgRequest, BlahgResponse } from "./request.js";
import {
  createScgiServer,
  formatRenderTime,
  formatScgiHead,
  parseHeaderBlock,
  scgiToBlahgRequest,
  ScgiRequestReader,
  type ScgiReadResult,
  type ScgiServer,
} from "./scgi-server.js";

function netstring(pairs: Array<[string, string]>): Buffer {
  const block = Buffer.from(pairs.map(([n, v]) => `${n}\0${v}\0`).join(""), "latin1");
  return Buffer.concat([Buffer.from(`${block.length}:`), block, Buffer.from(",")]);
}

const BASIC: Array<[string, string]> = [
  ["CONTENT_LENGTH", "0"],
  ["SCGI", "1"],
  ["REQUEST_METHOD", "GET"],
  ["DOCUMENT_URI", "/"],
  ["QUERY_STRING", "p=1"],
];

function read(bytes: Buffer | string, options = {}): ScgiReadResult {
  return new ScgiRequestReader(options).push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, "latin1"));
}

function problemOf(result: ScgiReadResult): { status: number | undefined; reason: string } {
  assert.equal(result.state, "error", JSON.stringify(result));
  return result.state === "error" ? result.problem : { status: -1, reason: "" };
}

function headersOf(pairs: Array<[string, string]>): Map<string, string> {
  return new Map(pairs);
}

describe("reading an SCGI request", () => {
  it("reads the netstring and exactly CONTENT_LENGTH body bytes", () => {
    const bytes = Buffer.concat([netstring([["CONTENT_LENGTH", "5"], ["SCGI", "1"], ["REQUEST_METHOD", "POST"]]), Buffer.from("hello")]);
    const result = read(bytes);
    assert.equal(result.state, "done");
    if (result.state !== "done") return;
    assert.equal(result.headers.get("REQUEST_METHOD"), "POST");
    assert.equal(result.body.toString(), "hello");
  });
  it("reads the same request split into single bytes", () => {
    const bytes = Buffer.concat([netstring([...BASIC.slice(1), ["CONTENT_LENGTH", "3"]]), Buffer.from("abc")]);
    const reader = new ScgiRequestReader();
    let result: ScgiReadResult = { state: "more" };
    for (let i = 0; i < bytes.length; i++) {
      assert.equal(result.state, "more", `finished early at byte ${i}`);
      result = reader.push(bytes.subarray(i, i + 1));
    }
    assert.equal(result.state, "done");
    if (result.state === "done") assert.equal(result.body.toString(), "abc");
  });
  it("finishes on the comma when the body is empty", () => {
    assert.equal(read(netstring(BASIC)).state, "done");
  });
  it("ignores bytes after the body (one request per connection)", () => {
    const result = read(Buffer.concat([netstring(BASIC), Buffer.from("GET / HTTP/1.1\r\n")]));
    assert.equal(result.state, "done");
    if (result.state === "done") assert.equal(result.body.length, 0);
  });
  it("keeps header bytes as latin1, one character per byte", () => {
    const result = read(netstring([...BASIC, ["HTTP_X", "\xe9"]]));
    assert.equal(result.state === "done" && result.headers.get("HTTP_X"), "\xe9");
  });

  describe("closes without a response when the netstring is not one", () => {
    const cases: Array<[string, string]> = [
      ["a length that is not digits", "GET / HTTP/1.1\r\n\r\n"],
      ["a length with a leading zero", "012:"],
      ["a netstring without a length", ":abc,"],
      ["a missing ':' after the length", "12abc"],
      ["a missing ',' after the block", "4:a\0b\0;"],
    ];
    for (const [name, bytes] of cases) {
      it(`rejects ${name}`, () => assert.equal(problemOf(read(bytes)).status, undefined));
    }
  });

  it("answers 431 to a header block over the limit, as soon as the length shows it", () => {
    assert.equal(problemOf(read("65537:")).status, 431);
    assert.equal(problemOf(read("999999999999")).status, 431);
    assert.equal(problemOf(read("101:", { maxHeaderBytes: 100 })).status, 431);
    assert.equal(read("100:", { maxHeaderBytes: 100 }).state, "more");
  });
  it("answers 413 to a CONTENT_LENGTH over the limit without waiting for the body", () => {
    const result = read(netstring([["CONTENT_LENGTH", "1048577"], ["SCGI", "1"], ["REQUEST_METHOD", "POST"]]));
    assert.equal(problemOf(result).status, 413);
    assert.equal(read(netstring([["CONTENT_LENGTH", "11"], ["SCGI", "1"], ["REQUEST_METHOD", "POST"]]), { maxBodyBytes: 10 }).state, "error");
  });

  describe("answers 400 to a readable block with bad contents", () => {
    const cases: Array<[string, Buffer | string]> = [
      ["an odd number of fields", "4:a\0b\0c\0,".replace("4:", "6:")],
      ["a block not ending in NUL", "3:a\0b,"],
      ["an empty name", netstring([...BASIC, ["", "x"]])],
      ["an empty block (no SCGI)", "0:,"],
      ["no SCGI header", netstring(BASIC.filter(([n]) => n !== "SCGI"))],
      ["SCGI other than 1", netstring(BASIC.map(([n, v]) => [n, n === "SCGI" ? "2" : v]))],
      ["no CONTENT_LENGTH", netstring(BASIC.filter(([n]) => n !== "CONTENT_LENGTH"))],
      ["a non-numeric CONTENT_LENGTH", netstring(BASIC.map(([n, v]) => [n, n === "CONTENT_LENGTH" ? "-1" : v]))],
      ["no REQUEST_METHOD", netstring(BASIC.filter(([n]) => n !== "REQUEST_METHOD"))],
    ];
    for (const [name, bytes] of cases) {
      it(`rejects ${name}`, () => assert.equal(problemOf(read(bytes)).status, 400));
    }
  });

  it("stays finished once it has failed", () => {
    const reader = new ScgiRequestReader();
    assert.equal(reader.push(Buffer.from("x")).state, "error");
    assert.equal(reader.push(netstring(BASIC)).state, "error");
  });
  it("takes the first of repeated names, as nginx sends its own CONTENT_LENGTH before a configured one", () => {
    const result = read(netstring([["CONTENT_LENGTH", "0"], ["REQUEST_METHOD", "GET"], ["CONTENT_LENGTH", ""], ["SCGI", "1"]]));
    assert.equal(result.state, "done");
    if (result.state === "done") assert.equal(result.headers.get("CONTENT_LENGTH"), "0");
  });
  it("parses an empty header block to no headers", () => {
    assert.deepEqual(parseHeaderBlock(Buffer.alloc(0)), new Map());
  });
});

describe("turning SCGI headers into the one request type", () => {
  it("maps HTTP_* to lower-case header names, CONTENT_* too, and REMOTE_ADDR", () => {
    const request = scgiToBlahgRequest(
      headersOf([
        ...BASIC,
        ["HTTP_USER_AGENT", "Agent/1"],
        ["HTTP_IF_NONE_MATCH", '"abc"'],
        ["HTTP_ACCEPT_ENCODING", "gzip"],
        ["CONTENT_TYPE", "application/x-www-form-urlencoded"],
        ["REMOTE_ADDR", "192.0.2.1"],
        ["SERVER_NAME", "blog.test"],
      ]),
      Buffer.alloc(0),
    ) as BlahgRequest;
    assert.deepEqual(request, {
      method: "GET",
      path: "/",
      query: "p=1",
      headers: {
        "user-agent": "Agent/1",
        "if-none-match": '"abc"',
        "accept-encoding": "gzip",
        "content-type": "application/x-www-form-urlencoded",
        "content-length": "0",
      },
      remoteAddress: "192.0.2.1",
      body: undefined,
    });
  });
  it("gives only a POST its body, as the HTTP adapter does", () => {
    const body = Buffer.from("a=1");
    const post = scgiToBlahgRequest(headersOf([["REQUEST_METHOD", "POST"], ["CONTENT_LENGTH", "3"]]), body) as BlahgRequest;
    assert.equal(post.body, body);
    const get = scgiToBlahgRequest(headersOf([["REQUEST_METHOD", "GET"], ["CONTENT_LENGTH", "3"]]), body) as BlahgRequest;
    assert.equal(get.body, undefined);
  });
  it("reads DOCUMENT_URI's bytes as UTF-8, and refuses ones that are not", () => {
    const path = Buffer.from("/é", "utf8").toString("latin1");
    assert.equal((scgiToBlahgRequest(headersOf([["DOCUMENT_URI", path]]), Buffer.alloc(0)) as BlahgRequest).path, "/é");
    assert.equal((scgiToBlahgRequest(headersOf([["DOCUMENT_URI", "/\xff"]]), Buffer.alloc(0)) as { status: number }).status, 400);
  });
  it("falls back to REQUEST_URI's path, decoded, and its query", () => {
    const request = scgiToBlahgRequest(headersOf([["REQUEST_URI", "/style%2ecss?feed=atom"]]), Buffer.alloc(0)) as BlahgRequest;
    assert.equal(request.path, "/style.css");
    assert.equal(request.query, "feed=atom");
    assert.equal((scgiToBlahgRequest(headersOf([["REQUEST_URI", "/%zz"]]), Buffer.alloc(0)) as { status: number }).status, 400);
  });
  it("prefers QUERY_STRING over REQUEST_URI's query, even when empty", () => {
    const request = scgiToBlahgRequest(headersOf([["REQUEST_URI", "/?p=1"], ["QUERY_STRING", ""]]), Buffer.alloc(0)) as BlahgRequest;
    assert.equal(request.query, "");
  });
  it("gives a request with neither DOCUMENT_URI nor REQUEST_URI the path '' (a 404, where blahgd crashed)", () => {
    assert.equal((scgiToBlahgRequest(headersOf(BASIC.filter(([n]) => n !== "DOCUMENT_URI")), Buffer.alloc(0)) as BlahgRequest).path, "");
  });
});

describe("writing an SCGI response", () => {
  const response: BlahgResponse = {
    status: 200,
    headers: { "Content-Type": "text/html", ETag: '"x"', "Cache-Control": "no-cache", Vary: "Accept-Encoding", "content-length": "999" },
    body: Buffer.from("hello"),
  };
  it("writes Status with a reason phrase, then the headers sorted in byte order, LF only", () => {
    assert.equal(
      formatScgiHead(response, 1_500_000_000n)!.toString(),
      "Status: 200 OK\n" +
        "Cache-Control: no-cache\n" +
        "Content-Length: 5\n" +
        "Content-Type: text/html\n" +
        "ETag: \"x\"\n" +
        "Vary: Accept-Encoding\n" +
        "X-blahgd-render-time: 1.500000000\n" +
        "\n",
    );
  });
  it("names the reason of every status the core uses", () => {
    for (const [status, reason] of [[301, "Moved Permanently"], [304, "Not Modified"], [404, "Not Found"], [413, "Payload Too Large"], [503, "Service Unavailable"]] as const) {
      assert.match(formatScgiHead({ ...response, status }, 0n)!.toString(), new RegExp(`^Status: ${status} ${reason}\n`));
    }
  });
  it("refuses to write a header holding a line break", () => {
    assert.equal(formatScgiHead({ ...response, headers: { Location: "/\nSet-Cookie: x" } }, 0n), undefined);
  });
  it("writes the render time as seconds with nine decimals", () => {
    assert.equal(formatRenderTime(0n), "0.000000000");
    assert.equal(formatRenderTime(123_456_789n), "0.123456789");
    assert.equal(formatRenderTime(12_000_000_001n), "12.000000001");
  });
});

describe("the SCGI server, with a stand-in core", () => {
  let server: ScgiServer;
  let port: number;
  const lines: Array<Record<string, unknown>> = [];
  let slow: (() => void) | undefined;
  const log = createLogger({ level: "debug", write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });

  before(async () => {
    server = createScgiServer(
      {
        handle: async (request) => {
          if (request.query === "throw") throw new Error("boom");
          if (request.query === "slow") await new Promise<void>((resolve) => (slow = resolve));
          const text = JSON.stringify({ method: request.method, path: request.path, query: request.query, body: request.body?.toString() });
          return { status: 200, headers: { "Content-Type": "application/json" }, body: Buffer.from(text) };
        },
      },
      log,
      { requestTimeoutMs: 200, maxBodyBytes: 1000 },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  /** Sends `parts` and resolves with all the server sent before closing. */
  function exchange(parts: Array<Buffer | string>, options: { delayMs?: number; halfClose?: boolean; destroyAfterMs?: number; reset?: boolean } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      const chunks: Buffer[] = [];
      socket.on("data", (c: Buffer) => chunks.push(c));
      socket.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" ? undefined : reject(e)));
      socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
      socket.on("connect", async () => {
        for (const [i, part] of parts.entries()) {
          if (i > 0) await new Promise((r) => setTimeout(r, options.delayMs ?? 0));
          socket.write(part);
        }
        if (options.destroyAfterMs !== undefined) {
          setTimeout(() => (options.reset ? socket.resetAndDestroy() : socket.destroy()), options.destroyAfterMs);
        }
        else if (options.halfClose !== false) socket.end();
      });
    });
  }

  async function assertAlive(): Promise<void> {
    const answer = await exchange([netstring(BASIC)]);
    assert.match(answer, /^Status: 200 OK\n/);
    assert.match(answer, /"query":"p=1"/);
  }

  it("answers a request and closes the connection", async () => {
    const answer = await exchange([netstring(BASIC)]);
    assert.match(answer, /^Status: 200 OK\nContent-Length: \d+\nContent-Type: application\/json\nX-blahgd-render-time: \d+\.\d{9}\n\n\{/);
  });
  it("answers a client that keeps its side open, then closes", async () => {
    assert.match(await exchange([netstring(BASIC)], { halfClose: false }), /^Status: 200 OK\n/);
  });
  it("reads a header sent in slow pieces within the timeout", async () => {
    const bytes = netstring(BASIC);
    assert.match(await exchange([bytes.subarray(0, 3), bytes.subarray(3, 20), bytes.subarray(20)], { delayMs: 30 }), /^Status: 200 OK\n/);
  });
  it("passes a POST body of CONTENT_LENGTH bytes to the core", async () => {
    const request = netstring([["CONTENT_LENGTH", "7"], ["SCGI", "1"], ["REQUEST_METHOD", "POST"], ["DOCUMENT_URI", "/"], ["QUERY_STRING", "comment"]]);
    assert.match(await exchange([request, "a=1", "&b=2"], { delayMs: 20 }), /"body":"a=1&b=2"/);
  });
  it("sends no body to HEAD but the full Content-Length", async () => {
    const answer = await exchange([netstring(BASIC.map(([n, v]) => [n, n === "REQUEST_METHOD" ? "HEAD" : v]))]);
    const length = Number(/Content-Length: (\d+)/.exec(answer)![1]);
    assert.ok(length > 0);
    assert.ok(answer.endsWith("\n\n"));
  });
  it("logs one request line per request, like the HTTP adapter", async () => {
    lines.length = 0;
    await exchange([netstring([...BASIC, ["REQUEST_URI", "/?p=1"], ["REMOTE_ADDR", "192.0.2.9"]])]);
    const line = lines.find((l) => l.msg === "request");
    assert.ok(line);
    assert.deepEqual([line.method, line.url, line.status, line.remote], ["GET", "/?p=1", 200, "192.0.2.9"]);
    assert.equal(typeof line.ms, "number");
    assert.equal(typeof line.bytes, "number");
  });

  describe("lives on after bad input", () => {
    const silent: Array<[string, Array<Buffer | string>]> = [
      ["a non-digit length (an HTTP request on the SCGI port)", ["GET / HTTP/1.1\r\nHost: x\r\n\r\n"]],
      ["a length with leading zeros", ["0012:"]],
      ["a missing ':'", ["12abc\0def\0"]],
      ["a missing ','", [Buffer.concat([netstring(BASIC).subarray(0, -1), Buffer.from(";")])]],
    ];
    for (const [name, parts] of silent) {
      it(`closes without a response on ${name}`, async () => {
        assert.equal(await exchange(parts), "");
        await assertAlive();
      });
    }
    const answered: Array<[string, Array<Buffer | string>, RegExp]> = [
      ["an absurdly large length", ["99999999999999999999:"], /^Status: 431 Request Header Fields Too Large\n/],
      ["a header block over 64 KiB", [`${64 * 1024 + 1}:`, "x".repeat(1000)], /^Status: 431 /],
      ["an odd number of fields", ["6:a\0b\0c\0,"], /^Status: 400 Bad Request\n[^]*\n\nBad Request: header block has an odd number of fields\.\n$/],
      ["an empty name", [netstring([...BASIC, ["", "x"]])], /^Status: 400 /],
      ["a missing SCGI", [netstring(BASIC.filter(([n]) => n !== "SCGI"))], /^Status: 400 [^]*no SCGI header/],
      ["SCGI = 2", [netstring(BASIC.map(([n, v]) => [n, n === "SCGI" ? "2" : v]))], /^Status: 400 [^]*not 1/],
      ["a missing CONTENT_LENGTH", [netstring(BASIC.filter(([n]) => n !== "CONTENT_LENGTH"))], /^Status: 400 [^]*no CONTENT_LENGTH/],
      ["a non-numeric CONTENT_LENGTH", [netstring(BASIC.map(([n, v]) => [n, n === "CONTENT_LENGTH" ? "ten" : v]))], /^Status: 400 [^]*not a number/],
      ["a missing REQUEST_METHOD", [netstring(BASIC.filter(([n]) => n !== "REQUEST_METHOD"))], /^Status: 400 [^]*no REQUEST_METHOD/],
      ["a body over the limit", [netstring([["CONTENT_LENGTH", "1001"], ["SCGI", "1"], ["REQUEST_METHOD", "POST"]]), "x".repeat(1001)], /^Status: 413 Payload Too Large\n/],
      ["a core that throws", [netstring([...BASIC.filter(([n]) => n !== "QUERY_STRING"), ["QUERY_STRING", "throw"]])], /^Status: 500 Internal Server Error\n[^]*\n\nInternal server error\.\n$/],
    ];
    for (const [name, parts, expected] of answered) {
      it(`answers ${name}`, async () => {
        assert.match(await exchange(parts), expected);
        await assertAlive();
      });
    }
    it("answers 408 to a client that stops halfway through the header", async () => {
      const started = Date.now();
      const answer = await exchange([netstring(BASIC).subarray(0, 10)], { halfClose: false });
      assert.match(answer, /^Status: 408 Request Timeout\n/);
      assert.ok(Date.now() - started >= 150, "answered before the timeout");
      await assertAlive();
    });
    it("answers 408 to a client that sends the header too slowly", async () => {
      const bytes = netstring(BASIC);
      const pieces = Array.from({ length: Math.ceil(bytes.length / 5) }, (_, i) => bytes.subarray(i * 5, i * 5 + 5));
      assert.match(await exchange(pieces, { delayMs: 40 }), /^Status: 408 /);
      await assertAlive();
    });
    it("answers 408 to a body shorter than CONTENT_LENGTH", async () => {
      const request = netstring([["CONTENT_LENGTH", "10"], ["SCGI", "1"], ["REQUEST_METHOD", "POST"], ["DOCUMENT_URI", "/"]]);
      assert.match(await exchange([request, "abc"], { halfClose: false }), /^Status: 408 /);
      await assertAlive();
    });
    it("closes an idle connection silently at the timeout", async () => {
      assert.equal(await exchange([], { halfClose: false }), "");
      await assertAlive();
    });
    it("forgets a client that leaves before its request is complete", async () => {
      assert.equal(await exchange([netstring(BASIC).subarray(0, 10)]), "");
      assert.equal(await exchange([netstring(BASIC).subarray(0, 10)], { destroyAfterMs: 10 }), "");
      await assertAlive();
    });
    it("drops the answer of a client that resets the connection while the page renders", async () => {
      lines.length = 0;
      const request = netstring([...BASIC.filter(([n]) => n !== "QUERY_STRING"), ["QUERY_STRING", "slow"]]);
      assert.equal(await exchange([request], { destroyAfterMs: 20, reset: true }), "");
      await new Promise((r) => setTimeout(r, 20));
      slow?.();
      await assertAlive();
      assert.ok(lines.some((l) => l.msg === "scgi client left before the response"));
    });
    it("writes into the void, harmlessly, for a client that closed while the page rendered", async () => {
      const request = netstring([...BASIC.filter(([n]) => n !== "QUERY_STRING"), ["QUERY_STRING", "slow"]]);
      assert.equal(await exchange([request], { destroyAfterMs: 20 }), "");
      await new Promise((r) => setTimeout(r, 20));
      slow?.();
      await assertAlive();
    });
  });

  it("serves 50 connections at once", async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => exchange([netstring([...BASIC.slice(0, 4), ["QUERY_STRING", `p=${i}`]])])));
    answers.forEach((answer, i) => assert.match(answer, new RegExp(`"query":"p=${i}"`)));
  });
  it("drops idle connections when asked, and leaves none open after answering", async () => {
    const pending = exchange([], { halfClose: false });
    await new Promise((r) => setTimeout(r, 20));
    server.closeIdleConnections();
    assert.equal(await pending, "");
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(server.openConnections.size, 0);
  });
});
