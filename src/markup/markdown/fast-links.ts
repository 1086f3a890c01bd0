/**
 * Faster link normalisation for markdown-it. Its normalizeLink parses every
 * link destination with mdurl, runs punycode over every host and
 * percent-encodes each part; normalizeLinkText does the reverse for autolink
 * texts. For the common destinations (a relative path, or `http(s)://` and
 * an ASCII host) both return their input unchanged, which is checked here in
 * one pass over the characters; anything else goes to markdown-it's own
 * functions. A differential property test holds the two to the same output.
 *
 * Installed only over the functions it was written against: their source
 * text must have the fingerprint below (markdown-it 15.0).
 */

import type { MarkdownIt } from "markdown-it";
import { sourceFingerprint } from "./source-fingerprint.js";

/** SHA-256 of the source of MarkdownIt#normalizeLink and #normalizeLinkText, whitespace collapsed. */
const FINGERPRINT = "946464806bd4ef315fb01327f2c195d219489009a9f12a02cb26861692935484";

/** Characters mdurl's encode leaves as they are: ASCII letters and digits and `;/?:@&=+$,-_.!~*'()#`. */
const KEPT = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[0-9A-Za-z]/.test(ch) || ";/?:@&=+$,-_.!~*'()#".includes(ch)) KEPT[c] = 1;
}

const PERCENT = 0x25;
const COLON = 0x3a;
const DOT = 0x2e;

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLabelChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d;
}

/** Characters that may start a scheme (`[a-z0-9.+-]+:`, any case, as mdurl reads one). */
function isSchemeChar(c: number): boolean {
  return isLabelChar(c) || c === DOT || c === 0x2b;
}

/**
 * Whether `url[from..]` is kept as it is by mdurl's encode: kept characters
 * and, where `escapes` allows them, `%` with two hex digits.
 */
function keptFrom(url: string, from: number, escapes: boolean): boolean {
  for (let i = from; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === PERCENT) {
      if (!escapes || i + 2 >= url.length || !isHex(url.charCodeAt(i + 1)) || !isHex(url.charCodeAt(i + 2))) return false;
      i += 2;
    } else if (c >= 128 || KEPT[c] === 0) {
      return false;
    }
  }
  return true;
}

/**
 * Where a plain host `label(.label)*(:port)?` starting at `from` ends (at
 * `/`, `?`, `#` or the end), or -1: labels of 1-63 letters, digits and `-`,
 * none starting `xn--` (punycode, which normalizeLinkText decodes), at most
 * 255 characters, a port of at least one digit.
 */
function plainHostEnd(url: string, from: number): number {
  let i = from;
  for (;;) {
    const start = i;
    while (i < url.length && isLabelChar(url.charCodeAt(i))) i++;
    if (i === start || i - start > 63) return -1;
    if (i - start >= 4 && url.slice(start, start + 4).toLowerCase() === "xn--") return -1;
    if (url.charCodeAt(i) !== DOT) break;
    i++;
  }
  if (i - from > 255) return -1;
  if (url.charCodeAt(i) === COLON) {
    const start = ++i;
    while (i < url.length && isDigit(url.charCodeAt(i))) i++;
    if (i === start) return -1;
  }
  if (i === url.length) return i;
  const c = url.charCodeAt(i);
  return c === 0x2f || c === 0x3f || c === 0x23 ? i : -1;
}

/**
 * Whether markdown-it's normalizeLink (`escapes` true) or normalizeLinkText
 * (false) gives `url` back unchanged, by a check that is sufficient (not
 * necessary): either no scheme and not `//`, so mdurl reads the whole as
 * path, query and fragment; or lower-case `http://` or `https://` and a
 * plain host, which punycode leaves as it is. In both, every character must
 * be one encode keeps (and no `%` for normalizeLinkText, whose decode would
 * read it).
 */
export function isUnchangedByNormalizing(url: string, escapes: boolean): boolean {
  let i = 0;
  while (i < url.length && isSchemeChar(url.charCodeAt(i))) i++;
  if (i > 0 && url.charCodeAt(i) === COLON) {
    const afterScheme = url.startsWith("https://") ? 8 : url.startsWith("http://") ? 7 : -1;
    if (afterScheme === -1) return false;
    const hostEnd = plainHostEnd(url, afterScheme);
    return hostEnd !== -1 && keptFrom(url, hostEnd, escapes);
  }
  if (url.startsWith("//")) return false;
  return keptFrom(url, 0, escapes);
}

/** Source fingerprint of the functions this replaces. */
export function normalizersFingerprint(md: MarkdownIt): string {
  const proto = Object.getPrototypeOf(md) as MarkdownIt;
  return sourceFingerprint(proto.normalizeLink, proto.normalizeLinkText);
}

/** Gives `md` the faster normalizers if its markdown-it is the one they were written for; says whether they are in place. */
export function installFastLinks(md: MarkdownIt): boolean {
  if (normalizersFingerprint(md) !== FINGERPRINT) return false;
  const proto = Object.getPrototypeOf(md) as MarkdownIt;
  const normalizeLink = proto.normalizeLink;
  const normalizeLinkText = proto.normalizeLinkText;
  md.normalizeLink = (url) => (isUnchangedByNormalizing(url, true) ? url : normalizeLink.call(md, url));
  md.normalizeLinkText = (url) => (isUnchangedByNormalizing(url, false) ? url : normalizeLinkText.call(md, url));
  return true;
}
