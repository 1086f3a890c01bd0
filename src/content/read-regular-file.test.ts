import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type { Diagnostic } from "../diagnostics.js";
import { decodeText, FileRefused, invalidUtf8Place, readErrorText, readRegularFile, readTextFile } from "./read-regular-file.js";

const dir = mkdtempSync(join(tmpdir(), "blahg-read-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function refusal(path: string, options = {}): string {
  try {
    readRegularFile(path, options);
  } catch (e) {
    assert.ok(e instanceof FileRefused, String(e));
    return readErrorText(e);
  }
  assert.fail("read");
}

describe("readRegularFile", () => {
  it("reads a regular file", () => {
    writeFileSync(join(dir, "plain"), "hello");
    assert.equal(readRegularFile(join(dir, "plain")).toString(), "hello");
  });

  it("refuses a FIFO without waiting for a writer", () => {
    execFileSync("mkfifo", [join(dir, "fifo")]);
    assert.equal(refusal(join(dir, "fifo")), "is a FIFO, not a regular file");
  });

  it("refuses a device and a directory", () => {
    assert.equal(refusal("/dev/zero"), "is a character device, not a regular file");
    assert.equal(refusal(dir), "is a directory, not a regular file");
  });

  it("refuses a file over the size limit, naming its size, the limit and the setting", () => {
    writeFileSync(join(dir, "big"), Buffer.alloc(2000));
    assert.equal(refusal(join(dir, "big"), { maxSize: 1000, limitName: "max-post-size" }), "is 2000 bytes, over the limit of 1000 bytes (max-post-size)");
    assert.equal(readRegularFile(join(dir, "big"), { maxSize: 2000 }).length, 2000);
  });

  it("passes the system's error on for a missing file", () => {
    assert.throws(() => readRegularFile(join(dir, "missing")), { code: "ENOENT" });
  });
});

describe("invalid UTF-8", () => {
  it("is reported at its line and column, and decoded as U+FFFD", () => {
    const path = join(dir, "latin1.tex");
    writeFileSync(path, Buffer.concat([Buffer.from("first line\nd\u00e9j\u00e0 "), Buffer.from([0x76, 0xe9, 0x63, 0x75]), Buffer.from("\n")]));
    const diagnostics: Diagnostic[] = [];
    const text = readTextFile(path, diagnostics);
    assert.equal(text, "first line\nd\u00e9j\u00e0 v\ufffdcu\n");
    assert.equal(diagnostics.length, 1);
    assert.deepEqual({ ...diagnostics[0], message: undefined }, { file: path, line: 2, column: 7, severity: "error", code: "content/invalid-utf8", message: undefined });
    assert.match(diagnostics[0]!.message, /invalid UTF-8 \(byte 0xe9 at offset 19\)/);
  });

  it("counts a character outside the BMP as two columns, as positions in decoded text do", () => {
    assert.deepEqual(invalidUtf8Place(Buffer.concat([Buffer.from("\u{1F600}x"), Buffer.from([0xc0, 0x80])])), { offset: 5, line: 1, column: 4 });
  });

  it("is found exactly where a strict decoder fails (property)", () => {
    const strict = new TextDecoder("utf-8", { fatal: true });
    const valid = (bytes: Uint8Array): boolean => {
      try {
        strict.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    // Mostly valid text with some stray bytes in it, and raw bytes.
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 4 }).map((s) => Buffer.from(s)), fc.uint8Array({ minLength: 1, maxLength: 2 }))).map((parts) => new Uint8Array(Buffer.concat(parts))),
    );
    fc.assert(
      fc.property(bytes, (input) => {
        const place = invalidUtf8Place(input);
        assert.equal(place === undefined, valid(input));
        if (place === undefined) return;
        const prefix = input.subarray(0, place.offset);
        assert.ok(valid(prefix), "everything before the place is valid");
        const lines = Buffer.from(prefix).toString("utf8").split("\n");
        assert.equal(place.line, lines.length);
        assert.equal(place.column, lines.at(-1)!.length + 1);
        // The diagnostic never loses text: the decoding is the usual replacing one.
        const diagnostics: Diagnostic[] = [];
        assert.equal(decodeText(input, "f", diagnostics), Buffer.from(input).toString("utf8"));
        assert.equal(diagnostics.length, 1);
      }),
      { numRuns: 2000 },
    );
  });
});
