/**
 * Paragraphs the way WordPress makes them at display time (its `wpautop`
 * filter), written from its documented behaviour: text separated by a
 * blank line becomes a `<p>`, a single line break inside one becomes
 * `<br />`, block elements are never wrapped in a `<p>` nor get `<br />`
 * beside their tags, and `<pre>`, `<script>`, `<style>` and HTML comments
 * are left exactly as written. Text right inside a `<blockquote>` gets its
 * paragraphs, as in WordPress; text inside other blocks (`<div>x</div>`)
 * stays as it is.
 */

const BLOCK_NAMES =
  "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|main|iframe|video|audio|object|embed|svg|script|noscript|select|option|textarea";
const BLOCK_TAG = `</?(?:${BLOCK_NAMES})(?:\\s[^>]*)?/?>`;

const BLOCK_OPEN = new RegExp(`(<(?:${BLOCK_NAMES})(?:\\s[^>]*)?/?>)`, "gi");
const BLOCK_CLOSE = new RegExp(`(</(?:${BLOCK_NAMES})>)`, "gi");
const LEADING_BLOCK_TAGS = new RegExp(`^(?:\\s*${BLOCK_TAG})+`, "i");
const TRAILING_BLOCK_TAGS = new RegExp(`(?:${BLOCK_TAG}\\s*)+$`, "i");
/** Text may be wrapped right after these opening tags... */
const WRAP_AFTER = /<blockquote(?:\s[^>]*)?>$/i;
/** ...and right before these closing tags. */
const WRAP_BEFORE = /^<\/(?:blockquote|div|address|form)>/i;

/** Parts kept verbatim: no paragraphs or breaks are made inside them. */
const VERBATIM = /<pre[\s>][\s\S]*?<\/pre>|<script[\s>][\s\S]*?<\/script>|<style[\s>][\s\S]*?<\/style>|<!--[\s\S]*?-->/gi;
const MARK = "\u{F8FF}";
const PLACEHOLDER = /\u{F8FF}(\d+)\u{F8FF}/gu;

/** Line breaks of the text as `<br />`, never inside a tag nor at a block tag. */
function lineBreaks(text: string): string {
  return text.replace(/(<[^>]*>)|\n/g, (_, tag: string | undefined) => (tag !== undefined ? tag.replace(/\n/g, " ") : "<br />\n"));
}

function paragraph(part: string): string {
  const lead = LEADING_BLOCK_TAGS.exec(part)?.[0] ?? "";
  let rest = part.slice(lead.length);
  const trail = TRAILING_BLOCK_TAGS.exec(rest)?.[0] ?? "";
  rest = rest.slice(0, rest.length - trail.length);
  if (rest.trim() === "") return part + "\n";
  const middle = lineBreaks(rest.trim());
  const wrap = (lead === "" || WRAP_AFTER.test(lead.trimEnd())) && (trail === "" || WRAP_BEFORE.test(trail.trimStart()));
  return wrap ? `${lead}<p>${middle}</p>${trail}\n` : `${lead}${middle}${trail}\n`;
}

export function wpautop(source: string): string {
  // The placeholder character, should the text hold it, is written as a reference (it shows the same).
  let text = source.replace(/\r\n?/g, "\n").replace(/\u{F8FF}/gu, "&#xF8FF;");
  if (text.trim() === "") return "";
  // Verbatim parts become placeholders (a private-use character) and come back at the end.
  const kept: string[] = [];
  text = text.replace(VERBATIM, (part) => {
    kept.push(part);
    const mark = `${MARK}${kept.length - 1}${MARK}`;
    // A <pre> and friends are blocks; a comment sits where it is.
    return part.startsWith("<!--") ? mark : `\n\n${mark}\n\n`;
  });
  text = text.replace(BLOCK_OPEN, "\n\n$1").replace(BLOCK_CLOSE, "$1\n\n");
  // Two `<br>` in a row are a paragraph break, as in WordPress.
  text = text.replace(/<br\s*\/?>\s*<br\s*\/?>/gi, "\n\n");
  const parts = text.split(/\n[ \t]*\n/).map((p) => p.trim()).filter((p) => p !== "");
  const html = parts.map((p) => (new RegExp(`^${MARK}\\d+${MARK}$`, "u").test(p) ? p + "\n" : paragraph(p))).join("");
  return html.replace(PLACEHOLDER, (_, n: string) => kept[Number(n)]!);
}
