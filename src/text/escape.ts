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
