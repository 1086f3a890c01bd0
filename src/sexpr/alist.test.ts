import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Datum } from "./datum.js";
import { NIL, NULL, bool, char, cons, datumEquals, int, list, pair, positionOf, quote, str, sym } from "./datum.js";
import {
  alistBool,
  alistEntries,
  alistInteger,
  alistList,
  alistLookup,
  alistString,
  asPair,
  describeKind,
  entryKey,
  isProperList,
  listItems,
  wrongTypeMessage,
} from "./alist.js";
import { parseSexpr } from "./reader.js";

function read(text: string): Datum {
  const r = parseSexpr(text);
  assert.deepEqual(r.diagnostics, []);
  return r.datum!;
}

function same(actual: Datum | undefined, expected: Datum): void {
  assert.ok(actual !== undefined && datumEquals(actual, expected), `expected ${JSON.stringify(expected, (_, v) => (typeof v === "bigint" ? `${v}n` : v))}`);
}

describe("alistLookup", () => {
  const post = read(`(
    (title . "abc")
    ("time" . "2015-09-19 21:28")
    (fmt . 3)
    (tags "a" "b")
    (comments)
    (listed . #f)
    (Title . "upper")
    (title . "second")
  )`);

  it("finds a symbol key", () => same(alistLookup(post, "title"), str("abc")));
  it("finds a string key", () => same(alistLookup(post, "time"), str("2015-09-19 21:28")));
  it("matches keys case-sensitively", () => same(alistLookup(post, "Title"), str("upper")));
  it("returns the first match when a key repeats", () => assert.equal(alistString(post, "title"), "abc"));
  it("returns undefined for a missing key", () => assert.equal(alistLookup(post, "nope"), undefined));
  it("returns the cdr, so (tags \"a\" \"b\") gives the list (\"a\" \"b\")", () =>
    same(alistLookup(post, "tags"), list(str("a"), str("b"))));
  it("gives () for (key)", () => same(alistLookup(post, "comments"), NIL));

  it("skips elements that are not pairs or have other keys", () => {
    const alist = read('(1 "title" title (1 . "one") (#t . x) ((title) . y) (title . "found"))');
    assert.equal(alistString(alist, "title"), "found");
    assert.equal(alistLookup(alist, "1"), undefined);
  });

  it("finds nothing in a quoted alist, as blahgd reads '((...)) as (quote ((...)))", () => {
    const quoted = read("'((title . \"abc\"))");
    assert.equal(alistLookup(quoted, "title"), undefined);
  });

  it("sees a quote element as a list whose car is the symbol quote", () => {
    same(alistLookup(read("('x)"), "quote"), list(sym("x")));
  });

  it("returns undefined when the alist is not a list", () => {
    for (const d of [str("x"), int(1), NIL, sym("a"), NULL]) assert.equal(alistLookup(d, "a"), undefined);
  });

  it("walks an improper alist up to its end", () => {
    same(alistLookup(cons(pair("a", int(1)), sym("end")), "a"), int(1));
    assert.equal(alistLookup(cons(pair("a", int(1)), sym("end")), "b"), undefined);
  });
});

describe("typed alist lookups", () => {
  const alist = read(`((s . "text") (i . 42) (b . #f) (l 1 2) (e) (sym . abc) (pairv . (1 . 2)) (q . 'x) (z . 0))`);

  it("alistString returns strings only", () => {
    assert.equal(alistString(alist, "s"), "text");
    for (const key of ["i", "b", "l", "e", "sym", "missing"]) assert.equal(alistString(alist, key), undefined, key);
  });

  it("alistInteger returns bigints only", () => {
    assert.equal(alistInteger(alist, "i"), 42n);
    assert.equal(alistInteger(alist, "z"), 0n);
    for (const key of ["s", "b", "l", "e", "missing"]) assert.equal(alistInteger(alist, key), undefined, key);
  });

  it("alistBool returns booleans only, false included", () => {
    assert.equal(alistBool(alist, "b"), false);
    for (const key of ["s", "i", "l", "e", "z", "missing"]) assert.equal(alistBool(alist, key), undefined, key);
  });

  it("alistList returns the elements of proper lists, [] for (key)", () => {
    assert.equal(alistList(alist, "l")?.length, 2);
    assert.deepEqual(alistList(alist, "e"), []);
    assert.equal(alistList(alist, "pairv"), undefined);
    assert.equal(alistList(alist, "s"), undefined);
    assert.equal(alistList(alist, "missing"), undefined);
    assert.equal(alistList(alist, "q")?.length, 2); // (quote x)
  });
});

