import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { IndexFile, UnusableIndex, verifyIndexFile } from "./index-file.js";
import { parseSearchQuery } from "./query.js";
import { idf } from "./rank.js";
import { SearchIndex, type SearchDocument } from "./search-index.js";
import { TopHits } from "./top-hits.js";
import { IndexFileWriter } from "./write-index-file.js";

const FINGERPRINT = "f".repeat(32);

interface Doc extends SearchDocument {
  id: number;
}

/** Writes the file; returns how many runs were merged. */
function writeFile(path: string, docs: readonly Doc[], runBytes?: number): number {
  const writer = new IndexFileWriter(path, FINGERPRINT, runBytes);
  for (const doc of docs) writer.add({ ...doc, stamp: { bodySize: doc.body.length, bodyMtime: 0, bodyIno: 0, meta: "0011223344556677" } });
  const runs = writer.runCount;
  writer.finish();
  return runs;
}

function searchFile(file: IndexFile, query: string, limit = 1000): { total: number; hits: Array<{ id: number; score: number }> } {
  const q = parseSearchQuery(query);
  const live = file.size;
  const top = new TopHits(limit);
  const { total } = file.rankInto(q, { idf: (term) => idf(live, file.df(term)), averageLength: live > 0 ? Math.max(1, file.bodyLength / live) : 1 }, top, new Set());
  return { total, hits: top.sorted() };
}

function withDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "blahg-index-file-"));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const words = ["lock", "free", "queue", "the", "of", "café", "東京", "zfs", "snapshot", "ring", "buffer", "x".repeat(60)];
const arbitraryDoc = fc.record({
  title: fc.array(fc.constantFrom(...words), { maxLength: 4 }).map((w) => w.join(" ")),
  tags: fc.array(fc.constantFrom(...words), { maxLength: 2 }),
  body: fc.oneof(fc.array(fc.constantFrom(...words), { maxLength: 40 }).map((w) => w.join(" ")), fc.string({ maxLength: 80 })),
  time: fc.integer({ min: 0, max: 1000 }),
});

describe("the search index file", () => {
  it("finds and ranks exactly as the in-memory index does, for any documents and query", () => {
    withDir((dir) => {
      let n = 0;
      fc.assert(
        fc.property(fc.array(arbitraryDoc, { minLength: 1, maxLength: 30 }), fc.array(fc.constantFrom(...words, '"'), { minLength: 1, maxLength: 5 }), (raw, queryWords) => {
          const docs = raw.map((d, id) => ({ ...d, id: id * 7 + 1 }));
          const path = join(dir, `index-${n++}`);
          writeFile(path, docs);
          const memory = new SearchIndex();
          for (const d of docs) memory.add(d.id, d);
          const file = IndexFile.open(path, FINGERPRINT);
          try {
            const query = queryWords.join(" ");
            const expected = memory.search(parseSearchQuery(query), 0, 1000);
            const got = searchFile(file, query);
            assert.equal(got.total, expected.total, query);
            assert.deepEqual(got.hits.map((h) => h.id), expected.hits.map((h) => h.id), query);
            for (let i = 0; i < got.hits.length; i++) assert.ok(Math.abs(got.hits[i]!.score - expected.hits[i]!.score) < 1e-9);
            for (const d of docs) assert.equal(file.text(d.id), d.body);
          } finally {
            file.close();
          }
        }),
        { numRuns: 150 },
      );
    });
  });

  it("merges postings written out in several runs (more documents than one batch holds)", () => {
    withDir((dir) => {
      const path = join(dir, "big");
      const body = Array.from({ length: 3000 }, (_, i) => `w${i % 500}`).join(" ");
      const docs: Doc[] = Array.from({ length: 1200 }, (_, id) => ({ id, title: `post ${id}`, tags: [], body: `${body} unique${id}`, time: 5000 - id }));
      assert.ok(writeFile(path, docs, 256 * 1024) > 10);
      const file = IndexFile.open(path, FINGERPRINT);
      try {
        assert.equal(searchFile(file, "w7").total, 1200);
        assert.deepEqual(searchFile(file, "unique1100").hits.map((h) => h.id), [1100]);
        assert.deepEqual(searchFile(file, '"post 999"').hits.map((h) => h.id), [999]);
        assert.deepEqual(searchFile(file, '"w498 w499 w0"').total, 1200);
      } finally {
        file.close();
      }
    });
  });

  it("is refused, saying why, when it is truncated, damaged, foreign or from another setup", () => {
    withDir((dir) => {
      const path = join(dir, "index");
      writeFile(path, [{ id: 1, title: "t", tags: [], body: "some body text", time: 0 }]);
      assert.equal(verifyIndexFile(path, FINGERPRINT).docs, 1);
      const reason = (run: () => unknown): string => {
        try {
          run();
        } catch (e) {
          assert.ok(e instanceof UnusableIndex, String(e));
          return e.message;
        }
        return "accepted";
      };
      assert.match(reason(() => verifyIndexFile(path, "a".repeat(32))), /another data directory/);
      const good = readFileSync(path);
      const damaged = Buffer.from(good);
      damaged[damaged.length - 3]! ^= 0xff;
      writeFileSync(path, damaged);
      assert.match(reason(() => verifyIndexFile(path, FINGERPRINT)), /checksum/);
      writeFileSync(path, good);
      truncateSync(path, good.length - 10);
      assert.match(reason(() => verifyIndexFile(path, FINGERPRINT)), /truncated/);
      truncateSync(path, 100);
      assert.match(reason(() => verifyIndexFile(path, FINGERPRINT)), /truncated/);
      writeFileSync(path, "blahg-index 4 x y\n[]");
      assert.match(reason(() => verifyIndexFile(path, FINGERPRINT)), /truncated|not a blahg search index/);
      writeFileSync(path, Buffer.concat([Buffer.from("something else entirely\n"), Buffer.alloc(600)]));
      assert.match(reason(() => verifyIndexFile(path, FINGERPRINT)), /not a blahg search index/);
      assert.match(reason(() => verifyIndexFile(join(dir, "none"), FINGERPRINT)), /none yet/);
    });
  });

  it("reads a bounded number of bytes per query, and says when that cut the query short", () => {
    withDir((dir) => {
      const path = join(dir, "common");
      // A word in every document, many times: its positions are megabytes.
      const body = "common ".repeat(1000);
      writeFile(path, Array.from({ length: 1500 }, (_, id) => ({ id, title: "t", tags: [], body, time: 3000 - id })));
      const file = IndexFile.open(path, FINGERPRINT);
      try {
        const q = parseSearchQuery('"common common"');
        const top = new TopHits(10);
        const result = file.rankInto(q, { idf: () => 1, averageLength: 1000 }, top, new Set());
        assert.equal(result.partial, true);
        assert.ok(result.total > 0 && result.total < 1500);
        // Cut short, the newest documents (numbered first) are the ones ranked.
        assert.ok(top.sorted().every((h) => h.id < result.total));
        assert.equal(file.rankInto(parseSearchQuery("common"), { idf: () => 1, averageLength: 1000 }, new TopHits(10), new Set()).partial, false);
      } finally {
        file.close();
      }
    });
  });
});
