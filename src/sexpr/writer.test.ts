import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Datum } from "./datum.js";
import { NIL, NULL, U64_MAX, bool, char, cons, datumEquals, int, list, pair, quote, str, sym } from "./datum.js";
import { parseSexpr } from "./reader.js";
import { isSymbolName, writeSexpr } from "./writer.js";

type Case = readonly [what: string, datum: Datum, text: string];

describe("writeSexpr", () => {
  const cases: Case[] = [
    ["#t", bool(true), "#t"],
    ["#f", bool(false), "#f"],
    ["null as #n", NULL, "#n"],
    ["integers in decimal", int(8), "8"],
    ["the largest integer", int(U64_MAX), "18446744073709551615"],
    ["symbols as they are", sym("scgi-port"), "scgi-port"],
    ["the empty list as ()", NIL, "()"],
    ["a proper list", list(sym("a"), sym("b"), sym("c")), "(a b c)"],
    ["a pair", cons(sym("a"), sym("b")), "(a . b)"],
    ["a pair whose cdr is () as a one-element list", pair("url", NIL), '("url")'],
    ["nested lists", list(list(), list(int(1), list(int(2)))), "(() (1 (2)))"],
    ["a chain not ending in () as nested pairs", cons(sym("a"), cons(sym("b"), sym("c"))), "(a . (b . c))"],
    ["a list whose tail is a quote as a dotted quote", cons(sym("a"), quote(sym("b"))), "(a . 'b)"],
    ["a quote with '", quote(list(sym("a"))), "'(a)"],
    ["a plain string", str("abc"), '"abc"'],
    ["the empty string", str(""), '""'],
    ["\\n \\t \\r \\b \\f \\\\ \\\" escaped", str('\n\t\r\b\f\\"'), '"\\n\\t\\r\\b\\f\\\\\\""'],
    ["other control characters raw", str("\v\0\x1b"), '"\v\0\x1b"'],
    ["UTF-8 raw", str("café 😀"), '"café 😀"'],
    ["a character", char("a"), "#\\a"],
    ["a space character as #\\space", char(" "), "#\\space"],
    ["NUL as #\\nul", char("\0"), "#\\nul"],
    ["a newline character in hex", char("\n"), "#\\uA"],
    ["a tab character in hex", char("\t"), "#\\u9"],
    ["a no-break space in hex", char("\u00a0"), "#\\uA0"],
    ["a combining mark in hex", char("\u0301"), "#\\u301"],
    ["a letter outside ASCII raw", char("é"), "#\\é"],
    ["an astral character raw", char("😀"), "#\\😀"],
    ["a parenthesis character raw", char("("), "#\\("],
  ];
  for (const [what, datum, text] of cases) {
    it(`writes ${what}`, () => assert.equal(writeSexpr(datum), text));
  }

  it("writes a pending comment's meta.lisp the way blahgd does", () => {
    const meta = list(
      pair("author", str("Jeff")),
      pair("email", str("j@example.com")),
      pair("time", str("2016-01-02 03:04")),
      pair("ip", str("::1")),
      pair("url", NIL),
      pair("moderated", bool(false)),
    );
    assert.equal(
      writeSexpr(meta),
      '(("author" . "Jeff") ("email" . "j@example.com") ("time" . "2016-01-02 03:04") ("ip" . "::1") ("url") ("moderated" . #f))',
    );
  });

  it("writes a long list without deep recursion", () => {
    let proper: Datum = NIL;
    for (let i = 200_000; i >= 0; i--) proper = cons(int(i), proper);
    assert.ok(writeSexpr(proper).startsWith("(0 1 2 "));
    let improper: Datum = sym("end");
    for (let i = 0; i < 200_000; i++) improper = cons(int(i), improper);
    assert.ok(writeSexpr(improper).endsWith(" . end" + ")".repeat(200_000)));
  });
});

describe("isSymbolName", () => {
  const cases: [string, boolean][] = [
    ["abc", true],
    ["-5", true],
    ["08", true],
    ["12abc", true],
    ["0X1F", true],
    ["10", false],
    ["010", false],
    ["0", false],
    ["0x1F", false],
    ["", false],
    ["a b", false],
    ["a.b", false],
    ["é", false],
  ];
  for (const [name, expected] of cases) {
    it(`says ${JSON.stringify(name)} is ${expected ? "" : "not "}a symbol name`, () => assert.equal(isSymbolName(name), expected));
  }
});

/** Any datum the writer can write: symbols must be valid names, chars single code points. */
const datumArbitrary: fc.Arbitrary<Datum> = fc.letrec<{ datum: Datum }>((tie) => ({
  datum: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.boolean().map(bool),
    fc.constant(NULL),
    fc.constant(NIL),
    fc.bigInt({ min: 0n, max: U64_MAX }).map(int),
    fc.oneof(
      fc.constantFrom(" ", "\0", "\n", "u", "s", "n", "(", ")", "\\", '"', ";", "'"),
      fc
        .integer({ min: 0, max: 0x10ffff })
        .filter((cp) => cp < 0xd800 || cp > 0xdfff)
        .map((cp) => String.fromCodePoint(cp)),
    ).map(char),
    fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: fc.constantFrom(..."\\\"\n\t\r\b\f\v\0u0aé;()") })).map(str),
    fc
      .stringMatching(/^[a-zA-Z0-9+=|&*?_-]{1,8}$/)
      .filter(isSymbolName)
      .map(sym),
    fc.tuple(tie("datum"), tie("datum")).map(([car, cdr]) => cons(car, cdr)),
    fc.array(tie("datum"), { maxLength: 5 }).map((items) => list(...items)),
    tie("datum").map(quote),
  ),
})).datum;

describe("writeSexpr round trip", () => {
  it("reads back every written datum as an equal datum", () => {
    fc.assert(
      fc.property(datumArbitrary, (d) => {
        const text = writeSexpr(d);
        const r = parseSexpr(text);
        assert.deepEqual(r.diagnostics, [], text);
        assert.ok(r.datum !== undefined && datumEquals(r.datum, d), text);
      }),
      { numRuns: 3000 },
    );
  });

  it("writes what it reads in a canonical form that is stable", () => {
    fc.assert(
      fc.property(datumArbitrary, (d) => {
        const once = writeSexpr(d);
        const again = writeSexpr(parseSexpr(once).datum!);
        assert.equal(again, once);
      }),
      { numRuns: 1000 },
    );
  });

  it("round-trips the quirky forms to their values", () => {
    const cases: [string, string][] = [
      ["(1.5)", "(1 . 5)"],
      ["(a.b)", "(a . b)"],
      ["010", "8"],
      ["#x1F", "31"],
      ["(a . (b c))", "(a b c)"],
      ["(a . ())", "(a)"],
      ['"\\q\\u00e9"', '"qé"'],
      ["#\\u41", "#\\A"],
      ["(quote x)", "(quote x)"],
      ["'x", "'x"],
    ];
    for (const [text, written] of cases) {
      assert.equal(writeSexpr(parseSexpr(text).datum!), written, text);
    }
  });
});
