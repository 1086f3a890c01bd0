/**
 * The strict head reader on hostile input: it never throws, reading a head
 * in pieces gives what reading it whole gives (it resumes), and what it
 * accepts holds only bytes llhttp accepts. test/http-differential.test.ts
 * compares the whole front with node:http.
 */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { MAX_HEAD, RequestHeadReader, type RequestHead } from "./request-head.js";

type Verdict = RequestHead | "partial" | "hand-off";

function readWhole(data: Buffer): Verdict {
  return new RequestHeadReader().read(data);
}

/** Feeds growing prefixes, as a socket's chunks arrive, until a verdict. */
function readInPieces(data: Buffer, cuts: number[]): Verdict {
  const reader = new RequestHeadReader();
  for (const cut of [...cuts.filter((c) => c > 0 && c < data.length).sort((a, b) => a - b), data.length]) {
    const verdict = reader.read(data.subarray(0, cut));
    if (verdict !== "partial") return verdict;
  }
  return "partial";
}

const PIECES = ["GET ", "HEAD ", "/", "/?p=1", " HTTP/1.1", " HTTP/1.0", "\r\n", "\n", "\r", "Host: x", "Host:", "X-A: b", "X B: c", "Content-Length: 0", "Transfer-Encoding: chunked", " ", "\t", ":", "\0", "\x7f", "\xa0", "\xe9"];
const headLike = fc.array(fc.constantFrom(...PIECES), { maxLength: 16 }).map((parts) => Buffer.from(parts.join(""), "latin1"));
const anyBytes = fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes));

describe("the strict request head reader", () => {
  it("reads a plain GET with its headers", () => {
    const head = readWhole(Buffer.from("GET /?p=1 HTTP/1.1\r\nHost: x\r\nAccept:  text/html \t\r\nX-Empty:\r\nAccept: */*\r\n\r\nrest"));
    assert.ok(typeof head === "object");
    assert.equal(head.method, "GET");
    assert.equal(head.target, "/?p=1");
    assert.equal(head.minor, 1);
    assert.deepEqual(head.headers, { host: "x", accept: "text/html, */*", "x-empty": "" });
    assert.equal(head.length, "GET /?p=1 HTTP/1.1\r\nHost: x\r\nAccept:  text/html \t\r\nX-Empty:\r\nAccept: */*\r\n\r\n".length);
  });

  it("hands off every shape from the smuggling report", () => {
    for (const text of [
      "GET / HTTP/1.1\r\nHost: x\r\nContent-Length : 34\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nX Y: 1\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nX\xe9: 1\r\n\r\n",
      "GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /a\x7f HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET / HTTP/1.1\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\xa0\r\n\r\n",
      "GET / HTTP/1.1\nHost: x\n\n",
      "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n",
    ]) {
      assert.equal(readWhole(Buffer.from(text, "latin1")), "hand-off", JSON.stringify(text));
    }
  });

  it("hands off a bad byte as soon as it arrives, without waiting for the end of the head", () => {
    assert.equal(readWhole(Buffer.from("GET /\0")), "hand-off");
    assert.equal(readWhole(Buffer.from("GET / HTTP/1.1\nHo")), "hand-off");
    assert.equal(readWhole(Buffer.from("GET / HTTP/1.1\r\nHost: x\r\nContent-Length")), "partial");
    assert.equal(readWhole(Buffer.from("GET / HTTP/1.1\r\nHost: x\r\nContent-Length:")), "hand-off");
  });

  it("hands off a head longer than the limit", () => {
    assert.equal(readWhole(Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX: ${"a".repeat(MAX_HEAD)}`)), "hand-off");
  });

  it("never throws, and gives the same verdict however the bytes are cut", () => {
    fc.assert(
      fc.property(fc.oneof(headLike, anyBytes), fc.array(fc.nat(240), { maxLength: 8 }), (data, cuts) => {
        assert.deepEqual(readInPieces(data, cuts), readWhole(data));
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts only heads made of bytes llhttp accepts", () => {
    fc.assert(
      fc.property(fc.oneof(headLike, anyBytes), (data) => {
        const head = readWhole(data);
        if (typeof head !== "object") return;
        assert.match(head.target, /^\/[\x21-\x7e]*$/);
        for (const [name, value] of Object.entries(head.headers)) {
          assert.match(name, /^[!#$%&'*+\-.^_`|~0-9a-z]+$/);
          assert.doesNotMatch(value, /[\0-\x08\x0a-\x1f\x7f]/);
          assert.ok(!["content-length", "transfer-encoding", "expect", "upgrade"].includes(name));
        }
        if (head.minor === 1) assert.ok(head.headers.host !== undefined);
      }),
      { numRuns: 3000 },
    );
  });
});
