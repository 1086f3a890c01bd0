/**
 * The benchmark corpus's fmt3 bodies as Markdown with a similar amount of
 * markup (a heading every four paragraphs, emphasis, inline code, links,
 * lists, a fenced C block every seven paragraphs, inline math every third
 * paragraph), for comparing the two formats on the same words.
 */

import { formatById, type RenderContext } from "../src/markup/formats.js";

const fmt3 = formatById("fmt3");
const context: RenderContext = {
  urls: { base: "https://blog.example", wiki: "https://wiki", bug: "https://bugs", photo: "https://photos" },
  readListing: () => ({ text: "int main(void) { return 0; }\n" }),
  titleLevel: 1,
};

/** A fmt3 body's text as Markdown with a similar amount of markup. */
export function asMarkdown(tex: string): string {
  const text = fmt3.render(tex, context, { html: false, text: true }).text ?? "";
  const paragraphs = text.split(/\n{2,}/).filter((p) => p.trim() !== "");
  const out: string[] = [];
  paragraphs.forEach((paragraph, i) => {
    if (i % 4 === 0) out.push(`## Section ${i / 4 + 1}`);
    const words = paragraph.replace(/\s+/g, " ").trim().split(" ");
    const marked = words.map((w, j) =>
      j % 12 === 5 ? `*${w}*` : j % 20 === 9 ? `\`${w}\`` : j % 30 === 17 ? `[${w}](https://example.org/${encodeURIComponent(w)})` : w.replace(/[\\`*_[\]<>$|~#&]/g, "\\$&"),
    );
    out.push(marked.join(" ") + (i % 3 === 1 ? " with $x^2 + y_i$ inline." : ""));
    if (i % 5 === 2) out.push("- first item\n- second **item**\n- third item");
    if (i % 7 === 3) out.push("```c\nint main(void) {\n  return 0;\n}\n```");
  });
  return out.join("\n\n") + "\n";
}
