/**
 * A Jekyll `.html` post as the body of a post.md: one raw HTML block, so
 * that Markdown reads none of it. CommonMark ends an HTML block at a blank
 * line, so blank lines go: inside `<pre>` and `<textarea>`, where they show,
 * each becomes `&#10;` at the end of the line before.
 */

export function htmlAsMarkdown(html: string): string {
  const lines = html.replace(/\r\n?/g, "\n").replace(/^\n+|\n+$/g, "").split("\n");
  const out: string[] = [];
  let preformatted = 0;
  for (const line of lines) {
    if (line.trim() === "") {
      if (preformatted > 0 && out.length > 0) out[out.length - 1] += "&#10;";
      continue;
    }
    out.push(line);
    for (const m of line.matchAll(/<(\/?)(pre|textarea)\b/gi)) preformatted = Math.max(0, preformatted + (m[1] === "/" ? -1 : 1));
  }
  return `<div class="imported-html">\n${out.join("\n")}\n</div>\n`;
}
