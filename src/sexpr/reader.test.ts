import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Datum } from "./datum.js";
import { NIL, NULL, U64_MAX, bool, char, cons, int, list, quote, str, sym } from "./datum.js";
import { alistLookup } from "./alist.js";
import { parseSexpr, readDataFile } from "./reader.js";

/** The datum without its spans, comparable with constructed data. */
function strip(d: Datum): Datum {
  switch (d.kind) {
    case "bool":
      return bool(d.value);
    case "null":
      return NULL;
    case "int":
      return int(d.value);
    case "char":
      return char(d.value);
    case "string":
      return str(d.value);
    case "symbol":
      return sym(d.name);
    case "nil":
      return NIL;
    case "cons":
      return cons(strip(d.car), strip(d.cdr));
    case "quote":
      return quote(strip(d.datum));
  }
}

function read(text: string): Datum {
  const r = parseSexpr(text);
  assert.deepEqual(r.diagnostics, [], `unexpected diagnostics for ${JSON.stringify(text)}`);
  assert.ok(r.datum !== undefined);
  return r.datum;
}

function readsAs(text: string, expected: Datum): void {
  assert.deepStrictEqual(strip(read(text)), expected, `reading ${JSON.stringify(text)}`);
}

const a = sym("a");
const b = sym("b");
const c = sym("c");

type Case = readonly [what: string, text: string, expected: Datum];

describe("parseSexpr atoms", () => {
  const cases: Case[] = [
    ["#t as true", "#t", bool(true)],
    ["#f as false", "#f", bool(false)],
    ["#n as null", "#n", NULL],
    ["0 as zero", "0", int(0)],
    ["7 as seven", "7", int(7)],
    ["10 as a number, not a symbol (ties go to the number rule)", "10", int(10)],
    ["123 as decimal", "123", int(123)],
    ["010 as octal 8, as libjeffpc does", "010", int(8)],
    ["0777 as octal 511", "0777", int(511)],
    ["00 as zero", "00", int(0)],
    ["0x1F as hex 31", "0x1F", int(31)],
    ["0xff as hex 255", "0xff", int(255)],
    ["0x0 as zero", "0x0", int(0)],
    ["#x1F as hex 31", "#x1F", int(31)],
    ["#xff as hex 255", "#xff", int(255)],
    ["the largest decimal u64", "18446744073709551615", int(U64_MAX)],
    ["the largest hex u64", "0xFFFFFFFFFFFFFFFF", int(U64_MAX)],
    ["the largest #x u64", "#xffffffffffffffff", int(U64_MAX)],
    ["the largest octal u64", "01777777777777777777777", int(U64_MAX)],
    ["a u64 with leading zeros", "0x00000000000000000000001", int(1)],
    ["a 16-digit decimal", "1234567890123456", int(1234567890123456n)],
    ["-5 as a symbol (there are no negative numbers)", "-5", sym("-5")],
    ["+5 as a symbol", "+5", sym("+5")],
    ["- as a symbol", "-", sym("-")],
    ["12abc as one symbol", "12abc", sym("12abc")],
    ["1x as a symbol", "1x", sym("1x")],
    ["08 as a symbol (the octal rule matches only 0)", "08", sym("08")],
    ["09 as a symbol", "09", sym("09")],
    ["0778 as a symbol", "0778", sym("0778")],
    ["0x alone as a symbol", "0x", sym("0x")],
    ["0x1g as a symbol", "0x1g", sym("0x1g")],
    ["0X1F as a symbol (the hex prefix is lower-case)", "0X1F", sym("0X1F")],
    ["a plain symbol", "abc", sym("abc")],
    ["a symbol with every allowed character", "a+b=c|d&e*f?g_h-Z9", sym("a+b=c|d&e*f?g_h-Z9")],
    ["a symbol starting with a special character", "*foo*", sym("*foo*")],
    ["? as a symbol", "?", sym("?")],
    ["_ as a symbol", "_", sym("_")],
    ["upper-case symbols, keeping case", "FooBar", sym("FooBar")],
    ["a symbol with digits inside", "scgi-port2", sym("scgi-port2")],
  ];
  for (const [what, text, expected] of cases) {
    it(`reads ${what}`, () => readsAs(text, expected));
  }
});

