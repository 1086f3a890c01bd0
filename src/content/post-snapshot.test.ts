/**
 * The start-up snapshot's binary format (format 5) on its own: what is
 * encoded decodes to the same posts, and bytes blahg did not write (cut
 * short, bit-flipped, another format, another data directory, values
 * blahg never writes under a valid checksum, random bytes) are refused
 * whole with a reason, never thrown on.
 */

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import type { Post } from "./model.js";
import { withPaths, type PostFields } from "./post-paths.js";
import { decodeSnapshot, encodeSnapshot, type SnapshotEntry, type SnapshotKey } from "./post-snapshot.js";

const key: SnapshotKey = { dataDir: "/srv/blog/data", photoBaseUrl: "https://example.org/photos", maxPostSize: undefined, version: "test" };
const postsDir = "/srv/blog/data/posts";

function entry(fields: Partial<PostFields> & { id: number }, paths = ["post.lisp", "post.tex", "post.md", "post.html"], checked = true): SnapshotEntry {
  const post = withPaths(postsDir, {
    format: "fmt3",
    bodySize: 120,
    title: `Post ${fields.id}`,
    time: 1_600_000_000 + fields.id,
    tags: [],
    listed: true,
    comments: [],
    twitterImage: undefined,
    commentsClosed: false,
    ...fields,
  });
  return { post, files: { paths, digest: 1_000_003 * fields.id, racy: false }, checked };
}

const entries: SnapshotEntry[] = [
  entry({ id: 1, tags: ["Linux", "C"], slug: "first", summary: "Über ☃ alles", aliases: ["/old/1/"] }),
  entry({ id: 2, format: "markdown", listed: false, commentsClosed: true, twitterImage: "https://example.org/photos/a.jpg", author: "Ann" }, ["post.lisp", "post.tex", "post.md", "post.html"], false),
  entry({ id: 3, format: "html", page: true, parent: 1, order: -2.5, private: true, sticky: true, tags: ["linux"] }),
  entry(
    {
      id: 2_147_483_647,
      comments: [
        { id: 1, author: "Bob", email: "bob@example.org", time: 1_600_000_100, ip: "10.0.0.1", url: undefined },
        { id: 7, author: "[unknown]", email: undefined, time: 0, ip: undefined, url: "https://else.example/", kind: "pingback" },
      ],
    },
    ["post.lisp", "post.tex", "post.md", "post.html", "comments/1/meta.lisp", "comments/7/meta.lisp"],
  ),
];

function decoded(bytes: Buffer): Map<number, SnapshotEntry> {
  const { entries: found, ignored } = decodeSnapshot(key, bytes);
  assert.equal(ignored, undefined);
  return found;
}

/** The snapshot with its body replaced and the checksum made to match, as a hostile writer could. */
function withBody(bytes: Buffer, change: (body: Buffer) => Buffer): Buffer {
  const newline = bytes.indexOf(0x0a);
  const header = bytes.subarray(0, newline).toString("latin1").split(" ");
  const body = change(Buffer.from(bytes.subarray(newline + 1)));
  header[3] = createHash("sha256").update(body).digest("hex");
  return Buffer.concat([Buffer.from(header.join(" ") + "\n", "latin1"), body]);
}

function reason(bytes: Buffer, other: SnapshotKey = key): string | undefined {
  const { entries: found, ignored } = decodeSnapshot(other, bytes);
  if (ignored !== undefined) assert.equal(found.size, 0);
  return ignored;
}