describe("listItems and isProperList", () => {
  it("gives the elements of a proper list", () => {
    const items = listItems(read("(a 1 \"s\")"));
    assert.equal(items?.length, 3);
    same(items?.[1], int(1));
  });
  it("gives [] for ()", () => assert.deepEqual(listItems(NIL), []));
  it("gives undefined for a dotted pair or an atom", () => {
    assert.equal(listItems(read("(a . b)")), undefined);
    assert.equal(listItems(read("(a . (b . c))")), undefined);
    assert.equal(listItems(str("x")), undefined);
  });
  it("sees 'x as (quote x)", () => {
    const items = listItems(quote(sym("x")));
    assert.equal(items?.length, 2);
    same(items?.[0], sym("quote"));
  });
  it("isProperList agrees with listItems", () => {
    for (const text of ["()", "(a)", "(a . b)", "(a . (b . ()))", "'a", "a", "(a . 'b)"]) {
      const d = read(text);
      assert.equal(isProperList(d), listItems(d) !== undefined, text);
    }
  });
});

describe("asPair and entryKey", () => {
  it("asPair gives car and cdr of a cons and of a quote", () => {
    const p = asPair(cons(sym("a"), int(1)));
    same(p?.car, sym("a"));
    same(asPair(quote(int(1)))?.car, sym("quote"));
    assert.equal(asPair(NIL), undefined);
  });
  it("entryKey names string and symbol keys only", () => {
    assert.equal(entryKey(pair("k", int(1))), "k");
    assert.equal(entryKey(pair(sym("k"), int(1))), "k");
    assert.equal(entryKey(cons(int(1), int(2))), undefined);
    assert.equal(entryKey(str("k")), undefined);
  });
});

describe("alistEntries", () => {
  it("lists every pair with a string or symbol key, duplicates included, with positions", () => {
    const d = read('((a . 1)\n 7\n ("b" 2)\n (a . 3))');
    const entries = alistEntries(d);
    assert.deepEqual(
      entries?.map((e) => [e.key, e.index, positionOf(e.pair).line, positionOf(e.keyDatum).column]),
      [
        ["a", 0, 1, 3],
        ["b", 2, 3, 3],
        ["a", 3, 4, 3],
      ],
    );
    same(entries?.[1]?.value, list(int(2)));
  });
  it("is undefined for a non-list", () => {
    assert.equal(alistEntries(read("(a . b)")), undefined);
    assert.equal(alistEntries(int(1)), undefined);
  });
  it("is [] for ()", () => assert.deepEqual(alistEntries(NIL), []));
});

describe("describeKind", () => {
  const cases: [Datum, string][] = [
    [bool(true), "a boolean"],
    [NULL, "null (#n)"],
    [int(1), "an integer"],
    [char("a"), "a character"],
    [str("a"), "a string"],
    [sym("a"), "a symbol"],
    [NIL, "the empty list ()"],
    [list(int(1)), "a list"],
    [cons(int(1), int(2)), "a dotted pair"],
    [quote(int(1)), "a quoted datum"],
  ];
  for (const [d, words] of cases) {
    it(`calls ${d.kind} ${words}`, () => assert.equal(describeKind(d), words));
  }
});

describe("wrongTypeMessage", () => {
  it("names the key, the expected and the actual kind", () => {
    assert.equal(wrongTypeMessage("title", "a string", sym("abc")), "`title` must be a string, but it is a symbol");
  });
  it("hints at the missing dot for (key value)", () => {
    const message = wrongTypeMessage("fmt", "an integer", list(int(3)), (d) => d.kind === "int");
    assert.match(message, /instead of \(fmt value\)/);
    assert.doesNotMatch(wrongTypeMessage("fmt", "an integer", list(str("3")), (d) => d.kind === "int"), /instead/);
  });
});

describe("constructors and datumEquals", () => {
  it("builds lists from cons cells ending in NIL", () => {
    assert.ok(datumEquals(list(int(1), int(2)), cons(int(1), cons(int(2), NIL))));
    assert.equal(list(), NIL);
  });
  it("pair turns a string key into a string datum", () => {
    assert.ok(datumEquals(pair("k", NIL), cons(str("k"), NIL)));
  });
  it("int accepts numbers and bigints in the u64 range only", () => {
    assert.equal(int(5).value, 5n);
    assert.equal(int(5n).value, 5n);
    assert.throws(() => int(-1), RangeError);
    assert.throws(() => int(1.5), RangeError);
    assert.throws(() => int(2n ** 64n), RangeError);
  });
  it("compares structure and ignores spans", () => {
    assert.ok(datumEquals(read('(a "b" #\\c 1 #t #n ())'), list(sym("a"), str("b"), char("c"), int(1), bool(true), NULL, NIL)));
    assert.ok(!datumEquals(list(int(1)), list(int(2))));
    assert.ok(!datumEquals(sym("a"), str("a")));
    assert.ok(!datumEquals(quote(sym("x")), list(sym("quote"), sym("x"))));
    assert.ok(!datumEquals(list(int(1)), list(int(1), int(2))));
  });
  it("positionOf falls back to 1:1 for constructed data", () => {
    assert.deepEqual(positionOf(int(1)), { line: 1, column: 1 });
    assert.deepEqual(positionOf(read("\n  x")), { line: 2, column: 3 });
  });
});
