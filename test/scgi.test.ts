/**
 * The test blog served over SCGI, talked to with raw netstrings on a TCP
 * socket, as nginx does: blahgd's response framing (spec 4.1), the same
 * answers as the HTTP adapter gives, and a server that lives on after
 * every kind of bad input.
 */

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import type { RunningBlog } from "../src/server/start-blog.js";
import { rawRequest, startTestBlog } from "./support/test-blog.js";
import { parseScgiResponse, scgiExchange, scgiFetch, scgiGet, scgiNetstring, type ScgiResponse } from "./support/scgi-client.js";

let blog: RunningBlog;
let port: number;
before(async () => {
  blog = await startTestBlog({ scgiPort: 0, scgi: { requestTimeoutMs: 200 } });
  port = blog.scgiAddress!.port;
});
after(() => blog.close());

function get(uri: string, extra: Array<readonly [string, string]> = [], method = "GET"): Promise<ScgiResponse> {
  return scgiFetch(port, scgiGet(uri, extra, method));
}

/** HTTP-only headers that SCGI leaves to the front end. */
const HTTP_ONLY = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

function assertFramedLikeBlahgd(response: ScgiResponse): void {
  assert.match(response.statusLine, /^Status: \d{3} [A-Za-z ]+$/);
  const names = response.headerLines.map((line) => line.slice(0, line.indexOf(":")));
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), "headers sorted by name in byte order");
  for (const line of response.headerLines) assert.match(line, /^[A-Za-z][A-Za-z0-9-]*: [^\r]*$/);
  assert.equal(response.headers["content-length"], String(response.body.length));
  assert.match(response.headers["x-blahgd-render-time"] ?? "", /^\d+\.\d{9}$/);
}

/** The SCGI answer has the HTTP adapter's status, headers and body for the same URL. */
async function assertSameAsHttp(uri: string, headers: Record<string, string> = {}, extra: Array<readonly [string, string]> = []): Promise<ScgiResponse> {
  const scgi = await get(uri, extra);
  const http = await rawRequest(blog.url + uri, { headers });
  assertFramedLikeBlahgd(scgi);
  assert.equal(scgi.status, http.status, uri);
  assert.deepEqual(scgi.body, http.body, uri);
  for (const [name, value] of Object.entries(http.headers)) {
    if (!HTTP_ONLY.has(name)) assert.equal(scgi.headers[name], value, `${uri}: ${name}`);
  }
  return scgi;
}

describe("SCGI answers, framed as blahgd framed them", () => {
  it("answers / with 200, sorted headers and the HTTP adapter's body", async () => {
    const response = await assertSameAsHttp("/");
    assert.equal(response.statusLine, "Status: 200 OK");
    assert.match(response.body.toString(), /March post/);
  });
  it("answers /?p=1 with the story", async () => {
    const response = await assertSameAsHttp("/?p=1");
    assert.match(response.body.toString(), /New Year/);
  });
  it("uses bare LF line ends and an empty line before the body", async () => {
    const { raw } = await scgiExchange(port, scgiGet("/?p=1"));
    const head = raw.toString("latin1", 0, raw.indexOf("\n\n") + 2);
    assert.doesNotMatch(head, /\r/);
    assert.match(head, /^Status: 200 OK\n(?:[^\n]+\n)+\n$/);
  });
  it("answers HEAD with the same headers and no body", async () => {
    const full = await get("/?p=1");
    const head = await scgiExchange(port, scgiGet("/?p=1", [], "HEAD"));
    const text = head.raw.toString("latin1");
    assert.ok(text.endsWith("\n\n"), "nothing after the head");
    const lines = text.slice(0, -2).split("\n");
    const strip = (l: string[]): string[] => l.filter((line) => !line.startsWith("X-blahgd-render-time:"));
    assert.deepEqual(strip(lines), strip([full.statusLine, ...full.headerLines]));
  });
  it("answers an unknown path with 404", async () => {
    const response = await assertSameAsHttp("/index.html");
    assert.equal(response.statusLine, "Status: 404 Not Found");
    assert.equal((await get("/?p=99")).status, 404);
  });
  it("answers a feed with its content type", async () => {
    const response = await assertSameAsHttp("/?feed=atom");
    assert.equal(response.headers["content-type"], "application/atom+xml; charset=utf-8");
    await assertSameAsHttp("/?feed=rss2");
  });
  it("serves the stylesheet", async () => {
    const response = await assertSameAsHttp("/style.css");
    assert.equal(response.headers["content-type"], "text/css; charset=utf-8");
  });
  it("redirects a category with 301 and a Location", async () => {
    const response = await assertSameAsHttp("/?cat=wp+cat");
    assert.equal(response.statusLine, "Status: 301 Moved Permanently");
    assert.equal(response.headers.location, "http://blog.test/?tag=a%26b+%22q%22+%3Cx%3E");
  });
  it("answers HTTP_IF_NONE_MATCH with 304 when the ETag matches", async () => {
    const first = await get("/?feed=atom");
    const etag = first.headers.etag!;
    const again = await get("/?feed=atom", [["HTTP_IF_NONE_MATCH", etag]]);
    assert.equal(again.statusLine, "Status: 304 Not Modified");
    assert.equal(again.body.length, 0);
    assertFramedLikeBlahgd(again);
    assert.equal((await get("/?feed=atom", [["HTTP_IF_NONE_MATCH", '"other"']])).status, 200);
  });
  it("gzips when HTTP_ACCEPT_ENCODING asks for it", async () => {
    const plain = await get("/");
    const gzip = await assertSameAsHttp("/", { "Accept-Encoding": "gzip" }, [["HTTP_ACCEPT_ENCODING", "gzip"]]);
    assert.equal(gzip.headers["content-encoding"], "gzip");
    assert.deepEqual(gunzipSync(gzip.body), plain.body);
  });
  it("answers ?p=1=2 with 400 where blahgd closed the connection", async () => {
    const response = await get("/?p=1=2");
    assert.equal(response.statusLine, "Status: 400 Bad Request");
    assertFramedLikeBlahgd(response);
  });
  it("answers a request without DOCUMENT_URI or REQUEST_URI with 404 (blahgd crashed)", async () => {
    const response = await scgiFetch(port, scgiNetstring([["CONTENT_LENGTH", "0"], ["SCGI", "1"], ["REQUEST_METHOD", "GET"]]));
    assert.equal(response.status, 404);
  });
  it("answers 50 concurrent requests, each with its own page", async () => {
    const uris = ["/", "/?p=1", "/?p=2", "/?feed=atom", "/style.css"];
    const expected = await Promise.all(uris.map((uri) => rawRequest(blog.url + uri)));
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => get(uris[i % uris.length]!)));
    answers.forEach((answer, i) => {
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, expected[i % uris.length]!.body, uris[i % uris.length]);
    });
  });
});

