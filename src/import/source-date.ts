/**
 * Dates as Jekyll and Hugo sites write them (`2014-01-05`, `2014-01-05
 * 10:00:00 +0100`, `2019-01-02T15:04:05-07:00`, ...), with the wall-clock
 * parts as written: old URLs were built from those, while blahg keeps the
 * instant. A date without a zone is UTC, as everywhere in blahg.
 */

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export interface SourceDate {
  /** Unix seconds. */
  seconds: number;
  /** The date and time as written, in its own zone. */
  local: DateParts;
  /** Minutes east of UTC; undefined when the date names no zone. */
  offset?: number;
}

const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?[ \t]*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseSourceDate(value: unknown): SourceDate | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return fromInstant(Math.floor(value.getTime() / 1000));
  }
  if (typeof value !== "string") return undefined;
  const m = DATE.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  let offset: number | undefined;
  const zone = m[7];
  if (zone !== undefined) {
    if (/^(?:z|utc)$/i.test(zone)) offset = 0;
    else {
      const digits = zone.slice(1).replace(":", "");
      const hours = Number(digits.slice(0, 2));
      const minutes = Number(digits.slice(2) || "0");
      if (hours > 23 || minutes > 59) return undefined;
      offset = (zone[0] === "-" ? -1 : 1) * (hours * 60 + minutes);
    }
  }
  const seconds = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - (offset ?? 0) * 60;
  return { seconds, local: { year, month, day, hour, minute, second }, ...(offset !== undefined && { offset }) };
}

/** The date of a Jekyll post file name (`2014-01-05-title.md`), midnight UTC. */
export function dateOfFileName(year: string, month: string, day: string): SourceDate | undefined {
  return parseSourceDate(`${year}-${month}-${day}`);
}

export function fromInstant(seconds: number): SourceDate {
  const d = new Date(seconds * 1000);
  return {
    seconds,
    local: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() },
    offset: 0,
  };
}

/** The parts of the instant in UTC, which blahg's permalinks use. */
export function utcParts(date: SourceDate): DateParts {
  return fromInstant(date.seconds).local;
}

export function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** ISO 8601 in the date's own zone (`Z` when it had none), which blahg's front matter reads. */
export function formatSourceDate(date: SourceDate): string {
  const { year, month, day, hour, minute, second } = date.local;
  const offset = date.offset ?? 0;
  const zone = offset === 0 ? "Z" : `${offset < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${zone}`;
}
