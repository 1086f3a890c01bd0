import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  escapeHtml,
  findFilter,
  formatDate,
  formatRfc822,
  formatTime,
  formatZulu,
  urlEscape,
  utcTime,
} from "./filters.js";
import { escapeXml } from "../text/escape.js";

describe("escapeHtml", () => {
  const cases: [string, string][] = [
    ["", ""],
    ["plain", "plain"],
    ["a & b", "a &amp; b"],
    ["<b>", "&lt;b&gt;"],
    ['say "hi"', "say &quot;hi&quot;"],
    ["it's", "it's"],
    ["&&", "&amp;&amp;"],
    ["x<", "x&lt;"],
    ["é & ü", "é &amp; ü"],
  ];
  for (const [input, expected] of cases) {
    it(`escapes ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      assert.equal(escapeHtml(input), expected);
    });
  }

  it("returns the very same string when nothing needs escaping", () => {
    const s = "nothing to do here";
    assert.equal(escapeHtml(s), s);
  });

  it("agrees with a naive replace on any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("&", "<", ">", '"', "'", "a", "é", " ") }), (s) => {
        const naive = s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
        assert.equal(escapeHtml(s), naive);
      }),
    );
  });
});

describe("urlEscape", () => {
  const cases: [string, string][] = [
    ["", ""],
    ["AZaz09-_.~", "AZaz09-_.~"],
    ["a b", "a+b"],
    ["C++", "C%2B%2B"],
    ["a/b?c=d&e", "a%2Fb%3Fc%3Dd%26e"],
    ["!'()*", "%21%27%28%29%2A"],
    ["100%", "100%25"],
    ["%20", "%2520"],
    ["ü", "%C3%BC"],
    ["€", "%E2%82%AC"],
    ["😀", "%F0%9F%98%80"],
    ["\n\t", "%0A%09"],
    ["\u007f", "%7F"],
  ];
  for (const [input, expected] of cases) {
    it(`escapes ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      assert.equal(urlEscape(input), expected);
    });
  }

  it("agrees with a byte-by-byte reference on any string", () => {
    const reference = (s: string): string =>
      [...Buffer.from(s, "utf8")]
        .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) && b < 128 ? String.fromCharCode(b) : b === 32 ? "+" : "%" + b.toString(16).toUpperCase().padStart(2, "0")))
        .join("");
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom(" ", "+", "%", "~", "a", "Z", "9", "ü", "😀", "\ud800"), fc.string({ unit: "binary", maxLength: 1 })) }), (s) => {
        assert.equal(urlEscape(s), reference(s));
      }),
    );
  });

  it("encodes a lone surrogate as the replacement character instead of throwing", () => {
    assert.equal(urlEscape("a\ud800 b"), "a%EF%BF%BD+b");
  });
});

describe("date filters", () => {
  // 2016-01-01T00:00:00Z, a Friday.
  const newYear2016 = 1451606400;
  // 2016-01-20T10:00:00Z, a Wednesday (the spec's rfc822 example).
  const jan20 = 1453284000;

  const cases: [string, (s: number | bigint) => string | undefined, number | bigint, string][] = [
    ["date pads a single-digit day with a space", formatDate, newYear2016, "January  1, 2016"],
    ["date prints a two-digit day as is", formatDate, jan20, "January 20, 2016"],
    ["date prints the epoch", formatDate, 0, "January  1, 1970"],
    ["date handles a leap day", formatDate, 1456704000, "February 29, 2016"],
    ["date handles the last second of a year", formatDate, 1483228799, "December 31, 2016"],
    ["time zero-pads hours and minutes", formatTime, newYear2016 + 9 * 3600 + 5 * 60 + 59, "09:05"],
    ["time prints 23:59", formatTime, newYear2016 - 1, "23:59"],
    ["zulu prints RFC 3339 UTC", formatZulu, jan20 + 7, "2016-01-20T10:00:07Z"],
    ["zulu prints the epoch", formatZulu, 0, "1970-01-01T00:00:00Z"],
    ["rfc822 prints the weekday", formatRfc822, jan20, "Wed, 20 Jan 2016 10:00:00 +0000"],
    ["rfc822 zero-pads the day", formatRfc822, newYear2016, "Fri, 01 Jan 2016 00:00:00 +0000"],
    ["rfc822 prints a Sunday", formatRfc822, 1454198400, "Sun, 31 Jan 2016 00:00:00 +0000"],
    ["date takes a bigint", formatDate, 1451606400n, "January  1, 2016"],
    ["zulu handles years past 9999", formatZulu, 253402300800, "10000-01-01T00:00:00Z"],
  ];
  for (const [what, f, input, expected] of cases) {
    it(`${what}: ${expected}`, () => {
      assert.equal(f(input), expected);
    });
  }

  it("gives up past 2^53-1 seconds (nanosecond 'now' values land here)", () => {
    assert.equal(formatDate(1_700_000_000_000_000_000n), undefined);
    assert.equal(formatZulu(2n ** 53n), undefined);
    assert.notEqual(formatZulu(2 ** 53 - 1), undefined);
  });

  it("agrees with Date for any time Date can hold", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8_640_000_000_000 }), (s) => {
        const d = new Date(s * 1000);
        const t = utcTime(s)!;
        assert.deepEqual(
          [t.year, t.month, t.day, t.weekday, t.hour, t.minute, t.second],
          [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()],
        );
      }),
    );
  });
});

describe("findFilter", () => {
  it("knows the six blahgd filters and nothing else", () => {
    for (const name of ["escape", "urlescape", "date", "time", "zulu", "rfc822"]) assert.ok(findFilter(name), name);
    for (const name of ["upper", "toString", "constructor", "__proto__"]) assert.equal(findFilter(name), undefined, name);
  });
});

describe("what the filters produce", () => {
  it("makes HTML with escape, and inert text with urlescape and the date filters", () => {
    const produced = Object.fromEntries(["escape", "urlescape", "date", "time", "zulu", "rfc822"].map((n) => [n, findFilter(n)!.produces]));
    assert.deepEqual(produced, { escape: "html", urlescape: "inert", date: "inert", time: "inert", zulu: "inert", rfc822: "inert" });
  });

  it("makes urlescape output that neither HTML nor XML escaping changes (so printing it as is is right)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const out = urlEscape(s);
        return escapeHtml(out) === out && escapeXml(out) === out;
      }),
    );
  });

  it("makes dates that neither HTML nor XML escaping changes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (t) =>
        [formatDate, formatTime, formatZulu, formatRfc822].every((f) => {
          const out = f(t)!;
          return escapeHtml(out) === out && escapeXml(out) === out;
        })),
    );
  });
});
