/**
 * The dates front matter accepts: ISO 8601 with or without a time and a zone
 * (`2024-05-01`, `2024-05-01T10:30:00+02:00`, `2024-05-01 10:30Z`) and
 * blahgd's `YYYY-MM-DD HH:MM`. A date without a zone is UTC, the only time
 * zone blahgd knows (spec 1.8).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Unix seconds, or undefined when the text is not such a date. */
export function parsePostDate(text: string): number | undefined {
  const m = DATE.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // A zone without a time (`2024-05-01Z`) is not ISO 8601.
  if (m[4] === undefined && m[8] !== undefined) return undefined;
  let offset = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2) || "0");
    if (hours > 23 || minutes > 59) return undefined;
    offset = (zone[0] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  return Math.floor(Date.UTC(year, month - 1, day, hour, minute, second) / 1000) - offset * 60;
}
