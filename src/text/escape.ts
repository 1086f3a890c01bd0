/**
 * HTML/XML escaping of text, the one blahgd uses everywhere: `& < > "`
 * (not `'`). It runs on every title, tag and text node, so the common case
 * of nothing to escape costs one native search.
 */

const ESCAPE_NEEDED = /[&<>"]/;

export function escapeHtml(s: string): string {
  const first = s.search(ESCAPE_NEEDED);
  if (first === -1) return s;
  let out = s.slice(0, first);
  let last = first;
  for (let i = first; i < s.length; i++) {
    let replacement: string;
    switch (s.charCodeAt(i)) {
      case 38:
        replacement = "&amp;";
        break;
      case 60:
        replacement = "&lt;";
        break;
      case 62:
        replacement = "&gt;";
        break;
      case 34:
        replacement = "&quot;";
        break;
      default:
        continue;
    }
    if (last < i) out += s.slice(last, i);
    out += replacement;
    last = i + 1;
  }
  return last < s.length ? out + s.slice(last) : out;
}

/**
 * What XML 1.0 forbids in a document (C0 controls other than tab, LF and
 * CR; U+FFFE; U+FFFF; a surrogate without its other half), plus every
 * surrogate so that the quick test below needs no lookaround: a hit is only
 * a reason to look closer.
 */
const XML_MAYBE_FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const XML_FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ESCAPE_OR_FORBIDDEN = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * `s` without the characters XML 1.0 forbids, which no escape can carry
 * (`&#1;` is not well-formed either). Pairs of surrogates (emoji) stay.
 */
export function stripXmlForbidden(s: string): string {
  if (!XML_MAYBE_FORBIDDEN.test(s)) return s;
  return s.replace(XML_FORBIDDEN, "");
}

/** Text for an XML document: escaped as {@link escapeHtml} does, and without what XML forbids. */
export function escapeXml(s: string): string {
  if (!XML_ESCAPE_OR_FORBIDDEN.test(s)) return s;
  return escapeHtml(stripXmlForbidden(s));
}

const XML_HTML_NEEDS_WORK = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]|\]\]>/;

/**
 * Markup for an XML document (a feed's body, usually in CDATA): without what
 * XML forbids, and with `]]>` written `]]&gt;` (the same characters to an
 * HTML reader), so it can neither end a CDATA section early nor appear in
 * XML text, where it is not allowed.
 */
export function htmlForXml(s: string): string {
  if (!XML_HTML_NEEDS_WORK.test(s)) return s;
  return stripXmlForbidden(s).replaceAll("]]>", "]]&gt;");
}
