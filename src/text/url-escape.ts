/**
 * URL-escaping of a query value as blahgd's `urlescape` does it, and as
 * every URL blahg builds uses it: `[A-Za-z0-9-_.~]` kept, space to `+`,
 * every other UTF-8 byte to `%XX` (uppercase hex). And a decoded path made
 * URL text again, for files that list paths (redirect rules, the config).
 */

const URL_SAFE = /^[A-Za-z0-9\-_.~]*$/;
const utf8 = new TextEncoder();

/** `%XX` for every byte value, so escaping is a table lookup. */
const PERCENT_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => "%" + b.toString(16).toUpperCase().padStart(2, "0"));

/** ASCII bytes urlescape keeps: [A-Za-z0-9] and - _ . ~ */
const URL_KEEP = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~") URL_KEEP[c.charCodeAt(0)] = 1;

export function urlEscape(s: string): string {
  if (URL_SAFE.test(s)) return s;
  let out = "";
  let last = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (URL_KEEP[c] === 1) continue;
      if (last < i) out += s.slice(last, i);
      out += c === 32 ? "+" : PERCENT_HEX[c]!;
      last = i + 1;
    } else {
      let j = i + 1;
      while (j < n && s.charCodeAt(j) >= 128) j++;
      if (last < i) out += s.slice(last, i);
      out += percentEncodeNonAscii(s.slice(i, j));
      last = j;
      i = j - 1;
    }
  }
  return last < n ? out + s.slice(last) : out;
}

/** A run of non-ASCII characters as `%XX` per UTF-8 byte. */
function percentEncodeNonAscii(run: string): string {
  try {
    // Escapes every non-ASCII character, as uppercase %XX of its UTF-8 bytes.
    return encodeURIComponent(run);
  } catch {
    // A lone surrogate: encode it as the replacement character, like a UTF-8 decoder would.
    let out = "";
    for (const b of utf8.encode(run)) out += PERCENT_HEX[b]!;
    return out;
  }
}

/** A decoded path percent-encoded segment by segment (`/` kept, `@` too), as redirect files and the config write it. */
export function encodePath(path: string): string {
  return path.split("/").map((segment) => encodeURIComponent(segment).replace(/%40/g, "@")).join("/");
}