describe("parseSexpr strings", () => {
  const cases: Case[] = [
    ["the empty string", '""', str("")],
    ["a plain string", '"abc"', str("abc")],
    ["\\n as a newline", '"a\\nb"', str("a\nb")],
    ["\\t as a tab", '"a\\tb"', str("a\tb")],
    ["\\r as a carriage return", '"a\\rb"', str("a\rb")],
    ["\\b as a backspace", '"a\\bb"', str("a\bb")],
    ["\\f as a form feed", '"a\\fb"', str("a\fb")],
    ["\\\\ as a backslash", '"a\\\\b"', str("a\\b")],
    ['\\" as a double quote', '"a\\"b"', str('a"b')],
    ["\\u00e9 as é", '"caf\\u00e9"', str("café")],
    ["\\u20AC as € (upper-case hex)", '"\\u20AC"', str("€")],
    ["\\u0041\\u0042 as AB", '"\\u0041\\u0042"', str("AB")],
    ["a \\u surrogate pair as one astral character", '"\\uD83D\\uDE00"', str("😀")],
    ["\\u with five hex digits as four plus a character", '"\\u00411"', str("A1")],
    ["\\u with fewer than four hex digits as an unknown escape", '"\\u12"', str("u12")],
    ["\\u followed by a non-hex digit as an unknown escape", '"\\u12G4"', str("u12G4")],
    ["\\U as an unknown escape", '"\\U0041"', str("U0041")],
    ["an unknown escape without its backslash", '"a\\qb"', str("aqb")],
    ["\\' as a quote", `"\\'"`, str("'")],
    ["\\( as a parenthesis", '"\\("', str("(")],
    ["\\0 as the digit 0", '"\\0"', str("0")],
    ["a backslash before an astral character", '"\\😀"', str("😀")],
    ["a backslash before a newline as the newline", '"a\\\nb"', str("a\nb")],
    ["raw newlines", '"line 1\nline 2\n"', str("line 1\nline 2\n")],
    ["raw tabs and CRs", '"a\tb\r\n"', str("a\tb\r\n")],
    ["raw UTF-8", '"žluťoučký kůň 😀"', str("žluťoučký kůň 😀")],
    ["semicolons and parentheses inside", '"(a ; b)"', str("(a ; b)")],
    ["a string that is only escapes", '"\\n\\t\\\\"', str("\n\t\\")],
  ];
  for (const [what, text, expected] of cases) {
    it(`reads ${what}`, () => readsAs(text, expected));
  }
});

describe("parseSexpr characters", () => {
  const cases: Case[] = [
    ["#\\a", "#\\a", char("a")],
    ["#\\Z", "#\\Z", char("Z")],
    ["#\\0 as the character 0", "#\\0", char("0")],
    ["#\\space as a space", "#\\space", char(" ")],
    ["#\\nul as NUL", "#\\nul", char("\0")],
    ["#\\u41 as A", "#\\u41", char("A")],
    ["#\\u0041 as A", "#\\u0041", char("A")],
    ["#\\u1F600 as an astral character", "#\\u1F600", char("😀")],
    ["#\\u10FFFF as the last code point", "#\\u10FFFF", char("\u{10FFFF}")],
    ["#\\u alone as u", "#\\u", char("u")],
    ["#\\s alone as s", "#\\s", char("s")],
    ["#\\n alone as n", "#\\n", char("n")],
    ["#\\é as one UTF-8 character", "#\\é", char("é")],
    ["#\\😀 as one astral character", "#\\😀", char("😀")],
    ["#\\( as a parenthesis", "#\\(", char("(")],
    ["#\\) as a parenthesis", "#\\)", char(")")],
    ["#\\\\ as a backslash", "#\\\\", char("\\")],
    ["#\\ followed by a space as a space", "#\\ ", char(" ")],
    ["#\\\" as a double quote", '#\\"', char('"')],
  ];
  for (const [what, text, expected] of cases) {
    it(`reads ${what}`, () => readsAs(text, expected));
  }
});

