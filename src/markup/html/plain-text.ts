/**
 * The plain text of author HTML, for summaries, descriptions and search:
 * tags dropped, entities decoded, a blank line between blocks, the content
 * of `<script>`, `<style>` and comments left out. Linear and never throws.
 */

const NAMED: Readonly<Record<string, string>> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", hellip: "…", mdash: "—", ndash: "–",
  lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", laquo: "«", raquo: "»", copy: "©", reg: "®", trade: "™",
  deg: "°", times: "×", middot: "·", bull: "•", euro: "€", pound: "£", eacute: "é", egrave: "è", agrave: "à",
  ccedil: "ç", uuml: "ü", ouml: "ö", auml: "ä", szlig: "ß", shy: "\u00ad",
};

/** Decodes character references; an unknown or invalid one stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (m, ref: string) => {
    if (ref[0] !== "#") return NAMED[ref] ?? m;
    const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : "\ufffd";
  });
}

const BLOCK = /^(?:p|div|br|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|table|tr|td|th|figure|figcaption|section|article|header|footer|aside|nav|hr|address|details|summary)$/i;

/** The text of `html`; stops early once `limit` characters are written. */
export function htmlToText(html: string, limit = Infinity): string {
  const out: string[] = [];
  let length = 0;
  let pendingBreak = false;
  const push = (text: string): void => {
    if (pendingBreak && length > 0) {
      out.push("\n\n");
      length += 2;
    }
    pendingBreak = false;
    out.push(text);
    length += text.length;
  };
  const token = /<!--[\s\S]*?(?:-->|$)|<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)|<\/?([a-zA-Z][a-zA-Z0-9-]*)[^>]*>?|[^<]+|</gi;
  for (let m = token.exec(html); m && length < limit; m = token.exec(html)) {
    const [whole, skipped, tag] = m;
    if (skipped !== undefined || whole.startsWith("<!--")) continue;
    if (tag !== undefined) {
      if (BLOCK.test(tag)) pendingBreak = true;
      continue;
    }
    const text = decodeEntities(whole).replace(/\s+/g, " ");
    if (text.trim() === "" && (pendingBreak || length === 0)) continue;
    push(length === 0 || pendingBreak ? text.trimStart() : text);
  }
  const text = out.join("").replace(/[ \t]+\n/g, "\n").trim();
  return text === "" ? "" : text + "\n";
}
