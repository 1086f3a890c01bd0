import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatBlahgdTime, isCanonicalBlahgdTime, parseBlahgdTime } from "./time.js";

function utc(year: number, month: number, day: number, hour = 0, minute = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, 0, 0);
  return d.getTime() / 1000;
}

describe("parseBlahgdTime", () => {
  const cases: [what: string, text: string, expected: number | undefined][] = [
    ["the canonical form", "2015-09-19 21:28", utc(2015, 9, 19, 21, 28)],
    ["the epoch", "1970-01-01 00:00", 0],
    ["seconds after the minutes, ignoring them", "2015-09-19 21:28:59", utc(2015, 9, 19, 21, 28)],
    ["anything after the minutes, ignoring it", "2015-09-19 21:28 UTC", utc(2015, 9, 19, 21, 28)],
    ["single-digit fields", "2015-9-1 3:4", utc(2015, 9, 1, 3, 4)],
    ["leading white space", "  2015-09-19 21:28", utc(2015, 9, 19, 21, 28)],
    ["white space before each number", "2015- 09- 19  21: 28", utc(2015, 9, 19, 21, 28)],
    ["no space between day and hour (the format space matches none)", "2015-09-1921:28", utc(2015, 9, 19, 21, 28)],
    ["a tab between date and time", "2015-09-19\t21:28", utc(2015, 9, 19, 21, 28)],
    ["minute 60 as minute 6, as strptime reads only digits that keep it in range", "2015-09-19 21:60", utc(2015, 9, 19, 21, 6)],
    ["February 30 as March 2, normalised like timegm", "2015-02-30 00:00", utc(2015, 3, 2)],
    ["a two-digit year as that year, not 19xx", "15-01-01 00:00", utc(15, 1, 1)],
    ["year 0", "0-01-01 00:00", utc(0, 1, 1)],
    ["year 9999", "9999-12-31 23:59", utc(9999, 12, 31, 23, 59)],
    ["a date without a time as unparsable", "2015-09-19", undefined],
    ["a five-digit year as unparsable", "20155-01-01 00:00", undefined],
    ["month 13 as unparsable", "2015-13-01 00:00", undefined],
    ["month 0 as unparsable", "2015-00-01 00:00", undefined],
    ["day 32 as unparsable", "2015-01-32 00:00", undefined],
    ["day 0 as unparsable", "2015-01-00 00:00", undefined],
    ["hour 24 as unparsable", "2015-01-01 24:00", undefined],
    ["slashes as unparsable", "2015/01/01 00:00", undefined],
    ["the empty string as unparsable", "", undefined],
    ["a negative year as unparsable", "-2015-01-01 00:00", undefined],
    ["a T separator as unparsable", "2015-01-01T00:00", undefined],
    ["a missing minute as unparsable", "2015-01-01 00:", undefined],
  ];
  for (const [what, text, expected] of cases) {
    it(`reads ${what}`, () => assert.equal(parseBlahgdTime(text), expected));
  }
});

describe("formatBlahgdTime", () => {
  it("formats UTC seconds to the minute", () => {
    assert.equal(formatBlahgdTime(0), "1970-01-01 00:00");
    assert.equal(formatBlahgdTime(utc(2016, 1, 2, 3, 4) + 59), "2016-01-02 03:04");
    assert.equal(formatBlahgdTime(utc(15, 1, 1)), "0015-01-01 00:00");
  });
  it("round-trips with parseBlahgdTime", () => {
    for (const s of ["2009-01-01 00:00", "2020-04-10 23:59", "2000-02-29 12:30"]) {
      assert.equal(formatBlahgdTime(parseBlahgdTime(s)!), s);
    }
  });
});

describe("isCanonicalBlahgdTime", () => {
  const cases: [string, boolean][] = [
    ["2015-09-19 21:28", true],
    ["2000-02-29 12:30", true],
    ["2015-9-19 21:28", false],
    ["2015-09-19 21:28:00", false],
    ["2015-02-30 00:00", false],
    ["2015-09-19 21:60", false],
    [" 2015-09-19 21:28", false],
    ["garbage", false],
  ];
  for (const [text, expected] of cases) {
    it(`says ${JSON.stringify(text)} is ${expected ? "" : "not "}canonical`, () => assert.equal(isCanonicalBlahgdTime(text), expected));
  }
});