describe("parseSexpr lists, pairs and quotes", () => {
  const cases: Case[] = [
    ["() as the empty list", "()", NIL],
    ["( ) as the empty list", "( \n )", NIL],
    ["a one-element list", "(a)", list(a)],
    ["a proper list", "(a b c)", list(a, b, c)],
    ["nested lists", "((a) (b (c)))", list(list(a), list(b, list(c)))],
    ["a dotted pair", "(a . b)", cons(a, b)],
    ["(a . (b c)) as (a b c)", "(a . (b c))", list(a, b, c)],
    ["(a . ()) as (a)", "(a . ())", list(a)],
    ["(1.5) as the pair (1 . 5)", "(1.5)", cons(int(1), int(5))],
    ["(a.b) as the pair (a . b)", "(a.b)", cons(a, b)],
    ["(a .b) as a pair", "(a .b)", cons(a, b)],
    ["(a. b) as a pair", "(a. b)", cons(a, b)],
    ["a pair of a string and a boolean", '("x" . #t)', cons(str("x"), bool(true))],
    ["a pair inside a list", "(a (b . c) a)", list(a, cons(b, c), a)],
    ["a list of numbers", "(1 2 3)", list(int(1), int(2), int(3))],
    ["a post.lisp-style alist", '((title . "abc") (fmt . 3) (tags "a" "b"))',
      list(cons(sym("title"), str("abc")), cons(sym("fmt"), int(3)), list(sym("tags"), str("a"), str("b")))],
    ["'x as a quote", "'x", quote(sym("x"))],
    ["'(a b) as a quoted list", "'(a b)", quote(list(a, b))],
    ["a quote with a space after it", "' x", quote(sym("x"))],
    ["a quote of a quote", "''x", quote(quote(sym("x")))],
    ["a quote inside a list", "(a 'b)", list(a, quote(b))],
    ["(quote x) as a plain list", "(quote x)", list(sym("quote"), sym("x"))],
    ["a pair with a quoted cdr", "(a . 'b)", cons(a, quote(b))],
  ];
  for (const [what, text, expected] of cases) {
    it(`reads ${what}`, () => readsAs(text, expected));
  }
});

describe("parseSexpr white space, comments and adjacent tokens", () => {
  const cases: Case[] = [
    ["white space around the datum", " \t\r\n x \r\n\t", sym("x")],
    ["a comment before the datum", "; a comment\nx", sym("x")],
    ["a comment after the datum without a final newline", "x ; trailing", sym("x")],
    ["a comment right after a token", "x;c", sym("x")],
    ["a comment inside a list", "(a ; comment )\n b)", list(a, b)],
    ["CRLF line ends", "(a\r\nb)\r\n", list(a, b)],
    ["#true as #t followed by the symbol rue", "(#true)", list(bool(true), sym("rue"))],
    ["a symbol followed by a string without space", '(a"b")', list(a, str("b"))],
    ["a number followed by a string without space", '(1"a")', list(int(1), str("a"))],
    ["#\\spacex as #\\space followed by x", "(#\\spacex)", list(char(" "), sym("x"))],
    ["#\\nu as #\\n followed by u", "(#\\nu)", list(char("n"), sym("u"))],
    ["#x1g as 1 followed by g", "(#x1g)", list(int(1), sym("g"))],
    ["-5 and 10 in a list", "(-5 10)", list(sym("-5"), int(10))],
    ["strings back to back", '("a""b")', list(str("a"), str("b"))],
    ["lists back to back", "((a)(b))", list(list(a), list(b))],
  ];
  for (const [what, text, expected] of cases) {
    it(`reads ${what}`, () => readsAs(text, expected));
  }
});

type ErrorCase = readonly [what: string, text: string, code: string, line: number, column: number];

