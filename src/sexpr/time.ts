/**
 * The time format of blahgd's data files, `"YYYY-MM-DD HH:MM"` in UTC (post
 * and comment `time` values). blahgd parses it with glibc's
 * `strptime("%Y-%m-%d %H:%M")` and converts with timegm; this module does the
 * same, quirks included, so dates come out as blahgd showed them.
 */

/** C `isspace` in the C locale. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * glibc strptime's number rule: skip white space, then read 1 to `maxDigits`
 * digits, stopping early once another digit would surely exceed `to`
 * (so `%M` reads "60" as 6 and leaves the 0), then require from..to.
 */
function readNumber(
  s: string,
  pos: number,
  from: number,
  to: number,
  maxDigits: number,
): { value: number; pos: number } | undefined {
  while (isSpace(s.charCodeAt(pos))) pos++;
  let c = s.charCodeAt(pos);
  if (!(c >= 48 && c <= 57)) return undefined;
  let value = 0;
  let n = maxDigits;
  do {
    value = value * 10 + (c - 48);
    pos++;
    c = s.charCodeAt(pos);
  } while (--n > 0 && value * 10 <= to && c >= 48 && c <= 57);
  if (value < from || value > to) return undefined;
  return { value, pos };
}

/** The fields `strptime("%Y-%m-%d %H:%M")` would fill in, before normalisation. */
export interface BlahgdTimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Parses the fields like strptime, or undefined when strptime would fail. */
export function parseBlahgdTimeFields(s: string): BlahgdTimeFields | undefined {
  let pos = 0;
  const year = readNumber(s, pos, 0, 9999, 4);
  if (year === undefined || s.charCodeAt(year.pos) !== 45 /* - */) return undefined;
  const month = readNumber(s, year.pos + 1, 1, 12, 2);
  if (month === undefined || s.charCodeAt(month.pos) !== 45) return undefined;
  const day = readNumber(s, month.pos + 1, 1, 31, 2);
  if (day === undefined) return undefined;
  // A space in the format matches any amount of white space, none included.
  pos = day.pos;
  while (isSpace(s.charCodeAt(pos))) pos++;
  const hour = readNumber(s, pos, 0, 23, 2);
  if (hour === undefined || s.charCodeAt(hour.pos) !== 58 /* : */) return undefined;
  const minute = readNumber(s, hour.pos + 1, 0, 59, 2);
  if (minute === undefined) return undefined;
  // Whatever follows the minutes (seconds, a zone) is ignored, as blahgd does.
  return { year: year.value, month: month.value, day: day.value, hour: hour.value, minute: minute.value };
}

/** UTC Unix seconds of the fields, normalised like timegm (February 30 is March 1 or 2). */
export function blahgdFieldsToSeconds(f: BlahgdTimeFields): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not turn years 0..99 into 1900..1999.
  date.setUTCFullYear(f.year, f.month - 1, f.day);
  date.setUTCHours(f.hour, f.minute, 0, 0);
  return date.getTime() / 1000;
}

/**
 * Parses a blahgd time string `"YYYY-MM-DD HH:MM"` as UTC Unix seconds, the
 * way strptime `%Y-%m-%d %H:%M` does: fields may have fewer digits ("2015-1-2
 * 3:04"), white space is skipped before each number, anything after the
 * minutes is ignored, seconds are 0. Returns undefined when it does not parse.
 */
export function parseBlahgdTime(s: string): number | undefined {
  const fields = parseBlahgdTimeFields(s);
  return fields === undefined ? undefined : blahgdFieldsToSeconds(fields);
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** Formats UTC Unix seconds as `"YYYY-MM-DD HH:MM"` (minute precision, as blahgd writes comments). */
export function formatBlahgdTime(seconds: number): string {
  const d = new Date(Math.floor(seconds / 60) * 60_000);
  const year = String(d.getUTCFullYear()).padStart(4, "0");
  const date = `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  return `${date} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

const CANONICAL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

/**
 * True when `s` is exactly `YYYY-MM-DD HH:MM` and names a real date and time,
 * i.e. blahgd reads it as written.
 */
export function isCanonicalBlahgdTime(s: string): boolean {
  if (!CANONICAL.test(s)) return false;
  const seconds = parseBlahgdTime(s);
  return seconds !== undefined && formatBlahgdTime(seconds) === s;
}
