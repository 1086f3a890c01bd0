/** Times as RFC 3339 / W3C datetime in UTC, to the second: `2024-01-15T12:00:00Z` (sitemaps, JSON Feed). */

const EPOCH = "1970-01-01T00:00:00Z";

/** `seconds` since the epoch; times no calendar holds (not finite, past year 9999) read as the epoch. */
export function rfc3339Utc(seconds: number): string {
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) return EPOCH;
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
