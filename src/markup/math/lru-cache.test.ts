import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { LruCache } from "./lru-cache.js";

describe("LruCache", () => {
  it("evicts the least recently used entry when it holds too many", () => {
    const cache = new LruCache<string>(2, 1_000, (v) => v.length);
    cache.set("a", "1");
    cache.set("b", "2");
    assert.equal(cache.get("a"), "1"); // a is now more recent than b
    cache.set("c", "3");
    assert.equal(cache.get("b"), undefined);
    assert.equal(cache.get("a"), "1");
    assert.equal(cache.get("c"), "3");
  });

  it("evicts until keys and values fit in the character budget, and never keeps one entry larger than it", () => {
    const cache = new LruCache<string>(100, 10, (v) => v.length);
    cache.set("a", "1234");
    cache.set("b", "1234");
    assert.equal(cache.size, 2);
    cache.set("c", "1234"); // 15 characters in all: a goes
    assert.deepEqual([cache.get("a"), cache.get("b"), cache.get("c")], [undefined, "1234", "1234"]);
    cache.set("huge", "12345678901");
    assert.equal(cache.get("huge"), undefined);
    assert.equal(cache.size, 2);
  });

  it("stays within both bounds and returns the last value set for every key it keeps (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "d", "e", "f"), fc.string({ maxLength: 6 }), fc.boolean())), (operations) => {
        const cache = new LruCache<string>(3, 12, (v) => v.length);
        const last = new Map<string, string>();
        for (const [key, value, isSet] of operations) {
          if (isSet) {
            cache.set(key, value);
            last.set(key, value);
          } else {
            const got = cache.get(key);
            if (got !== undefined) assert.equal(got, last.get(key));
          }
          assert.ok(cache.size <= 3);
        }
      }),
    );
  });
});
