/**
 * Query strings as blahgd reads them (spec 4.3): pieces split on `&`, each
 * at its first `=`; names and values URL-decoded (`+` is a space); a name
 * without `=` is present with a null value; the last of duplicate names
 * wins. A value holding another `=` makes the whole query malformed (blahgd
 * dropped the connection; blahg answers 400). A piece with a bad `%` escape
 * is dropped.
 */

export type QueryParams = ReadonlyMap<string, string | null>;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Decodes `%XX` and `+`; undefined for a bad escape. Bytes that are not UTF-8 become U+FFFD. */
export function urlDecode(s: string): string | undefined {
  if (!s.includes("%")) return s.includes("+") ? s.replaceAll("+", " ") : s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) return undefined;
      bytes.push(hi * 16 + lo);
      i += 2;
    } else if (c === 43 /* + */) {
      bytes.push(32);
    } else if (c < 128) {
      bytes.push(c);
    } else {
      for (const b of Buffer.from(s[i]!, "utf8")) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The parameters of a query string (without the `?`), or "malformed". */
export function parseQuery(query: string): QueryParams | "malformed" {
  const params = new Map<string, string | null>();
  if (query === "") return params;
  for (const piece of query.split("&")) {
    const eq = piece.indexOf("=");
    const rawName = eq === -1 ? piece : piece.slice(0, eq);
    const rawValue = eq === -1 ? null : piece.slice(eq + 1);
    if (rawValue?.includes("=")) return "malformed";
    const name = urlDecode(rawName);
    const value = rawValue === null ? null : urlDecode(rawValue);
    if (name === undefined || value === undefined) continue;
    params.set(name, value);
  }
  return params;
}

const U64_MAX = (1n << 64n) - 1n;

/**
 * C `strtoull` in base 10 as blahgd uses it: leading white space and one `+`
 * allowed, then digits and nothing else; `-`, junk and overflow rejected.
 */
export function parseUnsigned(value: string | null | undefined): bigint | undefined {
  if (value == null) return undefined;
  const match = /^[ \t\n\v\f\r]*\+?([0-9]+)$/.exec(value);
  if (!match) return undefined;
  const n = BigInt(match[1]!);
  return n <= U64_MAX ? n : undefined;
}