describe("parseSexpr errors", () => {
  const cases: ErrorCase[] = [
    ["empty input", "", "sexpr/empty", 1, 1],
    ["input of white space only", "  \n ", "sexpr/empty", 2, 2],
    ["input of a comment only", "; nothing\n", "sexpr/empty", 2, 1],
    ["a second datum", "a b", "sexpr/trailing-data", 1, 3],
    ["a second list", "(a)\n(b)", "sexpr/trailing-data", 2, 1],
    ["a lone )", ")", "sexpr/unexpected-close", 1, 1],
    ["one ) too many", "(a))", "sexpr/unexpected-close", 1, 4],
    ["an unclosed list", "(", "sexpr/unclosed-list", 1, 1],
    ["an unclosed inner list, at its (", "(a\n (b", "sexpr/unclosed-list", 2, 2],
    ["an unclosed outer list, at its (", "((a)\n", "sexpr/unclosed-list", 1, 1],
    ["an unterminated string", '"abc', "sexpr/unterminated-string", 1, 1],
    ["an unterminated string on a later line", '(a\n  "abc\n)', "sexpr/unterminated-string", 2, 3],
    ["a string ending in a backslash", '"abc\\', "sexpr/unterminated-string", 1, 1],
    ["a string ending in an escaped quote", '"abc\\"', "sexpr/unterminated-string", 1, 1],
    ["a dot at top level", ".", "sexpr/misplaced-dot", 1, 1],
    ["a dot first in a list", "(. a)", "sexpr/misplaced-dot", 1, 2],
    ["a dot with nothing after it", "(a . )", "sexpr/misplaced-dot", 1, 4],
    ["two data after a dot", "(a . b c)", "sexpr/misplaced-dot", 1, 8],
    ["two data before a dot, (a b . c)", "(a b . c)", "sexpr/misplaced-dot", 1, 6],
    ["two dots", "(a . . b)", "sexpr/misplaced-dot", 1, 6],
    ["a dot after a quote", "'.", "sexpr/misplaced-dot", 1, 2],
    ["a pair missing its )", "(a . b", "sexpr/unclosed-list", 1, 1],
    ["a pair ending after the dot", "(a .", "sexpr/unclosed-list", 1, 1],
    ["a quote at the end", "'", "sexpr/quote-without-datum", 1, 1],
    ["a quote before )", "(a ')", "sexpr/quote-without-datum", 1, 4],
    ["a lone #", "#", "sexpr/invalid-token", 1, 1],
    ["#z", "#z", "sexpr/invalid-token", 1, 1],
    ["#T (booleans are lower-case)", "#T", "sexpr/invalid-token", 1, 1],
    ["#x without digits", "#x", "sexpr/invalid-token", 1, 1],
    ["#xg", "(a #xg)", "sexpr/invalid-token", 1, 4],
    ["#\\ at the end", "#\\", "sexpr/invalid-char-literal", 1, 1],
    ["#\\ before a newline", "#\\\n", "sexpr/invalid-char-literal", 1, 1],
    ["#\\u110000, beyond Unicode", "#\\u110000", "sexpr/invalid-char-literal", 1, 1],
    ["#\\uD800, a surrogate", "#\\uD800", "sexpr/invalid-char-literal", 1, 1],
    ["#\\u with many digits", "#\\uFFFFFFFFFFFFFFFFFFFF", "sexpr/invalid-char-literal", 1, 1],
    ["decimal overflow of u64", "18446744073709551616", "sexpr/integer-overflow", 1, 1],
    ["hex overflow of u64", "(0x10000000000000000)", "sexpr/integer-overflow", 1, 2],
    ["#x overflow of u64", "#x10000000000000000", "sexpr/integer-overflow", 1, 1],
    ["octal overflow of u64", "02000000000000000000000", "sexpr/integer-overflow", 1, 1],
    ["a huge number", "9".repeat(200), "sexpr/integer-overflow", 1, 1],
    ["/", "/", "sexpr/invalid-character", 1, 1],
    [":", "(a :b)", "sexpr/invalid-character", 1, 4],
    ["!", "!", "sexpr/invalid-character", 1, 1],
    ["<", "<", "sexpr/invalid-character", 1, 1],
    [">", ">", "sexpr/invalid-character", 1, 1],
    ["[", "[a]", "sexpr/invalid-character", 1, 1],
    ["{", "{", "sexpr/invalid-character", 1, 1],
    [",", "(a, b)", "sexpr/invalid-character", 1, 3],
    ["`", "`a", "sexpr/invalid-character", 1, 1],
    ["@", "@", "sexpr/invalid-character", 1, 1],
    ["$", "$", "sexpr/invalid-character", 1, 1],
    ["%", "%", "sexpr/invalid-character", 1, 1],
    ["^", "^", "sexpr/invalid-character", 1, 1],
    ["~", "~", "sexpr/invalid-character", 1, 1],
    ["a bare non-ASCII letter", "é", "sexpr/invalid-character", 1, 1],
    ["a byte order mark", "\uFEFF(a)", "sexpr/invalid-character", 1, 1],
    ["a vertical tab (not white space here)", "(a\vb)", "sexpr/invalid-character", 1, 3],
    ["a form feed (not white space here)", "\f", "sexpr/invalid-character", 1, 1],
    ["a NUL byte", "(a\0)", "sexpr/invalid-character", 1, 3],
    ["a bad character three lines down", "(a\n b\n  /)", "sexpr/invalid-character", 3, 3],
    ["a bad character after a multi-line string", '("x\ny" /)', "sexpr/invalid-character", 2, 4],
    ["a bad character after a comment", "(a ; c\n  /)", "sexpr/invalid-character", 2, 3],
  ];
  for (const [what, text, code, line, column] of cases) {
    it(`reports ${what} as ${code} at ${line}:${column}`, () => {
      const r = parseSexpr(text);
      assert.equal(r.datum, undefined);
      assert.equal(r.diagnostics.length, 1);
      const d = r.diagnostics[0]!;
      assert.deepEqual(
        { code: d.code, line: d.line, column: d.column, severity: d.severity },
        { code, line, column, severity: "error" },
        d.message,
      );
      assert.ok(d.message.length > 10);
    });
  }

  it("names the offending character in the message", () => {
    assert.match(parseSexpr("(a / b)").diagnostics[0]!.message, /`\/`/);
    assert.match(parseSexpr("\uFEFF()").diagnostics[0]!.message, /U\+FEFF.*byte order mark/);
  });

  it("shortens a huge integer in the message", () => {
    const message = parseSexpr("9".repeat(200)).diagnostics[0]!.message;
    assert.ok(message.length < 150, message);
  });
});