describe("bad SCGI input: the server answers or closes, then lives on", () => {
  async function assertAlive(): Promise<void> {
    const response = await get("/?p=1");
    assert.equal(response.status, 200);
  }
  const good = scgiGet("/");

  const silent: Array<[string, Array<Buffer | string>]> = [
    ["an HTTP request instead of a netstring", ["GET / HTTP/1.1\r\nHost: blog.test\r\n\r\n"]],
    ["a length with leading zeros", ["0" + good.toString("latin1")]],
    ["a missing ':'", [good.toString("latin1").replace(":", ";")]],
    ["a missing ','", [Buffer.concat([good.subarray(0, -1), Buffer.from("X")])]], // a GET has no body: the ',' is last
  ];
  for (const [name, parts] of silent) {
    it(`closes without a response on ${name}`, async () => {
      const { raw } = await scgiExchange(port, parts);
      assert.equal(raw.length, 0);
      await assertAlive();
    });
  }

  const answered: Array<[string, Array<Buffer | string>, number]> = [
    ["an absurdly large length", ["123456789012345678901234567890:"], 431],
    ["a header block over 64 KiB", [scgiGet("/", [["HTTP_X_PAD", "x".repeat(70 * 1024)]])], 431],
    ["an odd number of fields", ["9:SCGI\x001\x00x\x00,"], 400],
    ["an empty name", [scgiGet("/", [["", "value"]])], 400],
    ["a missing SCGI", [scgiNetstring([["CONTENT_LENGTH", "0"], ["REQUEST_METHOD", "GET"], ["DOCUMENT_URI", "/"]])], 400],
    ["SCGI = 0", [scgiNetstring([["CONTENT_LENGTH", "0"], ["SCGI", "0"], ["REQUEST_METHOD", "GET"], ["DOCUMENT_URI", "/"]])], 400],
    ["a missing CONTENT_LENGTH", [scgiNetstring([["SCGI", "1"], ["REQUEST_METHOD", "GET"], ["DOCUMENT_URI", "/"]])], 400],
    ["a non-numeric CONTENT_LENGTH", [scgiNetstring([["CONTENT_LENGTH", "0x10"], ["SCGI", "1"], ["REQUEST_METHOD", "GET"], ["DOCUMENT_URI", "/"]])], 400],
    ["a missing REQUEST_METHOD", [scgiNetstring([["CONTENT_LENGTH", "0"], ["SCGI", "1"], ["DOCUMENT_URI", "/"]])], 400],
    ["a body over 1 MiB", [scgiGet("/?comment", [], "POST", "x".repeat(1024 * 1024 + 1))], 413],
  ];
  for (const [name, parts, status] of answered) {
    it(`answers ${name} with ${status}`, async () => {
      const response = parseScgiResponse((await scgiExchange(port, parts)).raw);
      assert.equal(response.status, status);
      assertFramedLikeBlahgd(response);
      assert.equal(response.headers["content-type"], "text/plain; charset=utf-8");
      await assertAlive();
    });
  }

  it("answers 408 to a client that sends half the header and stops", async () => {
    const { raw } = await scgiExchange(port, good.subarray(0, 40), { halfClose: false });
    assert.equal(parseScgiResponse(raw).status, 408);
    await assertAlive();
  });
  it("answers 408 to a client that sends the header too slowly", async () => {
    const pieces = Array.from({ length: 10 }, (_, i) => good.subarray(i * 10, i * 10 + 10));
    const { raw } = await scgiExchange(port, pieces, { delayMs: 50 });
    assert.equal(parseScgiResponse(raw).status, 408);
    await assertAlive();
  });
  it("forgets a client that disconnects halfway through the header", async () => {
    const { raw } = await scgiExchange(port, good.subarray(0, 40), { destroyAfterMs: 10 });
    assert.equal(raw.length, 0);
    await assertAlive();
  });
  it("forgets a client that disconnects right after sending its request", async () => {
    await scgiExchange(port, scgiGet("/?tag=linux"), { destroyAfterMs: 0 });
    await assertAlive();
  });
});
