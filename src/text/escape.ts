/**
 * HTML/XML escaping of text, the one blahgd uses everywhere: `& < > "`.
 * Fast path first: most strings need no escaping at all.
 */

const NEEDS_ESCAPE = /[&<>"]/;
const ESCAPED: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export function escapeHtml(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[&<>"]/g, (ch) => ESCAPED[ch]!);
}