describe("parseSexpr nesting depth", () => {
  it("reads 1000 nested lists", () => {
    const r = parseSexpr("(".repeat(1000) + ")".repeat(1000));
    assert.deepEqual(r.diagnostics, []);
  });

  it("rejects 1001 nested lists with sexpr/too-deep", () => {
    const r = parseSexpr("(".repeat(1001) + ")".repeat(1001));
    assert.equal(r.diagnostics[0]?.code, "sexpr/too-deep");
    assert.equal(r.diagnostics[0]?.column, 1001);
  });

  it("rejects 100000 open parentheses without exhausting the stack", () => {
    assert.equal(parseSexpr("(".repeat(100_000)).diagnostics[0]?.code, "sexpr/too-deep");
  });

  it("counts quotes as nesting", () => {
    assert.equal(parseSexpr("'".repeat(100_000) + "x").diagnostics[0]?.code, "sexpr/too-deep");
  });

  it("counts dotted cdrs as nesting", () => {
    assert.equal(parseSexpr("(a . ".repeat(5000) + "b" + ")".repeat(5000)).diagnostics[0]?.code, "sexpr/too-deep");
  });

  it("takes the limit from the options", () => {
    assert.equal(parseSexpr("((a))", { maxDepth: 2 }).diagnostics[0]?.code, "sexpr/too-deep");
    assert.deepEqual(parseSexpr("((a))", { maxDepth: 3 }).diagnostics, []);
  });

  it("reads a long flat list", () => {
    const r = parseSexpr("(" + "a ".repeat(100_000) + ")");
    assert.deepEqual(r.diagnostics, []);
  });
});

describe("parseSexpr spans", () => {
  function span(d: Datum | undefined): (number | undefined)[] {
    assert.ok(d !== undefined);
    return [d.start, d.end, d.line, d.column];
  }

  it("gives every atom its offsets, line and column", () => {
    const text = '(a\n  "bc" 12\n #\\x #t #n #x1F 010 \'q)';
    const items: Datum[] = [];
    for (let d = read(text); d.kind === "cons"; d = d.cdr) items.push(d.car);
    const expected: [string, number, number][] = [
      ["a", 1, 2],
      ['"bc"', 2, 3],
      ["12", 2, 8],
      ["#\\x", 3, 2],
      ["#t", 3, 6],
      ["#n", 3, 9],
      ["#x1F", 3, 12],
      ["010", 3, 17],
      ["'q", 3, 21],
    ];
    assert.equal(items.length, expected.length);
    items.forEach((item, i) => {
      const [written, line, column] = expected[i]!;
      assert.equal(text.slice(item.start, item.end), written);
      assert.deepEqual([item.line, item.column], [line, column], written);
    });
  });

  it("spans a list from ( to ), its tail cells from their element to ), and the implicit () at )", () => {
    const d = read('(a "bc" 12)');
    assert.equal(d.kind, "cons");
    if (d.kind !== "cons") return;
    assert.deepEqual(span(d), [0, 11, 1, 1]);
    assert.deepEqual(span(d.cdr), [3, 11, 1, 4]);
    assert.ok(d.cdr.kind === "cons" && d.cdr.cdr.kind === "cons");
    if (d.cdr.kind !== "cons" || d.cdr.cdr.kind !== "cons") return;
    assert.deepEqual(span(d.cdr.cdr), [8, 11, 1, 9]);
    assert.deepEqual(span(d.cdr.cdr.cdr), [10, 11, 1, 11]);
    assert.equal(d.cdr.cdr.cdr.kind, "nil");
  });

  it("spans an explicit () and a dotted pair from ( to )", () => {
    assert.deepEqual(span(read(" ( ) ")), [1, 4, 1, 2]);
    assert.deepEqual(span(read(" (a . b) ")), [1, 8, 1, 2]);
  });

  it("spans a quote from ' to the end of its datum", () => {
    assert.deepEqual(span(read("' (a b)")), [0, 7, 1, 1]);
  });

  it("counts lines inside multi-line strings", () => {
    const d = read('("a\nb\nc" x)');
    assert.ok(d.kind === "cons" && d.cdr.kind === "cons");
    if (d.kind !== "cons" || d.cdr.kind !== "cons") return;
    assert.deepEqual(span(d.car), [1, 8, 1, 2]);
    assert.deepEqual(span(d.cdr.car), [9, 10, 3, 4]);
  });

  it("lets a caller append to a list by inserting at end - 1, keeping the rest of the file", () => {
    const texts: [string, string][] = [
      ['((title . "x")\n (comments 1 2)) ; end\n', '((title . "x")\n (comments 1 2 3)) ; end\n'],
      ["((comments))", "((comments 3))"],
      ["((comments . (1 2)))", "((comments . (1 2 3)))"],
      ["((comments . ()))", "((comments . ( 3)))"],
      ["((comments 1 2 ; last\n ))", "((comments 1 2 ; last\n  3))"],
    ];
    for (const [before, after] of texts) {
      const value = alistLookup(read(before), "comments");
      assert.ok(value?.end !== undefined);
      const at = value.end - 1;
      assert.equal(before[at], ")");
      const inserted = before.slice(0, at) + " 3" + before.slice(at);
      assert.equal(inserted, after);
      assert.deepEqual(parseSexpr(inserted).diagnostics, []);
    }
  });
});