describe("the binary snapshot (format 5)", () => {
  it("decodes to the posts, file stamps and checks it was made from", () => {
    const found = decoded(encodeSnapshot(key, entries));
    assert.deepEqual([...found.keys()], entries.map((e) => e.post.id));
    for (const e of entries) assert.deepEqual(found.get(e.post.id), e);
  });

  it("derives each post's paths from the data directory rather than storing them", () => {
    const post: Post = decoded(encodeSnapshot(key, entries)).get(2)!.post;
    assert.equal(post.dir, `${postsDir}/2`);
    assert.equal(post.bodyPath, `${postsDir}/2/post.md`);
    assert.ok(!encodeSnapshot(key, entries).includes(postsDir));
  });

  it("leaves out a post whose file changed just before it was stamped", () => {
    const racy = entry({ id: 9 });
    racy.files.racy = true;
    assert.deepEqual([...decoded(encodeSnapshot(key, [...entries, racy])).keys()], entries.map((e) => e.post.id));
  });

  it("is refused when cut short anywhere", () => {
    const bytes = encodeSnapshot(key, entries);
    for (let length = 0; length < bytes.length; length++) {
      assert.ok(reason(bytes.subarray(0, length)) !== undefined, `cut at ${length}`);
      // Even with a checksum that matches what is left.
      const newline = bytes.indexOf(0x0a);
      if (length > newline) assert.ok(reason(withBody(bytes, (b) => b.subarray(0, length - newline - 1))) !== undefined, `cut at ${length}, checksum fixed`);
    }
  });

  it("is refused when a bit is flipped, by its checksum", () => {
    const bytes = encodeSnapshot(key, entries);
    const newline = bytes.indexOf(0x0a);
    for (let at = newline + 1; at < bytes.length; at += 7) {
      const flipped = Buffer.from(bytes);
      flipped[at]! ^= 1 << (at % 8);
      assert.match(reason(flipped) ?? "", /checksum/);
    }
  });

  it("of another format or for another data directory, settings or version is refused", () => {
    const bytes = encodeSnapshot(key, entries);
    const older = Buffer.from(bytes.toString("latin1").replace(/^blahg-index 5 /, "blahg-index 4 "), "latin1");
    assert.match(reason(older) ?? "", /format 4, this blahg writes 5/);
    assert.match(reason(bytes, { ...key, dataDir: "/srv/copy/data" }) ?? "", /another data directory/);
    assert.match(reason(bytes, { ...key, version: "other" }) ?? "", /another data directory, settings or blahg version/);
    assert.match(reason(bytes, { ...key, maxPostSize: 1000 }) ?? "", /another data directory/);
  });

  it("is refused when it holds values blahg never writes, even with a valid checksum", () => {
    for (const path of ["../../etc/passwd", "/etc/passwd", "comments/../../x", ""]) {
      assert.match(reason(encodeSnapshot(key, [entry({ id: 1 }, [path])])) ?? "", /file stamps/, path);
    }
    const bytes = encodeSnapshot(key, [entries[0]!]);
    // The body: string table, then the entry count and the entry (its id first, its format at byte 40, its title at 42, its alias count at 66).
    const entryAt = (body: Buffer): number => {
      let at = 4 + body.readUInt32LE(0) * 4;
      for (let i = 0; i < body.readUInt32LE(0); i++) at += body.readUInt32LE(4 + i * 4);
      return at + 4;
    };
    assert.match(reason(withBody(bytes, (b) => (b.writeUInt32LE(2 ** 31, entryAt(b)), b))) ?? "", /not what blahg writes/);
    assert.match(reason(withBody(bytes, (b) => (b.writeUInt8(9, entryAt(b) + 40), b))) ?? "", /not what blahg writes/);
    assert.match(reason(withBody(bytes, (b) => (b.writeDoubleLE(NaN, entryAt(b) + 12), b))) ?? "", /number blahg never writes/);
    assert.match(reason(withBody(bytes, (b) => (b.writeUInt32LE(1_000_000, entryAt(b) + 42), b))) ?? "", /string it does not hold/);
    assert.match(reason(withBody(bytes, (b) => (b.writeUInt32LE(0xfffffff0, entryAt(b) + 66), b))) ?? "", /ends in the middle/);
    assert.match(reason(withBody(bytes, (b) => Buffer.concat([b, Buffer.alloc(1)]))) ?? "", /bytes after its last entry/);
    const twice = encodeSnapshot(key, [entries[0]!, entries[0]!]);
    assert.match(reason(twice) ?? "", /twice/);
  });

  it("never throws on any bytes under a valid checksum, and takes nothing from refused ones", () => {
    const bytes = encodeSnapshot(key, entries);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (changes) => {
        const spoiled = withBody(bytes, (b) => {
          for (const [at, value] of changes) b[at % b.length] = value;
          return b;
        });
        reason(spoiled);
      }),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (random) => void reason(withBody(bytes, () => Buffer.from(random)))), { numRuns: 1000 });
  });
});
