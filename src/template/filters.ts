/**
 * The pipeline filters of blahgd templates (`{x|escape}`, `{time|zulu}`…):
 * exact output of the C filters, all times in UTC with English names.
 * Date filters take Unix seconds and compute the calendar themselves, so
 * they allocate no Date and work for any unsigned second count below 2^53.
 */

import { escapeHtml } from "../text/escape.js";
import { urlEscape } from "../text/url-escape.js";
import type { UnsignedInteger } from "./value.js";

/** `escape` and `urlescape`, shared with the rest of blahg. */
export { escapeHtml, urlEscape };

/** What a filter accepts; anything else is a render problem (blahgd aborts). */
export type FilterInputKind = "string" | "integer";

/**
 * The kind of string a filter makes, which decides how it is printed:
 * `html` as is (what `escape` made shows its input as written), `text`
 * escaped for the output, `inert` as is because it cannot hold anything
 * to escape or strip (URL-escaped bytes, dates).
 */
export type FilterOutputKind = "html" | "text" | "inert";

export type TemplateFilter =
  | {
      /** A string: the characters of text, or the markup of HTML. */
      readonly accepts: "string";
      readonly produces: FilterOutputKind;
      readonly apply: (value: string) => string;
    }
  | {
      readonly accepts: "integer";
      readonly produces: FilterOutputKind;
      /** The filtered text, or undefined when the time is out of range. */
      readonly apply: (value: UnsignedInteger) => string | undefined;
    };

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** A UTC calendar instant, as `gmtime` would fill a `struct tm`. */
export interface UtcTime {
  readonly year: number;
  /** 0 = January. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
  /** 0 = Sunday. */
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * The UTC calendar time of `seconds` since the epoch, or undefined when it
 * is past 2^53-1 seconds (the edge of exact arithmetic; year ~285 million).
 */
export function utcTime(seconds: UnsignedInteger): UtcTime | undefined {
  const t = typeof seconds === "number" ? seconds : seconds <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(seconds) : -1;
  if (t < 0) return undefined;
  // Templates format one time several ways in a row (zulu, date, time).
  if (t === lastSeconds) return lastTime;
  lastTime = computeUtcTime(t);
  lastSeconds = t;
  return lastTime;
}

let lastSeconds = -1;
let lastTime: UtcTime | undefined;

function computeUtcTime(t: number): UtcTime {
  const days = Math.floor(t / 86400);
  const secOfDay = t - days * 86400;
  // Days to civil date, after Howard Hinnant's "chrono-compatible low-level
  // date algorithms" (days >= 0 here, so plain division is floor division).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 2 : mp - 10;
  const year = yoe + era * 400 + (month <= 1 ? 1 : 0);
  return {
    year,
    month,
    day,
    weekday: (days + 4) % 7, // 1970-01-01 was a Thursday
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor(secOfDay / 60) % 60,
    second: secOfDay % 60,
  };
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** `%B %e, %Y`: `January  1, 2016` (the day is space-padded to two characters). */
export function formatDate(seconds: UnsignedInteger): string | undefined {
  const t = utcTime(seconds);
  if (t === undefined) return undefined;
  return `${MONTHS[t.month]!} ${t.day < 10 ? " " + t.day : t.day}, ${t.year}`;
}

/** `%H:%M`: `09:05`. */
export function formatTime(seconds: UnsignedInteger): string | undefined {
  const t = utcTime(seconds);
  if (t === undefined) return undefined;
  return `${pad2(t.hour)}:${pad2(t.minute)}`;
}

/** `%Y-%m-%dT%H:%M:%SZ`: `2016-01-20T10:00:00Z` (Atom, RFC 3339). */
export function formatZulu(seconds: UnsignedInteger): string | undefined {
  const t = utcTime(seconds);
  if (t === undefined) return undefined;
  return `${t.year}-${pad2(t.month + 1)}-${pad2(t.day)}T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}Z`;
}

/** `%a, %d %b %Y %H:%M:%S +0000`: `Wed, 20 Jan 2016 10:00:00 +0000` (RSS). */
export function formatRfc822(seconds: UnsignedInteger): string | undefined {
  const t = utcTime(seconds);
  if (t === undefined) return undefined;
  return (
    `${WEEKDAYS[t.weekday]!.slice(0, 3)}, ${pad2(t.day)} ${MONTHS[t.month]!.slice(0, 3)} ${t.year} ` +
    `${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)} +0000`
  );
}

/**
 * The filters blahgd knows; any other name is a silent no-op. `escape`
 * makes HTML, so text escaped by it is not escaped again when printed, and
 * HTML through it (`{body|escape}`) becomes markup that shows the markup.
 */
export const TEMPLATE_FILTERS: Readonly<Record<string, TemplateFilter>> = {
  escape: { accepts: "string", produces: "html", apply: escapeHtml },
  urlescape: { accepts: "string", produces: "inert", apply: urlEscape },
  date: { accepts: "integer", produces: "inert", apply: formatDate },
  time: { accepts: "integer", produces: "inert", apply: formatTime },
  zulu: { accepts: "integer", produces: "inert", apply: formatZulu },
  rfc822: { accepts: "integer", produces: "inert", apply: formatRfc822 },
};

/** The filter named `name`, or undefined for an unknown (no-op) one. */
export function findFilter(name: string): TemplateFilter | undefined {
  return Object.hasOwn(TEMPLATE_FILTERS, name) ? TEMPLATE_FILTERS[name] : undefined;
}