describe("parseSexpr quoted files", () => {
  it("says quoted for a whole-file quote", () => {
    assert.equal(parseSexpr("'((a . 1))").quoted, true);
    assert.equal(parseSexpr("((a . 1))").quoted, false);
    assert.equal(parseSexpr("('a)").quoted, false);
  });

  it("readDataFile returns the quoted datum of an old data file, with a warning at the quote", () => {
    const r = readDataFile('\n  \'((time . "2009-01-01 00:00"))');
    assert.equal(r.quoted, true);
    assert.ok(r.datum !== undefined);
    assert.deepStrictEqual(strip(r.datum), list(cons(sym("time"), str("2009-01-01 00:00"))));
    assert.equal(r.diagnostics.length, 1);
    assert.deepEqual(
      { ...r.diagnostics[0], message: "" },
      { line: 2, column: 3, severity: "warning", code: "sexpr/quoted-file", message: "" },
    );
  });

  it("readDataFile passes unquoted files and errors through", () => {
    const ok = readDataFile("((a . 1))");
    assert.equal(ok.quoted, false);
    assert.deepEqual(ok.diagnostics, []);
    const bad = readDataFile("'(");
    assert.equal(bad.datum, undefined);
    assert.equal(bad.diagnostics[0]?.code, "sexpr/unclosed-list");
  });
});

describe("parseSexpr on arbitrary input", () => {
  const tokenAlphabet = fc.constantFrom(
    ..."()'\". #\\tfnxu0189aZ-+;\n\t é/\\".split(""),
    "#\\space",
    "#\\u41",
    "0x",
    "#x",
    '"\\u00e9"',
  );

  function checkResult(text: string): void {
    const r = parseSexpr(text);
    if (r.datum === undefined) {
      assert.equal(r.diagnostics.length, 1);
      const d = r.diagnostics[0]!;
      assert.equal(d.severity, "error");
      assert.match(d.code, /^sexpr\//);
      const lines = text.split("\n");
      assert.ok(d.line >= 1 && d.line <= lines.length, `line ${d.line}`);
      assert.ok(d.column >= 1 && d.column <= lines[d.line - 1]!.length + 1, `column ${d.column}`);
    } else {
      assert.deepEqual(r.diagnostics, []);
      assert.equal(r.quoted, r.datum.kind === "quote");
    }
  }

  it("never throws on random strings and places every error inside the text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => checkResult(text)), {
      numRuns: 2000,
    });
  });

  it("never throws on random sequences of s-expression tokens", () => {
    fc.assert(
      fc.property(fc.array(tokenAlphabet, { maxLength: 40 }), (tokens) => checkResult(tokens.join(""))),
      { numRuns: 5000 },
    );
  });
});
